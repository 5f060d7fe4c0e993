import { routeCreateSchema, routeUpdateSchema } from '@herald/domain';
import { z } from 'zod';
import {
  createRoute,
  deleteRoute,
  getRouteView,
  listRouteViews,
  updateRoute,
} from '../services/routes.ts';
import { contributorProcedure, router, viewerProcedure } from '../trpc.ts';

const environmentInput = z.object({
  project: z.string().min(1),
  environment: z.string().min(1),
});
const routeInput = environmentInput.extend({ route: z.string().trim().min(1) });

export const routeRouter = router({
  list: viewerProcedure
    .input(environmentInput)
    .query(({ ctx, input }) => listRouteViews(ctx.herald, input.project, input.environment)),
  get: viewerProcedure
    .input(routeInput)
    .query(({ ctx, input }) =>
      getRouteView(ctx.herald, input.project, input.environment, input.route),
    ),
  create: contributorProcedure
    .input(environmentInput.extend(routeCreateSchema.shape))
    .mutation(({ ctx, input }) =>
      createRoute(ctx.herald, ctx.runner, input.project, input.environment, input),
    ),
  update: contributorProcedure
    .input(routeInput.extend(routeUpdateSchema.shape))
    .mutation(({ ctx, input }) =>
      updateRoute(ctx.herald, ctx.runner, input.project, input.environment, input),
    ),
  delete: contributorProcedure
    .input(routeInput)
    .mutation(({ ctx, input }) =>
      deleteRoute(ctx.herald, ctx.runner, input.project, input.environment, input.route),
    ),
});
