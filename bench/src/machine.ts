import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { REPO_ROOT } from './paths.ts';

export interface Machine {
  cores: number;
  cpu_model: string;
  memory_bytes: number;
  node: string;
  platform: string;
  kernel: string;
}

export interface Commit {
  sha: string;
  branch: string;
  /** Uncommitted changes were present: the figures are not exactly those of `sha`. */
  dirty: boolean;
}

export function describeMachine(): Machine {
  return {
    cores: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_bytes: totalmem(),
    node: process.version,
    platform: process.platform,
    kernel: release(),
  };
}

export function describeCommit(): Commit {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  try {
    return {
      sha: git('rev-parse', 'HEAD'),
      branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
      dirty: git('status', '--porcelain', '--untracked-files=no').length > 0,
    };
  } catch {
    return { sha: 'unknown', branch: 'unknown', dirty: true };
  }
}

/** The 1, 5 and 15 minute load averages: above the core count, other work shared the CPUs. */
export function readLoad(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}
