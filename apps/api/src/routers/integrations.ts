import { z } from 'zod';
import { checkIntegrationTargets } from '../services/integration-targets.ts';
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
});
