import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inheritedEnv } from './env.ts';
import { PROFILES_DIR, REPO_ROOT } from './paths.ts';
import { sleep } from './receiver.ts';

export interface ApiProcess {
  url: string;
  pid: number;
  dataDir: string;
  token: string;
  /** Resident set size now and at its peak (VmHWM), in bytes, from /proc. */
  memory: () => { rss: number; peak: number };
  stop: () => Promise<void>;
}

export interface ApiProcessOptions {
  dataDir?: string;
  dispatcher?: 'on' | 'off';
  profile?: 'off' | 'cpu' | 'heap';
  /** Names the profile files, so a run's profile can be found among the others. */
  label?: string;
  env?: Record<string, string>;
}

/**
 * The API as an operator runs it (`apps/api/src/main.ts` under tsx), in its own process, with
 * logging at warn so the benchmark measures delivery rather than log writing.
 */
export async function startApiProcess(options: ApiProcessOptions = {}): Promise<ApiProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [...profileFlags(options), '--import', 'tsx', 'src/main.ts'],
    {
      cwd: join(REPO_ROOT, 'apps/api'),
      env: {
        ...inheritedEnv(),
        HERALD_DATA_DIR: dataDir,
        HERALD_API_HOST: '127.0.0.1',
        HERALD_API_PORT: String(port),
        HERALD_LOG_LEVEL: 'warn',
        // The receiver is on loopback, which the SSRF guard refuses unless allowed.
        HERALD_OUTBOUND_ALLOW: '127.0.0.0/8',
        HERALD_DISPATCHER: options.dispatcher ?? 'on',
        ...options.env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 60_000);

  return {
    url,
    pid: child.pid!,
    dataDir,
    token: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
    memory: () => readMemory(child.pid!),
    stop: () => stopChild(child, 30_000),
  };
}

function profileFlags(options: ApiProcessOptions): string[] {
  if (!options.profile || options.profile === 'off') return [];
  mkdirSync(PROFILES_DIR, { recursive: true });
  const name = `${options.label ?? 'api'}-${Date.now()}`;

  return options.profile === 'cpu'
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`, `--cpu-prof-name=${name}.cpuprofile`]
    : ['--heap-prof', `--heap-prof-dir=${PROFILES_DIR}`, `--heap-prof-name=${name}.heapprofile`];
}

/** Polls /healthz until it answers 200; bounded, and fails at once if the process exits. */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The process exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(intervalMs);
  }

  throw new Error(`${url}/healthz did not answer within ${timeoutMs} ms`);
}

export async function stopChild(
  child: ChildProcess,
  graceMs: number,
  group = false,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  signal(child, 'SIGTERM', group);
  const timer = sleep(graceMs).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal(child, 'SIGKILL', group);
    await exited;
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals, group: boolean): void {
  try {
    if (group) process.kill(-child.pid!, name);
    else child.kill(name);
  } catch {
    // Already gone.
  }
}

export function readMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(status.match(new RegExp(`${name}:\\s+(\\d+) kB`))?.[1] ?? 0);

  return { rss: field('VmRSS') * 1024, peak: field('VmHWM') * 1024 };
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
