import { findBackup } from '@herald/db';
import { z } from 'zod';
import {
  createBackup,
  getBackupView,
  listBackupViews,
  restoreBackup,
} from '../services/backups.ts';
import { contributorProcedure, router, viewerProcedure } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });

export const backupRouter = router({
  list: viewerProcedure
    .input(projectInput.extend({ environment: z.string().min(1).optional() }))
    .query(({ ctx, input }) => listBackupViews(ctx.herald, input.project, input.environment)),
  get: viewerProcedure
    .input(projectInput.extend({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getBackupView(ctx.herald, input.project, input.id)),
  create: contributorProcedure
    .input(projectInput.extend({ environment: z.string().min(1) }))
    .mutation(({ ctx, input }) =>
      createBackup(ctx.herald, ctx.runner, input.project, input.environment),
    ),
  restore: contributorProcedure
    .meta({
      // The environment restored into: the target, else the backup's own.
      environments: (input, herald, project) => {
        if (typeof input.target === 'string') return [input.target];
        const backup =
          typeof input.id === 'string' ? findBackup(herald.db, project, input.id) : undefined;
        return backup ? [backup.environment] : [];
      },
    })
    .input(
      projectInput.extend({
        id: z.string().min(1),
        target: z.string().min(1).optional(),
        restore_code: z.boolean().default(true),
      }),
    )
    .mutation(({ ctx, input }) =>
      restoreBackup(ctx.herald, ctx.runner, input.project, {
        backup: input.id,
        target: input.target,
        restoreCode: input.restore_code,
      }),
    ),
});
