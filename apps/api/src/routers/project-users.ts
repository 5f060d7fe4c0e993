import { environmentRolesSchema, projectRoleSchema, projectUserSchema } from '@herald/domain';
import { z } from 'zod';
import {
  addProjectUser,
  deleteProjectUser,
  getProjectUserView,
  listProjectUserViews,
  updateProjectUser,
} from '../services/project-users.ts';
import { adminProcedure, router, viewerProcedure } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });
const userInput = projectInput.extend({ user: projectUserSchema });

/** People and their roles (`user:*`); their API tokens are the auth router's. */
export const projectUserRouter = router({
  list: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listProjectUserViews(ctx.herald, input.project)),
  get: viewerProcedure
    .input(userInput)
    .query(({ ctx, input }) => getProjectUserView(ctx.herald, input.project, input.user)),
  add: adminProcedure
    .input(
      userInput.extend({
        role: projectRoleSchema.default('viewer'),
        environment_roles: environmentRolesSchema.default({}),
      }),
    )
    .mutation(({ ctx, input }) => addProjectUser(ctx.herald, ctx.runner, input.project, input)),
  update: adminProcedure
    .input(
      userInput.extend({
        role: projectRoleSchema.optional(),
        environment_roles: z
          .record(z.string().min(1).max(128), z.union([projectRoleSchema, z.literal('none')]))
          .default({}),
      }),
    )
    .mutation(({ ctx, input }) => updateProjectUser(ctx.herald, ctx.runner, input.project, input)),
  delete: adminProcedure
    .input(userInput)
    .mutation(({ ctx, input }) =>
      deleteProjectUser(ctx.herald, ctx.runner, input.project, input.user),
    ),
});
