import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, stopChild, waitForHealth } from '../api-process.ts';
import { type BenchEnv, inheritedEnv } from '../env.ts';
import { readLoad } from '../machine.ts';
import { REPO_ROOT } from '../paths.ts';
import type { BenchmarkResult } from '../report.ts';
import { ratio, round, summarize } from '../stats.ts';

interface Command {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  /** Hand the port over as the last argument too (the bare server reads it there). */
  portArgument?: boolean;
}

/**
 * From the start command to /healthz answering 200, on a fresh data directory each time (so
 * migrations run, as on a first start), beside a bare node HTTP server answering the same.
 */
export async function benchmarkStart(env: BenchEnv): Promise<BenchmarkResult> {
  const started = performance.now();
  const load = readLoad();
  const consoleBuilt = existsSync(join(REPO_ROOT, 'apps/console/.next/BUILD_ID'));
  const product: Command = consoleBuilt
    ? { label: 'pnpm start', command: 'pnpm', args: ['start'], cwd: REPO_ROOT }
    : {
        label: 'pnpm --filter @herald/api start',
        command: 'pnpm',
        args: ['--filter', '@herald/api', 'start'],
        cwd: REPO_ROOT,
      };
  const direct: Command = {
    label: 'node --import tsx src/main.ts',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: join(REPO_ROOT, 'apps/api'),
  };
  const bare: Command = {
    label: 'node http server',
    command: process.execPath,
    args: [
      '-e',
      "require('node:http').createServer((q, s) => " +
        "s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')",
    ],
    cwd: REPO_ROOT,
    portArgument: true,
  };

  const times = { product: [] as number[], direct: [] as number[], bare: [] as number[] };
  // One unmeasured start of each fills the OS file cache, as a machine that has run it would.
  for (let run = 0; run <= env.BENCH_START_RUNS; run += 1) {
    const product_ = await timeStart(product);
    const direct_ = await timeStart(direct);
    const bare_ = await timeStart(bare);
    if (run === 0) continue;
    times.product.push(product_);
    times.direct.push(direct_);
    times.bare.push(bare_);
  }

  const productStart = summarize(times.product);
  const bareStart = summarize(times.bare);

  return {
    name: 'start',
    figures: [
      {
        name: product.label,
        unit: 'ms',
        better: 'lower',
        herald: productStart,
        bare: bareStart,
        ratio: ratio(productStart.median, bareStart.median),
      },
      {
        name: `${direct.label} (no pnpm)`,
        unit: 'ms',
        better: 'lower',
        herald: summarize(times.direct),
        bare: bareStart,
        ratio: ratio(summarize(times.direct).median, bareStart.median),
      },
    ],
    targets: [],
    load: { before: load, after: readLoad() },
    seconds: (performance.now() - started) / 1000,
    details: { command: product.label, console_built: consoleBuilt },
    notes: consoleBuilt
      ? []
      : [
          'the console is not buildable yet (apps/console has no app), so this times ' +
            'the API alone: ' +
            '`pnpm --filter @herald/api start`, which `pnpm start` runs beside the console',
        ],
  };
}

async function timeStart(command: Command): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-start-'));
  const port = await findFreePort();
  const begin = performance.now();
  // Its own process group, so pnpm and whatever it started stop together.
  const args = command.portArgument ? [...command.args, String(port)] : command.args;
  const child = spawn(command.command, args, {
    cwd: command.cwd,
    env: {
      ...inheritedEnv(),
      HERALD_DATA_DIR: dataDir,
      HERALD_API_HOST: '127.0.0.1',
      HERALD_API_PORT: String(port),
      HERALD_CONSOLE_PORT: String(await findFreePort()),
      HERALD_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, child, 120_000, 10);
    return round(performance.now() - begin, 1);
  } finally {
    await stopChild(child, 15_000, true);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
