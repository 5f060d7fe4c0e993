import { environmentNameSchema } from '@herald/domain';
import { z } from 'zod';
import { branchEnvironment, listEnvironmentViews } from '../services/environments.ts';
import {
  createProject,
  listProjectViews,
  presentProject,
  projectCreateSchema,
  requireProject,
} from '../services/projects.ts';
import { authedProcedure, router } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });

export const projectRouter = router({
  create: authedProcedure
    .input(projectCreateSchema)
    .mutation(({ ctx, input }) => createProject(ctx.herald, ctx.runner, input)),
  list: authedProcedure.query(({ ctx }) => listProjectViews(ctx.herald)),
  get: authedProcedure
    .input(projectInput)
    .query(({ ctx, input }) => presentProject(requireProject(ctx.herald, input.project))),
});

export const environmentRouter = router({
  list: authedProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listEnvironmentViews(ctx.herald, input.project)),
  branch: authedProcedure
    .input(
      projectInput.extend({
        name: environmentNameSchema,
        parent: z.string().min(1).optional(),
        title: z.string().min(1).max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => branchEnvironment(ctx.herald, ctx.runner, input.project, input)),
});
