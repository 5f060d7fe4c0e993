import { z } from 'zod';
import {
  getDeliveryView,
  listDeliveryViews,
  redeliver,
  redeliverFailedSince,
} from '../services/deliveries.ts';
import { rotateSigningSecret } from '../services/secret-rotation.ts';
import { adminProcedure, viewerProcedure } from '../trpc.ts';

const integrationInput = z.object({ project: z.string().min(1), id: z.string().min(1) });

/** The delivery log, redelivery and signing secrets of one integration: part of `integration`. */
export const deliveryProcedures = {
  deliveries: viewerProcedure
    .input(
      integrationInput.extend({
        limit: z.number().int().min(1).max(500).default(20),
        statuses: z.array(z.enum(['pending', 'succeeded', 'failed'])).optional(),
        /** Paging: deliveries older than this delivery id. */
        before: z.string().min(1).optional(),
        /** Paging back: the deliveries just newer than this delivery id. */
        after: z.string().min(1).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      listDeliveryViews(ctx.herald, input.project, input.id, {
        limit: input.limit,
        ...(input.statuses ? { statuses: input.statuses } : {}),
        before: input.before,
        after: input.after,
      }),
    ),
  /** `delivery`: a delivery's id (its webhook-id) or its integration.webhook activity's id. */
  delivery: viewerProcedure
    .input(integrationInput.extend({ delivery: z.string().min(1) }))
    .query(({ ctx, input }) =>
      getDeliveryView(ctx.herald, input.project, input.id, input.delivery),
    ),
  redeliver: adminProcedure
    .input(integrationInput.extend({ delivery: z.string().min(1) }))
    .mutation(({ ctx, input }) => redeliver(ctx.herald, input.project, input.id, input.delivery)),
  redeliverFailed: adminProcedure
    .input(integrationInput.extend({ since: z.iso.datetime({ offset: true }) }))
    .mutation(({ ctx, input }) =>
      redeliverFailedSince(ctx.herald, input.project, input.id, input.since),
    ),
  rotateSecret: adminProcedure
    .input(integrationInput.extend({ secret: z.string().optional() }))
    .mutation(({ ctx, input }) =>
      rotateSigningSecret(ctx.herald, input.project, input.id, { secret: input.secret }),
    ),
};
