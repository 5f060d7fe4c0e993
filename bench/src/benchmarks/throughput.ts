import { runBareClosedLoop } from '../bare-loop.ts';
import type { BenchEnv } from '../env.ts';
import {
  type HeraldStack,
  type ReportResult,
  reportActivities,
  startHeraldStack,
} from '../herald-stack.ts';
import { readLoad } from '../machine.ts';
import { sleep } from '../receiver.ts';
import type { BenchmarkResult } from '../report.ts';
import { ratio, round, summarize } from '../stats.ts';

interface HeraldRun {
  deliveriesPerSecond: number;
  reportSeconds: number;
  peakConnections: number;
  completed: boolean;
  reportsFailed: number;
  firstError: string | null;
}

/**
 * N deliveries through the whole path (report → outbox → dispatcher → signed POST → attempt
 * recorded), timed from the first report to the last recorded success, beside a bare undici
 * loop posting the same bodies to the same receiver at the same concurrency.
 */
export async function benchmarkThroughput(env: BenchEnv): Promise<BenchmarkResult> {
  const started = performance.now();
  const load = readLoad();
  const stack = await startHeraldStack(env, 'throughput');
  try {
    const activities = Math.ceil(env.BENCH_THROUGHPUT_DELIVERIES / stack.webhooks);
    const deliveries = activities * stack.webhooks;

    // Warm both sides up (JIT, connection pools) before anything is timed.
    await runHerald(stack, Math.ceil(500 / stack.webhooks));
    const bodies = stack.reader.bodies(2_000);
    await runBareClosedLoop(stack.receiver.url, bodies, 500, env.BENCH_CONCURRENCY);

    const herald: HeraldRun[] = [];
    const bare: { deliveriesPerSecond: number; peakConnections: number }[] = [];
    for (let run = 0; run < env.BENCH_RUNS; run += 1) {
      herald.push(await runHerald(stack, activities));
      await stack.receiver.reset();
      const result = await runBareClosedLoop(
        stack.receiver.url,
        bodies,
        deliveries,
        env.BENCH_CONCURRENCY,
      );
      const stats = await stack.receiver.stats();
      bare.push({
        deliveriesPerSecond: (result.ok / result.elapsedMs) * 1000,
        peakConnections: stats.peakConnections,
      });
    }

    const intake = await measureIntake(env, activities);
    const heraldRate = summarize(herald.map((run) => run.deliveriesPerSecond));
    const bareRate = summarize(bare.map((run) => run.deliveriesPerSecond));
    const throughputRatio = ratio(heraldRate.median, bareRate.median);

    return {
      name: 'throughput',
      figures: [
        {
          name: `${deliveries} deliveries`,
          unit: 'deliveries/s',
          better: 'higher',
          herald: heraldRate,
          bare: bareRate,
          ratio: throughputRatio,
        },
        {
          name: 'report phase of the herald run',
          unit: 's',
          better: 'lower',
          herald: summarize(herald.map((run) => run.reportSeconds)),
        },
        {
          name: `report intake, dispatcher off, ${activities} reports`,
          unit: 'activities/s',
          better: 'higher',
          herald: intake,
        },
      ],
      targets: [
        {
          name: 'throughput ratio',
          goal: 'herald / bare >= 0.8',
          value: throughputRatio,
          unit: '',
          met: throughputRatio >= 0.8,
        },
      ],
      load: { before: load, after: readLoad() },
      seconds: (performance.now() - started) / 1000,
      details: {
        deliveries,
        activities,
        webhooks: stack.webhooks,
        concurrency: env.BENCH_CONCURRENCY,
        herald_peak_connections_at_receiver: herald.map((run) => run.peakConnections),
        bare_peak_connections_at_receiver: bare.map((run) => run.peakConnections),
        herald_runs_completed: herald.map((run) => run.completed),
        herald_reports_failed: herald.map((run) => run.reportsFailed),
        herald_first_errors: herald.map((run) => run.firstError).filter(Boolean),
      },
      notes: [
        ...(herald.every((run) => run.completed)
          ? []
          : ['a Herald run timed out before every delivery was recorded: its rate counts those']),
        ...(herald.some((run) => run.reportsFailed > 0)
          ? ['some reports failed (details.herald_first_errors); their deliveries were not owed']
          : []),
      ],
    };
  } finally {
    await stack.stop();
  }
}

async function runHerald(stack: HeraldStack, activities: number): Promise<HeraldRun> {
  const before = stack.reader.succeeded();
  await stack.receiver.reset();
  const started = performance.now();
  // Set when the last report is answered; until then every activity is assumed owed.
  const progress: { reported: (ReportResult & { at: number }) | null } = { reported: null };
  const reporting = reportActivities(stack, activities).then((result) => {
    progress.reported = { ...result, at: performance.now() };
  });
  // Bounded: a run that cannot finish still gives the rate of what it did.
  const deadline = Date.now() + 60_000 + activities * stack.webhooks * 2;
  let done = 0;
  while (Date.now() < deadline) {
    done = stack.reader.succeeded() - before;
    const owed = (progress.reported?.acknowledged ?? activities) * stack.webhooks;
    if (done >= owed) break;
    await sleep(20);
  }
  const elapsedMs = performance.now() - started;
  await reporting;
  const result = progress.reported!;
  const stats = await stack.receiver.stats();

  return {
    deliveriesPerSecond: (done / elapsedMs) * 1000,
    reportSeconds: round((result.at - started) / 1000, 3),
    peakConnections: stats.peakConnections,
    completed: done >= result.acknowledged * stack.webhooks,
    reportsFailed: result.failed,
    firstError: result.firstError,
  };
}

/**
 * How many reports a second the API takes when it does nothing else: the part of the path
 * before the dispatcher, measured alone so a shortfall can be placed on one side or the other.
 */
async function measureIntake(env: BenchEnv, activities: number) {
  const stack = await startHeraldStack(env, 'intake', 'off');
  try {
    await reportActivities(stack, 200);
    const rates: number[] = [];
    for (let run = 0; run < env.BENCH_RUNS; run += 1) {
      const started = performance.now();
      const result = await reportActivities(stack, activities);
      rates.push((result.acknowledged / (performance.now() - started)) * 1000);
    }
    return summarize(rates);
  } finally {
    await stack.stop();
  }
}
