import { activityResultSchema, activityStateSchema } from '@herald/domain';
import { z } from 'zod';
import {
  getIntegrationActivity,
  listIntegrationActivities,
  readActivityLog,
} from '../services/integration-activities.ts';
import { checkIntegrationTargets } from '../services/integration-targets.ts';
import { validateIntegration } from '../services/integration-validation.ts';
import {
  createIntegration,
  deleteIntegration,
  listIntegrationViews,
  presentIntegration,
  requireIntegration,
  updateIntegration,
} from '../services/integrations.ts';
import { adminProcedure, router, viewerProcedure } from '../trpc.ts';
import { deliveryProcedures } from './deliveries.ts';

const projectInput = z.object({ project: z.string().min(1) });
const integrationInput = projectInput.extend({ id: z.string().min(1) });

export const integrationRouter = router({
  create: adminProcedure
    .input(
      projectInput.extend({
        type: z.string().min(1),
        settings: z.record(z.string(), z.unknown()),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const warnings = await checkIntegrationTargets(ctx.herald, input.type, input.settings);
      return { ...createIntegration(ctx.herald, input.project, input), warnings };
    }),
  list: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listIntegrationViews(ctx.herald, input.project)),
  get: viewerProcedure
    .input(integrationInput)
    .query(({ ctx, input }) =>
      presentIntegration(ctx.herald, requireIntegration(ctx.herald, input.project, input.id)),
    ),
  update: adminProcedure
    .input(integrationInput.extend({ settings: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      const { type } = requireIntegration(ctx.herald, input.project, input.id);
      const warnings = await checkIntegrationTargets(ctx.herald, type, input.settings);
      return {
        ...updateIntegration(ctx.herald, input.project, input.id, input.settings),
        warnings,
      };
    }),
  delete: adminProcedure
    .input(integrationInput)
    .mutation(({ ctx, input }) => deleteIntegration(ctx.herald, input.project, input.id)),
  ...deliveryProcedures,
  /** A mutation, for admins: checking a webhook sends a signed request to its URL. */
  validate: adminProcedure
    .input(integrationInput)
    .mutation(({ ctx, input }) => validateIntegration(ctx.herald, input.project, input.id)),
  activities: viewerProcedure
    .input(
      integrationInput.extend({
        types: z.array(z.string().min(1)).optional(),
        exclude_types: z.array(z.string().min(1)).optional(),
        states: z.array(activityStateSchema).optional(),
        result: activityResultSchema.optional(),
        incomplete: z.boolean().optional(),
        before: z.iso.datetime().optional(),
        limit: z.number().int().min(1).max(1000).default(10),
      }),
    )
    .query(({ ctx, input }) => {
      const { project, id, ...filters } = input;
      return listIntegrationActivities(ctx.herald, project, id, filters);
    }),
  /** One of the integration's activities by id or unique prefix; the latest without one. */
  activity: viewerProcedure
    .input(integrationInput.extend({ activity: z.string().min(1).optional() }))
    .query(({ ctx, input }) =>
      getIntegrationActivity(ctx.herald, input.project, input.id, input.activity),
    ),
  activityLog: viewerProcedure
    .input(
      integrationInput.extend({
        activity: z.string().min(1).optional(),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(({ ctx, input }) =>
      readActivityLog(ctx.herald, input.project, input.id, input.activity, input.offset),
    ),
});
