import { planSchema } from '@herald/domain';
import { z } from 'zod';
import {
  createProject,
  deleteProject,
  listProjectViews,
  presentProject,
  projectCreateSchema,
  requireProject,
  updatePlan,
} from '../services/projects.ts';
import {
  adminProcedure,
  installationAdminProcedure,
  router,
  tokenProcedure,
  viewerProcedure,
} from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });

export const projectRouter = router({
  create: installationAdminProcedure
    .input(projectCreateSchema)
    .mutation(({ ctx, input }) => createProject(ctx.herald, ctx.runner, input)),
  /** The projects the token reaches. */
  list: tokenProcedure.query(({ ctx }) => listProjectViews(ctx.herald, ctx.token)),
  get: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => presentProject(requireProject(ctx.herald, input.project))),
  /** Nothing short of `confirm: true` deletes: a stray call with the project alone must not. */
  delete: installationAdminProcedure
    .input(
      projectInput.extend({
        confirm: z.literal(true, { error: 'deleting a project needs confirm: true' }),
      }),
    )
    .mutation(({ ctx, input }) => deleteProject(ctx.herald, input.project)),
  /** The plan: `environment.subscription.update` on the production environment. */
  updatePlan: adminProcedure
    .input(projectInput.extend({ plan: planSchema }))
    .mutation(({ ctx, input }) => updatePlan(ctx.herald, ctx.runner, input.project, input.plan)),
});
