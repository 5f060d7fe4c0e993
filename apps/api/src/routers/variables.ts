import { variableCreateSchema, variableNameSchema, variableUpdateSchema } from '@herald/domain';
import { z } from 'zod';
import {
  createVariable,
  deleteVariable,
  listVariableViews,
  presentVariable,
  requireVariable,
  updateVariable,
} from '../services/variables.ts';
import { contributorProcedure, router, viewerProcedure } from '../trpc.ts';

const environmentInput = z.object({
  project: z.string().min(1),
  environment: z.string().min(1),
});
const variableInput = environmentInput.extend({ name: variableNameSchema });

export const variableRouter = router({
  list: viewerProcedure
    .input(environmentInput)
    .query(({ ctx, input }) => listVariableViews(ctx.herald, input.project, input.environment)),
  get: viewerProcedure
    .input(variableInput)
    .query(({ ctx, input }) =>
      presentVariable(requireVariable(ctx.herald, input.project, input.environment, input.name)),
    ),
  create: contributorProcedure
    .input(environmentInput.extend({ variable: variableCreateSchema }))
    .mutation(({ ctx, input }) =>
      createVariable(ctx.herald, ctx.runner, input.project, input.environment, input.variable),
    ),
  update: contributorProcedure
    .input(variableInput.extend({ changes: variableUpdateSchema }))
    .mutation(({ ctx, input }) =>
      updateVariable(
        ctx.herald,
        ctx.runner,
        input.project,
        input.environment,
        input.name,
        input.changes,
      ),
    ),
  delete: contributorProcedure
    .input(variableInput)
    .mutation(({ ctx, input }) =>
      deleteVariable(ctx.herald, ctx.runner, input.project, input.environment, input.name),
    ),
});
