import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
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
   * API calls per token per minute, in bursts of up to as many; more are answered 429 with
   * Retry-After. 0 turns the limit off. The default leaves room for scripts and test suites.
   */
  HERALD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once at start-up; a wrong value stops the server with a clear message. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }

  return { ...parsed.data, HERALD_DATA_DIR: resolve(parsed.data.HERALD_DATA_DIR) };
}
