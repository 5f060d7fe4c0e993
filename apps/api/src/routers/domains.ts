import { z } from 'zod';
import {
  addDomain,
  deleteDomain,
  getDomainView,
  listDomainViews,
  updateDomain,
} from '../services/domains.ts';
import { adminProcedure, router, viewerProcedure } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });
// Host names are validated by the service, which names the field and what is wrong.
const domainInput = projectInput.extend({ name: z.string().min(1).max(300) });

export const domainRouter = router({
  list: viewerProcedure
    .input(projectInput)
    .query(({ ctx, input }) => listDomainViews(ctx.herald, input.project)),
  get: viewerProcedure
    .input(domainInput)
    .query(({ ctx, input }) => getDomainView(ctx.herald, input.project, input.name)),
  add: adminProcedure
    .input(domainInput.extend({ is_default: z.boolean().optional() }))
    .mutation(({ ctx, input }) => addDomain(ctx.herald, ctx.runner, input.project, input)),
  update: adminProcedure
    .input(domainInput.extend({ is_default: z.boolean() }))
    .mutation(({ ctx, input }) => updateDomain(ctx.herald, ctx.runner, input.project, input)),
  delete: adminProcedure
    .input(domainInput)
    .mutation(({ ctx, input }) => deleteDomain(ctx.herald, ctx.runner, input.project, input.name)),
});
