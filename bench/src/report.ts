import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from './env.ts';
import type { Commit, Machine } from './machine.ts';
import { round, type Summary } from './stats.ts';

/** One measured quantity: Herald's runs beside the bare baseline's, and their ratio. */
export interface Figure {
  name: string;
  unit: string;
  /** Which way is good, so the ratio can be read. */
  better: 'higher' | 'lower';
  herald: Summary;
  bare?: Summary;
  /** herald median / bare median. */
  ratio?: number;
}

export interface Target {
  name: string;
  goal: string;
  value: number;
  unit: string;
  met: boolean;
}

export interface BenchmarkResult {
  name: string;
  figures: Figure[];
  targets: Target[];
  /** Load averages when the benchmark began and ended. */
  load: { before: number[]; after: number[] };
  seconds: number;
  details: Record<string, unknown>;
  notes: string[];
}

export interface RunReport {
  schema: 1;
  started_at: string;
  finished_at: string;
  commit: Commit;
  machine: Machine;
  config: Partial<BenchEnv>;
  benchmarks: BenchmarkResult[];
  errors: { benchmark: string; message: string }[];
}

export function writeReport(report: RunReport, directory: string): string {
  mkdirSync(directory, { recursive: true });
  const stamp = report.started_at.replace(/[:.]/g, '-');
  const file = join(directory, `${stamp}-${report.commit.sha.slice(0, 8)}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  return file;
}

function show(summary: Summary | undefined): string {
  if (summary === undefined || Number.isNaN(summary.median)) return '-';
  const digits = Math.abs(summary.median) >= 100 ? 0 : 2;

  return (
    `${round(summary.median, digits)} ` +
    `[${round(summary.min, digits)}–${round(summary.max, digits)}]`
  );
}

/** Prints a benchmark's figures as a table: median [min–max] of the runs, bare, ratio. */
export function printBenchmark(result: BenchmarkResult, write: (line: string) => void): void {
  write('');
  write(
    `== ${result.name} (${round(result.seconds, 0)} s, load ${result.load.before[0]} → ` +
      `${result.load.after[0]})`,
  );
  const rows = result.figures.map((figure) => [
    `${figure.name} (${figure.unit})`,
    show(figure.herald),
    show(figure.bare),
    figure.ratio === undefined ? '-' : String(figure.ratio),
  ]);
  printTable(['figure', 'herald', 'bare', 'ratio'], rows, write);
  for (const target of result.targets) {
    write(
      `   target ${target.met ? 'MET   ' : 'MISSED'} ${target.name}: ${target.goal}; ` +
        `got ${target.value} ${target.unit}`,
    );
  }
  for (const note of result.notes) write(`   note: ${note}`);
}

function printTable(header: string[], rows: string[][], write: (line: string) => void): void {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    `   ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`;
  write(line(header));
  for (const row of rows) write(line(row));
}
