import { findProject } from '@herald/db';
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
import {
  contributorProcedure,
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
});

export const environmentRouter = router({
  list: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listEnvironmentViews(ctx.herald, input.project)),
  branch: contributorProcedure
    .meta({
      // Branching acts on the parent: the project's default environment unless named.
      environments: (input, herald, project) => [
        typeof input.parent === 'string'
          ? input.parent
          : (findProject(herald.db, project)?.defaultBranch ?? ''),
      ],
    })
    .input(
      projectInput.extend({
        name: environmentNameSchema,
        parent: z.string().min(1).optional(),
        title: z.string().min(1).max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => branchEnvironment(ctx.herald, ctx.runner, input.project, input)),
});
