import { z } from 'zod';
import { describeCallerAccess } from '../services/caller-access.ts';
import {
  createToken,
  describeCaller,
  listTokenViews,
  revokeApiToken,
  tokenCreateSchema,
} from '../services/tokens.ts';
import { installationAdminProcedure, router, tokenProcedure, viewerProcedure } from '../trpc.ts';

export const authRouter = router({
  /** The caller's own token and its role in each project it reaches. */
  whoami: tokenProcedure.query(({ ctx }) => describeCaller(ctx.herald, ctx.token)),
  /** The caller's effective role in one project and on each of its environments. */
  access: viewerProcedure
    .input(z.object({ project: z.string().min(1) }))
    .query(({ ctx }) => describeCallerAccess(ctx.herald, ctx.access)),
  token: router({
    create: installationAdminProcedure
      .input(tokenCreateSchema)
      .mutation(({ ctx, input }) => createToken(ctx.herald, ctx.runner, input)),
    list: installationAdminProcedure.query(({ ctx }) => listTokenViews(ctx.herald)),
    revoke: installationAdminProcedure
      .input(z.object({ id: z.string().min(1) }))
      .mutation(({ ctx, input }) => revokeApiToken(ctx.herald, input.id)),
  }),
});
