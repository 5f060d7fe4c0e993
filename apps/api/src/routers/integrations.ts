import { z } from 'zod';
import {
  createIntegration,
  listIntegrationViews,
  presentIntegration,
  requireIntegration,
} from '../services/integrations.ts';
import { authedProcedure, router } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });

export const integrationRouter = router({
  create: authedProcedure
    .input(
      projectInput.extend({
        type: z.string().min(1),
        settings: z.record(z.string(), z.unknown()),
      }),
    )
    .mutation(({ ctx, input }) => createIntegration(ctx.herald, input.project, input)),
  list: authedProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listIntegrationViews(ctx.herald, input.project)),
  get: authedProcedure
    .input(projectInput.extend({ id: z.string().min(1) }))
    .query(({ ctx, input }) =>
      presentIntegration(requireIntegration(ctx.herald, input.project, input.id)),
    ),
});
