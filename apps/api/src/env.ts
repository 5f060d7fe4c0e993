import { resolve } from 'node:path';
import { formatDuration, parseDuration } from '@herald/domain';
import { z } from 'zod';
import { parseAddressPolicy } from './services/outbound/address-policy.ts';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 15s or 2m` });
        return z.NEVER;
      }
      return ms;
    });

const envSchema = z
  .object({
    HERALD_API_HOST: z.string().min(1).default('127.0.0.1'),
    HERALD_API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HERALD_DATA_DIR: z.string().min(1).default('./data'),
    HERALD_LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** The address people and providers use to reach the API, for hook URLs. */
    HERALD_PUBLIC_URL: z.url().optional(),
    HERALD_DISPATCHER: z.enum(['on', 'off']).default('on'),
    /** The largest request body, tRPC and plain routes alike; a larger one is answered 413. */
    HERALD_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(2 * 1024 * 1024),
    /**
     * The largest body of a `git push` to a project's remote: packs are far larger than API
     * calls, so they have a limit of their own. A larger push is answered 413.
     */
    HERALD_MAX_GIT_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(512 * 1024 * 1024),
    /**
     * API calls per token per minute, in bursts of up to as many; more are answered 429 with
     * Retry-After. 0 turns the limit off. The default leaves room for scripts and test suites.
     */
    HERALD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
    /**
     * Signed provider hooks per integration per minute, counted apart from API calls so that
     * one busy repository cannot use up another's. 0 turns the limit off.
     */
    HERALD_HOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    /** CIDR ranges deliveries may reach although they are private, e.g. `10.20.0.0/16`. */
    HERALD_OUTBOUND_ALLOW: z
      .string()
      .default('')
      .transform((text, ctx) => {
        try {
          return parseAddressPolicy(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    HERALD_OUTBOUND_CONNECT_TIMEOUT: duration('5s'),
    /** The whole request, connect to last byte. */
    HERALD_OUTBOUND_TIMEOUT: duration('15s'),
    /** The waits between attempts, after the first: one attempt more than there are steps. */
    HERALD_RETRY_SCHEDULE: z
      .string()
      .default('5s,5m,30m,2h,5h,10h,10h')
      .transform((text, ctx) => {
        const steps = text.split(',').map((step) => step.trim());
        const waits = steps.map(parseDuration);
        const wrong = steps.find((_, index) => waits[index] === null);
        if (wrong !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `"${wrong}" is not a duration; write the waits like 5s,5m,30m,2h`,
          });
          return z.NEVER;
        }
        return waits as number[];
      }),
    HERALD_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
    HERALD_DISPATCH_PER_INTEGRATION: z.coerce.number().int().min(1).max(1024).default(8),
    HERALD_DISPATCH_LEASE: duration('60s'),
    /** The standalone dispatcher serves /healthz and /metrics here when set. */
    HERALD_DISPATCHER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** Where health e-mails go out, e.g. smtp://user:pass@mail.example.com:587. */
    HERALD_SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    /** The sender of health e-mails whose integration gives no from_address. */
    HERALD_SMTP_FROM: z.string().min(3).default('Herald <herald@localhost>'),
    HERALD_SLACK_API_URL: z.url().default('https://slack.com/api'),
    HERALD_PAGERDUTY_API_URL: z.url().default('https://events.pagerduty.com'),
    /** Where child processes (git) are looked up; nothing else of this environment reaches them. */
    PATH: z.string().min(1).default('/usr/local/bin:/usr/bin:/bin'),
  })
  .superRefine((env, ctx) => {
    if (env.HERALD_DISPATCH_LEASE < 2 * env.HERALD_OUTBOUND_TIMEOUT) {
      ctx.addIssue({
        code: 'custom',
        path: ['HERALD_DISPATCH_LEASE'],
        message:
          `must be at least twice HERALD_OUTBOUND_TIMEOUT ` +
          `(${formatDuration(env.HERALD_OUTBOUND_TIMEOUT)}), or slow sends would be sent twice`,
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once at start-up; a wrong value stops the server with a clear message. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }

  // pnpm runs a package's script in the package's folder; a relative data directory means the
  // folder the operator ran pnpm in (INIT_CWD), so `pnpm start` at the root keeps `./data` there.
  const base = source.INIT_CWD ?? process.cwd();
  return { ...parsed.data, HERALD_DATA_DIR: resolve(base, parsed.data.HERALD_DATA_DIR) };
}
