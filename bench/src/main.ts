import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchmarkLatency } from './benchmarks/latency.ts';
import { benchmarkMatching } from './benchmarks/matching.ts';
import { benchmarkMemory } from './benchmarks/memory.ts';
import { benchmarkStart } from './benchmarks/start.ts';
import { benchmarkThroughput } from './benchmarks/throughput.ts';
import { type BenchEnv, readBenchEnv } from './env.ts';
import { describeCommit, describeMachine } from './machine.ts';
import { BENCH_ROOT } from './paths.ts';
import { type BenchmarkResult, printBenchmark, type RunReport, writeReport } from './report.ts';

const BENCHMARKS: Record<string, (env: BenchEnv) => Promise<BenchmarkResult>> = {
  start: benchmarkStart,
  matching: benchmarkMatching,
  throughput: benchmarkThroughput,
  latency: benchmarkLatency,
  memory: benchmarkMemory,
};

async function main(): Promise<void> {
  const env = readBenchEnv();
  const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
  const only = (values.only ?? env.BENCH_ONLY)?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(name in BENCHMARKS)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark ${unknown.join(', ')}; use ${Object.keys(BENCHMARKS).join(', ')}`,
    );
  }

  const write = (line: string) => process.stdout.write(`${line}\n`);
  const report: RunReport = {
    schema: 1,
    started_at: new Date().toISOString(),
    finished_at: '',
    commit: describeCommit(),
    machine: describeMachine(),
    config: env,
    benchmarks: [],
    errors: [],
  };
  write(`herald bench at ${report.commit.sha.slice(0, 8)}${report.commit.dirty ? ' (dirty)' : ''}`);
  write(
    `${report.machine.cores} cores, ` +
      `${(report.machine.memory_bytes / 2 ** 30).toFixed(1)} GiB, Node ${report.machine.node}`,
  );

  // Written after every benchmark, so a run stopped part way keeps what it measured.
  const save = () =>
    env.BENCH_RESULTS === 'none'
      ? null
      : writeReport(report, resolve(BENCH_ROOT, env.BENCH_RESULTS));
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (only && !only.includes(name)) continue;
    try {
      const result = await run(env);
      report.benchmarks.push(result);
      printBenchmark(result, write);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      report.errors.push({ benchmark: name, message });
      write(`\n== ${name} FAILED: ${message}`);
    }
    report.finished_at = new Date().toISOString();
    save();
  }

  const file = save();
  if (file) write(`\nwrote ${file}`);
  if (report.errors.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
