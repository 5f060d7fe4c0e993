import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConsoleEnv } from './env.ts';

/**
 * Starts `next start` (or `next dev` with --dev) on the host and port of the environment, so
 * the console is configured like the API: HERALD_* variables checked before anything runs.
 */
function startConsole(): void {
  const env = readConsoleEnv();
  const appDir = dirname(dirname(fileURLToPath(import.meta.url)));
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const mode = process.argv.includes('--dev') ? 'dev' : 'start';

  const child = spawn(
    process.execPath,
    [nextBin, mode, '--port', String(env.port), '--hostname', env.host],
    { cwd: appDir, stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

try {
  startConsole();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
