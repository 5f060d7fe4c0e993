import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers.ts';

const API_DIR = join(REPO_ROOT, 'apps/api');

export interface DispatcherProcess {
  child: ChildProcess;
  /** What the process wrote to stderr (warnings and errors): shown when a test fails. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts `src/dispatcher-main.ts` as a process of its own, like `pnpm dispatcher` does. */
export function spawnDispatcher(env: Record<string, string>): DispatcherProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/dispatcher-main.ts'], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH, HERALD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });

  return { child, output: () => output, exited };
}
