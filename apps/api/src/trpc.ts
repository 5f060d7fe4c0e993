import type { ApiTokenRow } from '@herald/db';
import { HeraldError, type HeraldErrorCode, toFieldIssues } from '@herald/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import type { ActivityRunner } from './services/activity-runner.ts';
import type { Herald } from './services/herald.ts';

export interface Context {
  herald: Herald;
  runner: ActivityRunner;
  token: ApiTokenRow | null;
}

const CODES: Record<HeraldErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
};

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const issues =
      cause instanceof HeraldError
        ? cause.issues
        : cause instanceof ZodError
          ? toFieldIssues(cause)
          : [];
    const message =
      cause instanceof ZodError
        ? `Invalid input: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`
        : shape.message;

    return { ...shape, message, data: { ...shape.data, stack: undefined, issues } };
  },
});

/** The one place where service errors become tRPC errors; the cause is kept. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof HeraldError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODES[cause.code], message: cause.message, cause });
  }

  return result;
});

const requireToken = t.middleware(({ ctx, next }) => {
  if (ctx.token === null) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'A valid API token is required: send "Authorization: Bearer <token>"',
    });
  }

  return next({ ctx: { ...ctx, token: ctx.token } });
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors);
export const authedProcedure = publicProcedure.use(requireToken);
