#!/usr/bin/env node
// `pnpm start`: runs the API (which migrates the database and runs the dispatcher) and the
// console side by side, and stops both when either stops or the user presses Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Each child leads a process group of its own: pnpm does not pass a SIGTERM on to the server it
// started, so stopping signals the whole group (pnpm, tsx and the server behind it).
const options = { cwd: root, stdio: 'inherit', detached: true };
const children = [
  spawn('pnpm', ['--filter', '@herald/api', 'start'], options),
  // The console reads HERALD_CONSOLE_PORT, HERALD_CONSOLE_HOST and HERALD_API_URL itself.
  spawn('pnpm', ['--filter', '@herald/console', 'start'], options),
];

let stopping = false;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // That group has already gone.
    }
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
