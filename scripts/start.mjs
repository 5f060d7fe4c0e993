#!/usr/bin/env node
// `pnpm start`: runs the API (which migrates the database and runs the dispatcher) and the
// console side by side, and stops both when either stops or the user presses Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const children = [
  spawn('pnpm', ['--filter', '@herald/api', 'start'], { cwd: root, stdio: 'inherit' }),
  // The console reads HERALD_CONSOLE_PORT, HERALD_CONSOLE_HOST and HERALD_API_URL itself.
  spawn('pnpm', ['--filter', '@herald/console', 'start'], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill(signal);
  }
}

for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping) process.exitCode = code ?? 1;
    stopAll('SIGTERM');
  });
}
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
