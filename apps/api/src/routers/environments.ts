import { findEnvironment, findProject } from '@herald/db';
import { environmentNameSchema, httpAccessUpdateSchema } from '@herald/domain';
import { z } from 'zod';
import {
  activateEnvironment,
  branchEnvironment,
  deactivateEnvironment,
  deleteEnvironment,
  getEnvironmentView,
  initializeEnvironment,
  listEnvironmentViews,
  mergeEnvironment,
  synchronizeEnvironment,
  updateEnvironmentSetting,
  updateHttpAccess,
} from '../services/environments.ts';
import type { Herald } from '../services/herald.ts';
import { contributorProcedure, router, viewerProcedure } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });
const environmentInput = projectInput.extend({ environment: z.string().min(1) });

/** The project's default environment: where `branch` and `initialize` act unless told. */
function defaultEnvironment(herald: Herald, project: string): string {
  return findProject(herald.db, project)?.defaultBranch ?? '';
}

export const environmentRouter = router({
  list: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listEnvironmentViews(ctx.herald, input.project)),
  get: viewerProcedure
    .input(environmentInput)
    .query(({ ctx, input }) => getEnvironmentView(ctx.herald, input.project, input.environment)),
  branch: contributorProcedure
    .meta({
      // Branching acts on the parent: the project's default environment unless named.
      environments: (input, herald, project) => [
        typeof input.parent === 'string' ? input.parent : defaultEnvironment(herald, project),
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
  initialize: contributorProcedure
    .meta({ environments: (_input, herald, project) => [defaultEnvironment(herald, project)] })
    .input(projectInput)
    .mutation(({ ctx, input }) => initializeEnvironment(ctx.herald, ctx.runner, input.project)),
  activate: contributorProcedure
    .input(environmentInput)
    .mutation(({ ctx, input }) =>
      activateEnvironment(ctx.herald, ctx.runner, input.project, input.environment),
    ),
  deactivate: contributorProcedure
    .input(environmentInput)
    .mutation(({ ctx, input }) =>
      deactivateEnvironment(ctx.herald, ctx.runner, input.project, input.environment),
    ),
  delete: contributorProcedure
    .input(environmentInput.extend({ keep_branch: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      deleteEnvironment(ctx.herald, ctx.runner, input.project, input.environment, {
        keepBranch: input.keep_branch,
      }),
    ),
  merge: contributorProcedure
    .meta({
      // A merge changes the parent's code: both environments must be the caller's to change.
      environments: (input, herald, project) => {
        if (typeof input.environment !== 'string') return [];
        const parent = findEnvironment(herald.db, project, input.environment)?.parent;
        return parent ? [input.environment, parent] : [input.environment];
      },
    })
    .input(environmentInput)
    .mutation(({ ctx, input }) =>
      mergeEnvironment(ctx.herald, ctx.runner, input.project, input.environment),
    ),
  synchronize: contributorProcedure
    .input(environmentInput.extend({ code: z.boolean(), data: z.boolean() }))
    .mutation(({ ctx, input }) =>
      synchronizeEnvironment(ctx.herald, ctx.runner, input.project, input.environment, input),
    ),
  httpAccess: contributorProcedure
    .input(environmentInput.extend(httpAccessUpdateSchema.shape))
    .mutation(({ ctx, input }) => {
      const { project, environment, ...update } = input;
      return updateHttpAccess(ctx.herald, ctx.runner, project, environment, update);
    }),
  setting: contributorProcedure
    .input(
      environmentInput.extend({
        setting: z.enum(['restrict_robots', 'enable_smtp']),
        value: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) =>
      updateEnvironmentSetting(
        ctx.herald,
        ctx.runner,
        input.project,
        input.environment,
        input.setting,
        input.value,
      ),
    ),
});
