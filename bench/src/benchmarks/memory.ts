import { fork } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiProcess, readMemory, startApiProcess, stopChild } from '../api-process.ts';
import { type Backlog, fillBacklog } from '../backlog.ts';
import { type BenchEnv, dispatcherEnv, inheritedEnv } from '../env.ts';
import { createHeraldClient } from '../herald-client.ts';
import { readLoad } from '../machine.ts';
import { type Receiver, sleep, startReceiver } from '../receiver.ts';
import type { BenchmarkResult } from '../report.ts';
import { ratio, round, summarize } from '../stats.ts';

const MB = 1024 * 1024;
const DRAINER = fileURLToPath(new URL('../bare-drainer-process.ts', import.meta.url));

interface DrainRun {
  perSecond: number;
  peakRssMb: number;
  sent: number;
}

/**
 * The API's resident memory with a million deliveries waiting (idle, then draining), and how
 * fast it drains them; beside a bare drainer process doing the least that drains a table.
 */
export async function benchmarkMemory(env: BenchEnv): Promise<BenchmarkResult> {
  const started = performance.now();
  const load = readLoad();
  const receiver = await startReceiver();
  const backlog = await fillBacklog(receiver.url, env.BENCH_WEBHOOKS, env.BENCH_BACKLOG);
  try {
    const idle = await measureIdle(env, backlog);
    const herald: DrainRun[] = [];
    const bare: DrainRun[] = [];
    for (let run = 0; run < env.BENCH_RUNS; run += 1) {
      herald.push(await drainWithHerald(env, backlog.dataDir, receiver));
      bare.push(await drainBare(env, backlog.dataDir, receiver));
    }

    const heraldRate = summarize(herald.map((run) => run.perSecond));
    const bareRate = summarize(bare.map((run) => run.perSecond));
    const heraldPeak = summarize(herald.map((run) => run.peakRssMb));
    const barePeak = summarize(bare.map((run) => run.peakRssMb));
    const worstMb = Math.max(idle.rssMb, heraldPeak.max);

    return {
      name: 'memory',
      figures: [
        {
          name: `RSS idle, ${backlog.deliveries} waiting (dispatcher off)`,
          unit: 'MB',
          better: 'lower',
          herald: summarize([idle.rssMb]),
        },
        {
          name: `peak RSS draining ${backlog.deliveries}`,
          unit: 'MB',
          better: 'lower',
          herald: heraldPeak,
          bare: barePeak,
          ratio: ratio(heraldPeak.median, barePeak.median),
        },
        {
          name: `drain rate over ${env.BENCH_DRAIN_SECONDS} s`,
          unit: 'deliveries/s',
          better: 'higher',
          herald: heraldRate,
          bare: bareRate,
          ratio: ratio(heraldRate.median, bareRate.median),
        },
      ],
      targets: [
        {
          name: 'memory with the backlog waiting',
          goal: '<= 300 MB RSS',
          value: round(worstMb, 1),
          unit: 'MB at most',
          met: worstMb <= 300,
        },
      ],
      load: { before: load, after: readLoad() },
      seconds: (performance.now() - started) / 1000,
      details: {
        backlog: backlog.deliveries,
        fill_seconds: round(backlog.fillSeconds, 1),
        database_mb: round(backlog.databaseBytes / MB, 1),
        idle_wait_seconds: idle.waitSeconds,
        herald_runs: herald,
        bare_runs: bare,
      },
      notes: [
        'each drain run starts a fresh process on the same database; the backlog ' +
          'shrinks by what earlier runs sent',
        'bare drainer: SELECT due rows, POST, UPDATE status; no lease, signature, ' +
          'attempt row or log activity',
      ],
    };
  } finally {
    await receiver.stop();
    rmSync(backlog.dataDir, { recursive: true, force: true });
  }
}

async function measureIdle(env: BenchEnv, backlog: Backlog) {
  const api = await startApiProcess({
    dataDir: backlog.dataDir,
    dispatcher: 'off',
    profile: env.BENCH_PROFILE,
    label: 'memory-idle',
  });
  try {
    // An operator looking at the delivery log touches the big table, as on a live server.
    const client = createHeraldClient(api.url, api.token);
    for (const id of backlog.integrations) {
      await client.integration.deliveries.query({ project: backlog.project, id, limit: 100 });
    }
    const waitSeconds = 3;
    await sleep(waitSeconds * 1000);
    return { rssMb: round(api.memory().rss / MB, 1), waitSeconds };
  } finally {
    await api.stop();
  }
}

async function drainWithHerald(
  env: BenchEnv,
  dataDir: string,
  receiver: Receiver,
): Promise<DrainRun> {
  await receiver.reset();
  const api: ApiProcess = await startApiProcess({
    dataDir,
    profile: env.BENCH_PROFILE,
    label: 'memory-drain',
    env: dispatcherEnv(env),
  });
  try {
    return await sampleDrain(receiver, env.BENCH_DRAIN_SECONDS, () => api.memory());
  } finally {
    await api.stop();
  }
}

async function drainBare(env: BenchEnv, dataDir: string, receiver: Receiver): Promise<DrainRun> {
  await receiver.reset();
  const child = fork(
    DRAINER,
    [
      join(dataDir, 'herald.sqlite'),
      receiver.url,
      String(env.BENCH_CONCURRENCY),
      String(env.BENCH_DRAIN_SECONDS),
    ],
    {
      execArgv: ['--import', 'tsx'],
      env: inheritedEnv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  try {
    await once(child, 'spawn');
    return await sampleDrain(receiver, env.BENCH_DRAIN_SECONDS, () => readMemory(child.pid!));
  } finally {
    await stopChild(child, 10_000);
  }
}

/** Samples memory every 250 ms for `seconds`; the rate counts from the first delivery on. */
async function sampleDrain(
  receiver: Receiver,
  seconds: number,
  memory: () => { rss: number; peak: number },
): Promise<DrainRun> {
  const deadline = performance.now() + seconds * 1000;
  let peak = 0;
  while (performance.now() < deadline) {
    try {
      peak = Math.max(peak, memory().peak);
    } catch {
      break; // The process ended.
    }
    await sleep(250);
  }
  const stats = await receiver.stats();
  // From the first delivery to the end of the window: a drain that stalls after a burst
  // must not look fast.
  const windowEnd = performance.timeOrigin + performance.now();
  const span = stats.count > 0 ? (windowEnd - stats.firstAt) / 1000 : 0;

  return {
    perSecond: round(span > 0 ? stats.count / span : 0, 1),
    peakRssMb: round(peak / MB, 1),
    sent: stats.count,
  };
}
