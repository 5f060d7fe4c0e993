import type { ApiTokenRow } from '@herald/db';
import { HeraldError, type HeraldErrorCode, type ProjectRole, toFieldIssues } from '@herald/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import {
  type Access,
  describeToken,
  type EnvironmentTarget,
  isInstallationAdmin,
  type ProjectAccess,
  requireEnvironmentRoles,
  requireProjectRole,
} from './services/access.ts';
import type { ActivityRunner } from './services/activity-runner.ts';
import type { Herald } from './services/herald.ts';
import { callerKey, RateLimitedError, type RateLimiter } from './services/rate-limit.ts';

export interface Context {
  herald: Herald;
  runner: ActivityRunner;
  /** The request's active token, or null when it sent none (or a revoked or unknown one). */
  token: ApiTokenRow | null;
  /** Calls are counted per token; calls without one per client address. */
  limiter: RateLimiter;
  clientAddress: string;
}

/** Raw input as it arrived, before a procedure's schema has checked it. */
type RawInput = Record<string, unknown>;

export interface ProcedureMeta {
  /** What the caller needs; set by the builders below and checked by the access tests. */
  access?: Access;
  /**
   * The environments a contributor call acts on, from its raw input. By default the string
   * `environment` or the list `environments`; neither means the call reaches the whole
   * project. A procedure whose input names its environment otherwise says so here.
   */
  environments?: (input: RawInput, herald: Herald, project: string) => EnvironmentTarget;
}

export { RateLimitedError } from './services/rate-limit.ts';

const CODES: Record<HeraldErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
};

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Subscriptions go out as server-sent events: a ping keeps idle proxies from closing the
    // stream, and a stream ends after 10 minutes so that a forgotten tab does not hold a
    // connection for ever (the client reconnects from the last event it saw).
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      maxDurationMs: 10 * 60_000,
      client: { reconnectAfterInactivityMs: 20_000 },
    },
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
          : error.code === 'PAYLOAD_TOO_LARGE'
            ? 'The request body is larger than the server accepts (HERALD_MAX_BODY_BYTES)'
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

const limitRate = t.middleware(({ ctx, next }) => {
  const decision = ctx.limiter.take(callerKey(ctx.token?.id ?? null, ctx.clientAddress));
  if (!decision.allowed) {
    const cause = new RateLimitedError(decision.retryAfterSeconds);
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: cause.message, cause });
  }

  return next();
});

const requireToken = t.middleware(({ ctx, next }) => {
  if (ctx.token === null) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message:
        'A valid API token is required: send "Authorization: Bearer <token>" ' +
        '(the CLI reads HERALD_TOKEN); a revoked token no longer works',
    });
  }

  return next({ ctx: { ...ctx, token: ctx.token } });
});

/** Never exported: every procedure goes through one of the builders that state a role. */
const base = t.procedure.use(mapErrors).use(limitRate).use(requireToken);

/** Any valid token; the procedure itself shows only what the token may see. */
export const tokenProcedure = base.meta({ access: 'token' });

/** Only the installation's admin tokens: tokens and projects of the whole installation. */
export const installationAdminProcedure = base
  .meta({ access: 'installation-admin' })
  .use(({ ctx, next }) => {
    if (!isInstallationAdmin(ctx.token)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `This needs an installation admin token; ${describeToken(ctx.token)} is not one`,
      });
    }

    return next();
  });

function defaultEnvironments(input: RawInput): EnvironmentTarget {
  if (typeof input.environment === 'string') return [input.environment];
  if (Array.isArray(input.environments) && input.environments.length > 0) {
    return input.environments.filter((name): name is string => typeof name === 'string');
  }

  return 'project';
}

/**
 * A procedure on the project named by `input.project`, for callers holding at least `role`
 * there; a contributor's roles per environment are checked against the environments the call
 * acts on. The procedure gets the caller's standing as `ctx.access`.
 */
function projectProcedure(role: ProjectRole) {
  return base.meta({ access: role }).use(async ({ ctx, next, getRawInput, meta }) => {
    const raw = await getRawInput();
    const input = (typeof raw === 'object' && raw !== null ? raw : {}) as RawInput;
    if (typeof input.project !== 'string' || input.project === '') {
      throw new HeraldError('INVALID', 'Invalid input: project: a project ID is required', {
        issues: [{ field: 'project', message: 'a project ID is required' }],
      });
    }

    const access: ProjectAccess = requireProjectRole(ctx.herald, ctx.token, input.project, role);
    if (role === 'contributor') {
      const target = (meta?.environments ?? defaultEnvironments)(input, ctx.herald, input.project);
      requireEnvironmentRoles(ctx.herald, access, target, role);
    }

    return next({ ctx: { ...ctx, access } });
  });
}

/** Reads a project: every member. */
export const viewerProcedure = projectProcedure('viewer');
/** Changes environments, variables, backups, routes and activities. */
export const contributorProcedure = projectProcedure('contributor');
/** Changes integrations and users: the project's admins. */
export const adminProcedure = projectProcedure('admin');

export const router = t.router;
