import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const APP_DIR = resolve(import.meta.dirname, '..');

export interface RunningConsole {
  url: string;
  /** What the console printed, for a failure message. */
  output: () => string;
  close: () => Promise<void>;
}

function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The built console through its own start script (`pnpm start` does the same), on 127.0.0.1. */
export async function startConsole(apiUrl: string): Promise<RunningConsole> {
  const port = await findFreePort();
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, 'src/start.ts'], {
    cwd: APP_DIR,
    // Its own process group: closing stops tsx, the start script and next with one signal.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HERALD_API_URL: apiUrl,
      HERALD_CONSOLE_HOST: '127.0.0.1',
      HERALD_CONSOLE_PORT: String(port),
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });

  const url = `http://127.0.0.1:${port}`;
  const running = { url, output: () => output, close: () => stopGroup(child) };
  try {
    await waitUntilServing(url, child, () => output);
  } catch (error) {
    await running.close();
    throw error;
  }

  return running;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) {
      throw new Error(`The console exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }

  throw new Error(`The console did not answer at ${url} within 60 s:\n${output()}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;

  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!stopped && child.exitCode === null) {
    process.kill(-child.pid, 'SIGKILL');
  }
}
