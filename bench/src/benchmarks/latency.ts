import { runBareOpenLoop } from '../bare-loop.ts';
import type { BenchEnv } from '../env.ts';
import {
  type HeraldStack,
  offerActivities,
  startHeraldStack,
  waitForReceived,
} from '../herald-stack.ts';
import { readLoad } from '../machine.ts';
import type { BenchmarkResult } from '../report.ts';
import { percentile, ratio, round, slope, sortNumbers, summarize } from '../stats.ts';

interface LatencyRun {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface RateStep {
  activities_per_second: number;
  deliveries_per_second: number;
  /** Backlog growth over the second half of the step, in deliveries per second. */
  backlog_slope: number;
  max_backlog: number;
  received_per_second: number;
  p99_ms: number;
  steady: boolean;
  why?: string;
}

/**
 * Completion → receiver's first byte at a steady offered rate, beside the bare loop's round
 * trip at the same rate; then the highest offered rate at which the backlog stays flat.
 */
export async function benchmarkLatency(env: BenchEnv): Promise<BenchmarkResult> {
  const started = performance.now();
  const load = readLoad();
  const stack = await startHeraldStack(env, 'latency');
  try {
    const seconds = env.BENCH_LATENCY_SECONDS;
    await runHerald(stack, Math.min(env.BENCH_LATENCY_RATE, env.BENCH_RATES[0]!), 2);
    const bodies = stack.reader.bodies(1_000);

    // The search first: latency is then taken at half the highest steady rate at most, so it
    // measures a path that keeps up rather than a queue that grows.
    const steps = await searchSteadyRate(stack, env);
    const steady = steps.filter((step) => step.steady).at(-1);
    const perSecond = Math.max(
      1,
      Math.min(
        env.BENCH_LATENCY_RATE,
        Math.floor((steady?.activities_per_second ?? env.BENCH_RATES[0]!) / 2),
      ),
    );

    const herald: LatencyRun[] = [];
    const bareFirstByte: LatencyRun[] = [];
    const bareRoundTrip: LatencyRun[] = [];
    for (let run = 0; run < env.BENCH_RUNS; run += 1) {
      herald.push(await runHerald(stack, perSecond, seconds));
      await stack.receiver.reset({ latency: true });
      const result = await runBareOpenLoop(
        stack.receiver.url,
        bodies,
        perSecond * stack.webhooks,
        seconds,
      );
      bareRoundTrip.push(describe(result.roundTripsMs));
      bareFirstByte.push(
        describe(sortNumbers((await stack.receiver.stats({ latencies: true })).latenciesMs)),
      );
    }

    const bareTop = await runBareAtRate(
      stack,
      bodies,
      env.BENCH_RATES.at(-1)! * stack.webhooks,
      env.BENCH_STEP_SECONDS,
    );

    const p99 = summarize(herald.map((run) => run.p99));
    const bareP99 = summarize(bareRoundTrip.map((run) => run.p99));
    const p99Limit = round(2 * bareP99.median + 5, 2);
    const targetRate = 2_000;
    const targetStep = steps.find((step) => step.activities_per_second === targetRate);

    return {
      name: 'latency',
      figures: [
        {
          name: `p50 at ${perSecond}/s x ${stack.webhooks} (bare: first byte)`,
          unit: 'ms',
          better: 'lower',
          herald: summarize(herald.map((run) => run.p50)),
          bare: summarize(bareFirstByte.map((run) => run.p50)),
          ratio: ratio(median(herald, 'p50'), median(bareFirstByte, 'p50')),
        },
        {
          name: `p99 at ${perSecond}/s x ${stack.webhooks} (bare: round trip)`,
          unit: 'ms',
          better: 'lower',
          herald: p99,
          bare: bareP99,
          ratio: ratio(p99.median, bareP99.median),
        },
        {
          name: 'bare p50 round trip',
          unit: 'ms',
          better: 'lower',
          herald: summarize([]),
          bare: summarize(bareRoundTrip.map((run) => run.p50)),
        },
        {
          name: `highest steady rate (activities/s x ${stack.webhooks})`,
          unit: 'activities/s',
          better: 'higher',
          herald: summarize([steady?.activities_per_second ?? 0]),
          bare: summarize([bareTop.steady ? bareTop.activities_per_second : 0]),
        },
      ],
      targets: [
        {
          name: 'p99 latency',
          goal: `<= 2 x bare p99 + 5 ms = ${p99Limit} ms`,
          value: round(p99.median, 2),
          unit: 'ms',
          met: p99.median <= p99Limit,
        },
        {
          name: 'steady at 2,000 activities/s x 5 webhooks',
          goal: 'backlog does not grow',
          value: steady?.activities_per_second ?? 0,
          unit: 'activities/s steady at most',
          met: targetStep?.steady === true && stack.webhooks >= 5,
        },
      ],
      load: { before: load, after: readLoad() },
      seconds: (performance.now() - started) / 1000,
      details: {
        webhooks: stack.webhooks,
        latency_rate: perSecond,
        latency_seconds: seconds,
        herald_runs: herald,
        bare_first_byte_runs: bareFirstByte,
        bare_round_trip_runs: bareRoundTrip,
        rate_steps: steps,
        bare_at_top_rate: bareTop,
      },
      notes: [
        "herald latency: the receiver's arrival time minus the activity's completed_at " +
          '(ms precision)',
        `the rate search is one pass: each step ${env.BENCH_STEP_SECONDS} s, stopping ` +
          `at the first rate that is not steady`,
      ],
    };
  } finally {
    await stack.stop();
  }
}

function median(runs: LatencyRun[], key: 'p50' | 'p99'): number {
  return summarize(runs.map((run) => run[key])).median;
}

function describe(sorted: number[]): LatencyRun {
  return {
    p50: round(percentile(sorted, 50), 3),
    p99: round(percentile(sorted, 99), 3),
    max: round(sorted.at(-1) ?? Number.NaN, 3),
    samples: sorted.length,
  };
}

async function runHerald(
  stack: HeraldStack,
  perSecond: number,
  seconds: number,
): Promise<LatencyRun> {
  await stack.receiver.reset({ latency: true });
  const offered = await offerActivities(stack, perSecond, seconds);
  await waitForReceived(stack.receiver, offered.acknowledged * stack.webhooks, 30_000);
  const stats = await stack.receiver.stats({ latencies: true });

  return describe(sortNumbers(stats.latenciesMs));
}

/**
 * Offers each rate of BENCH_RATES for a step, sampling the backlog (deliveries owed for the
 * activities offered, less those received). Steady: the backlog's slope over the second half
 * stays under 5 % of the offered delivery rate, every report was accepted, the driver kept
 * to the schedule, and the backlog drained afterwards.
 */
async function searchSteadyRate(stack: HeraldStack, env: BenchEnv): Promise<RateStep[]> {
  const steps: RateStep[] = [];
  for (const perSecond of env.BENCH_RATES) {
    const step = await runStep(stack, perSecond, env.BENCH_STEP_SECONDS);
    steps.push(step);
    if (!step.steady) break;
  }

  return steps;
}

async function runStep(stack: HeraldStack, perSecond: number, seconds: number): Promise<RateStep> {
  const deliveriesPerSecond = perSecond * stack.webhooks;
  await stack.receiver.reset({ latency: true });
  const samples: { x: number; y: number }[] = [];
  let sampling = Promise.resolve();
  let lastSample = 0;
  const offered = await offerActivities(stack, perSecond, seconds, (progress) => {
    if (progress.elapsedMs - lastSample < 250) return;
    lastSample = progress.elapsedMs;
    sampling = sampling.then(async () => {
      const { count } = await stack.receiver.stats();
      samples.push({ x: progress.elapsedMs / 1000, y: progress.sent * stack.webhooks - count });
    });
  });
  await sampling;
  const stats = await stack.receiver.stats({ latencies: true });
  const secondHalf = samples.filter((sample) => sample.x >= seconds / 2);
  const growth = slope(secondHalf);
  const drained = await waitForReceived(
    stack.receiver,
    offered.acknowledged * stack.webhooks,
    30_000,
  );
  const why =
    offered.failed > 0
      ? `${offered.failed} of ${offered.sent} reports failed: ${offered.firstError}`
      : offered.offeredMs > seconds * 1_050 + 100
        ? `the driver needed ${round(offered.offeredMs / 1000, 1)} s to offer ` +
          `${seconds} s of reports (the CPU was taken)`
        : growth > deliveriesPerSecond * 0.05
          ? `the backlog grew by ${round(growth, 0)} deliveries/s`
          : !drained
            ? 'the backlog did not drain within 30 s of the step'
            : null;

  return {
    activities_per_second: perSecond,
    deliveries_per_second: deliveriesPerSecond,
    backlog_slope: round(growth, 1),
    max_backlog: Math.max(0, ...samples.map((sample) => sample.y)),
    received_per_second: round((stats.count / offered.elapsedMs) * 1000, 1),
    p99_ms: round(percentile(sortNumbers(stats.latenciesMs), 99), 2),
    steady: why === null,
    ...(why === null ? {} : { why }),
  };
}

/** The bare loop at the top rate: can the machine itself carry that many POSTs a second? */
async function runBareAtRate(
  stack: HeraldStack,
  bodies: string[],
  deliveriesPerSecond: number,
  seconds: number,
) {
  await stack.receiver.reset();
  const result = await runBareOpenLoop(
    stack.receiver.url,
    bodies,
    deliveriesPerSecond,
    seconds,
    5_000,
  );
  const achieved = (result.ok / result.elapsedMs) * 1000;

  return {
    activities_per_second: deliveriesPerSecond / stack.webhooks,
    deliveries_per_second: deliveriesPerSecond,
    achieved_per_second: round(achieved, 1),
    dropped: result.dropped,
    p99_round_trip_ms: round(percentile(result.roundTripsMs, 99), 2),
    // Every answer back within 5 % of the offered time: it never fell behind for long.
    steady:
      result.dropped === 0 && result.ok === result.sent && result.elapsedMs <= seconds * 1_050,
  };
}
