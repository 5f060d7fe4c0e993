import { findActivity, listActivities } from '@herald/db';
import { activityReportSchema, activityResultSchema, activityStateSchema } from '@herald/domain';
import { z } from 'zod';
import {
  cancelActivity,
  getActivity,
  moveActivity,
  reportActivity,
} from '../services/activities.ts';
import { readActivityCursors } from '../services/paging.ts';
import { requireProject } from '../services/projects.ts';
import { contributorProcedure, router, viewerProcedure } from '../trpc.ts';
import { activityChangeProcedures } from './activity-changes.ts';

const projectInput = z.object({ project: z.string().min(1) });

export const activityRouter = router({
  /** For a deploy pipeline: record an activity of its own, in any starting state. */
  report: contributorProcedure
    .input(projectInput.extend(activityReportSchema.shape))
    .mutation(({ ctx, input }) => {
      requireProject(ctx.herald, input.project);
      return reportActivity(ctx.herald, input.project, input);
    }),
  /** Moves a reported activity to its next state. */
  transition: contributorProcedure
    .meta({
      // The environments of the activity being moved, not of the input.
      environments: (input, herald, project) =>
        typeof input.id === 'string'
          ? (findActivity(herald.db, project, input.id)?.environments ?? [])
          : [],
    })
    .input(
      projectInput.extend({
        id: z.string().min(1),
        state: activityStateSchema,
        result: activityResultSchema.optional(),
        log: z.string().optional(),
        completion_percent: z.number().int().min(0).max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      moveActivity(ctx.herald, input.project, input.id, {
        state: input.state,
        ...(input.result ? { result: input.result } : {}),
        ...(input.log ? { log: input.log } : {}),
        ...(input.completion_percent !== undefined
          ? { completionPercent: input.completion_percent }
          : {}),
      }),
    ),
  ...activityChangeProcedures,
  get: viewerProcedure
    .input(projectInput.extend({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getActivity(ctx.herald, input.project, input.id)),
  list: viewerProcedure
    .input(
      projectInput.extend({
        integration: z.string().min(1).optional(),
        environment: z.string().min(1).optional(),
        types: z.array(z.string().min(1)).optional(),
        states: z.array(activityStateSchema).optional(),
        /** Activities whose ID starts with this, integrations' own included. */
        id_prefix: z.string().min(1).optional(),
        limit: z.number().int().min(1).max(1000).default(10),
        /** Paging: activities older than this activity id. */
        before: z.string().min(1).optional(),
        /** Paging back: the activities just newer than this activity id. */
        after: z.string().min(1).optional(),
      }),
    )
    .query(({ ctx, input }) => {
      requireProject(ctx.herald, input.project);
      return listActivities(ctx.herald.db, {
        projectId: input.project,
        // A shortened ID may name any activity of the project: activity:get reads them all.
        integrationId: input.integration ?? (input.id_prefix ? undefined : null),
        ...(input.id_prefix ? { idPrefix: input.id_prefix } : {}),
        limit: input.limit,
        ...readActivityCursors(ctx.herald, input.project, input),
        ...(input.environment ? { environment: input.environment } : {}),
        ...(input.types ? { types: input.types } : {}),
        ...(input.states ? { states: input.states } : {}),
      });
    }),
  /** Cancels a pending platform activity before its turn comes. */
  cancel: contributorProcedure
    .meta({
      environments: (input, herald, project) =>
        typeof input.id === 'string'
          ? (findActivity(herald.db, project, input.id)?.environments ?? [])
          : [],
    })
    .input(projectInput.extend({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) =>
      cancelActivity(ctx.herald, input.project, input.id, ctx.token.name),
    ),
});
