import { healthReportFieldsSchema } from '@herald/domain';
import { z } from 'zod';
import { listHealthViews, reportHealth } from '../services/health.ts';
import { contributorProcedure, router, viewerProcedure } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });

export const healthRouter = router({
  /**
   * For a monitoring agent: one reading of disk or inodes of a service in an environment. It
   * reports about that environment, like a deploy pipeline's activities: contributor there.
   */
  report: contributorProcedure
    .input(projectInput.extend(healthReportFieldsSchema.shape))
    .mutation(({ ctx, input }) => {
      const { project, ...report } = input;
      return reportHealth(ctx.herald, project, report);
    }),
  /** The current state of every metric reported in the project. */
  list: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listHealthViews(ctx.herald, input.project)),
});
