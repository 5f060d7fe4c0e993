import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RunningApi, type StartOptions, startApi } from '../src/app.ts';
import { readEnv } from '../src/env.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO_ROOT, 'apps/cli/bin/herald.mjs');

export interface TestApi extends RunningApi {
  dataDir: string;
  token: string;
  /** Runs the real `herald` CLI against this API. */
  cli: (args: string[], options?: CliRunOptions) => Promise<CliResult>;
  close: () => Promise<void>;
}

/** The real API on an ephemeral port of 127.0.0.1 with a temporary data directory. */
export async function startTestApi(
  options: Omit<StartOptions, 'env'> & { env?: Record<string, string> } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const env = readEnv({
    HERALD_DATA_DIR: dataDir,
    HERALD_API_PORT: '0',
    HERALD_API_HOST: '127.0.0.1',
    HERALD_LOG_LEVEL: 'silent',
    // Test receivers listen on 127.0.0.1, which Herald refuses unless the operator allows it.
    HERALD_OUTBOUND_ALLOW: '127.0.0.0/8',
    ...options.env,
  });
  const api = await startApi({ ...options, env });
  const token = (await import('node:fs')).readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();

  return {
    ...api,
    dataDir,
    token,
    cli: (args, runOptions = {}) =>
      runCli(args, {
        ...runOptions,
        env: { HERALD_API_URL: api.url, HERALD_TOKEN: token, ...runOptions.env },
      }),
    close: async () => {
      await api.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
  server: Server;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers with `respond`. */
export async function startReceiver(
  respond: (request: ReceivedRequest) => { status: number; body?: string } = () => ({
    status: 200,
  }),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = respond(request);
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body ?? 'ok');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  const waitFor = async (count: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (requests.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Expected ${count} requests, received ${requests.length}`);
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
    return requests;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor,
    server,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
