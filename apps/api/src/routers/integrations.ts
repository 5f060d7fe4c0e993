import { z } from 'zod';
import { getDeliveryView, listDeliveryViews, redeliver } from '../services/deliveries.ts';
import {
  createIntegration,
  deleteIntegration,
  listIntegrationViews,
  presentIntegration,
  requireIntegration,
  updateIntegration,
} from '../services/integrations.ts';
import { adminProcedure, router, viewerProcedure } from '../trpc.ts';

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
    .mutation(({ ctx, input }) => createIntegration(ctx.herald, input.project, input)),
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
    .mutation(({ ctx, input }) =>
      updateIntegration(ctx.herald, input.project, input.id, input.settings),
    ),
  delete: adminProcedure
    .input(integrationInput)
    .mutation(({ ctx, input }) => deleteIntegration(ctx.herald, input.project, input.id)),
  deliveries: viewerProcedure
    .input(
      integrationInput.extend({
        limit: z.number().int().min(1).max(500).default(20),
        statuses: z.array(z.enum(['pending', 'succeeded', 'failed'])).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      listDeliveryViews(ctx.herald, input.project, input.id, {
        limit: input.limit,
        ...(input.statuses ? { statuses: input.statuses } : {}),
      }),
    ),
  delivery: viewerProcedure
    .input(integrationInput.extend({ delivery: z.string().min(1) }))
    .query(({ ctx, input }) =>
      getDeliveryView(ctx.herald, input.project, input.id, input.delivery),
    ),
  redeliver: adminProcedure
    .input(integrationInput.extend({ delivery: z.string().min(1) }))
    .mutation(({ ctx, input }) => redeliver(ctx.herald, input.project, input.id, input.delivery)),
});
