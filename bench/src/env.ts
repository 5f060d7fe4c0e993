import { z } from 'zod';

const integer = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Sizes and switches of `pnpm bench`, from BENCH_* variables. The defaults keep one full run
 * under about 15 minutes on the 2-core machine the project runs on.
 */
const benchEnvSchema = z.object({
  /** Runs of each figure; the report shows their median and spread. */
  BENCH_RUNS: integer(3),
  /** Matching webhooks per activity in the end-to-end benchmarks. */
  BENCH_WEBHOOKS: integer(5),
  /**
   * In-flight POSTs, the same for Herald and the bare loop: 40 is what Herald's defaults allow
   * toward 5 webhooks (8 per integration). Herald gets it as HERALD_DISPATCH_CONCURRENCY, and
   * HERALD_DISPATCH_PER_INTEGRATION = ceil(BENCH_CONCURRENCY / BENCH_WEBHOOKS).
   */
  BENCH_CONCURRENCY: integer(40),
  BENCH_THROUGHPUT_DELIVERIES: integer(5_000),
  /** Activities per second for the latency figures, at most half the highest steady rate. */
  BENCH_LATENCY_RATE: integer(40),
  BENCH_LATENCY_SECONDS: integer(10),
  /** Offered activities per second tried, in order, when looking for the highest steady rate. */
  BENCH_RATES: z
    .string()
    .default('10,25,50,100,200,400,800,1200,2000')
    .transform((text) => text.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().positive()).min(1)),
  BENCH_STEP_SECONDS: integer(8),
  BENCH_MATCH_ACTIVITIES: integer(1_000),
  BENCH_MATCH_INTEGRATIONS: integer(1_000),
  BENCH_FANOUT: integer(1_000),
  BENCH_BACKLOG: integer(1_000_000),
  BENCH_DRAIN_SECONDS: integer(20),
  BENCH_START_RUNS: integer(3),
  /** Runs the API under a profiler; the profiles land in bench/profiles/. */
  BENCH_PROFILE: z.enum(['off', 'cpu', 'heap']).default('off'),
  /** Comma-separated subset of start,matching,throughput,latency,memory. */
  BENCH_ONLY: z.string().optional(),
  /** Where the result file goes; `none` prints only. */
  BENCH_RESULTS: z.string().default('results'),
});

export type BenchEnv = z.infer<typeof benchEnvSchema>;

export function readBenchEnv(source: NodeJS.ProcessEnv = process.env): BenchEnv {
  const parsed = benchEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid benchmark settings:\n${lines.join('\n')}`);
  }

  return parsed.data;
}

/** The environment handed to the processes a benchmark starts (PATH, HOME, …). */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/** Herald's dispatcher limits that give it the same concurrency as the bare loop. */
export function dispatcherEnv(env: BenchEnv): Record<string, string> {
  return {
    HERALD_DISPATCH_CONCURRENCY: String(env.BENCH_CONCURRENCY),
    HERALD_DISPATCH_PER_INTEGRATION: String(Math.ceil(env.BENCH_CONCURRENCY / env.BENCH_WEBHOOKS)),
  };
}
