import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Arrival {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The local address the request came in on. */
  address: string;
}

/** Answers one arrived request however the test wants: late, never, broken, huge. */
export type Answer = (arrival: Arrival, response: ServerResponse, index: number) => void;

export interface ScriptedReceiver {
  url: string;
  port: number;
  arrivals: Arrival[];
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor: (count: number, timeoutMs?: number) => Promise<Arrival[]>;
  close: () => Promise<void>;
}

/**
 * A receiver on a loopback address whose every answer is scripted by the test. It records the
 * request before answering, so a test can count arrivals even when the answer never comes.
 */
export async function startScriptedReceiver(
  answer: Answer,
  options: { host?: string; port?: number } = {},
): Promise<ScriptedReceiver> {
  const arrivals: Arrival[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const arrival: Arrival = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        address: request.socket.localAddress ?? '',
      };
      arrivals.push(arrival);
      for (const wake of waiters) wake();
      answer(arrival, response, arrivals.length - 1);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;

  const waitFor = async (count: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (arrivals.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Expected ${count} requests, received ${arrivals.length}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
    return arrivals;
  };

  return {
    url: `http://${host}:${port}`,
    port,
    arrivals,
    waitFor,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function answerWith(
  status: number,
  body = 'ok',
  headers: Record<string, string> = {},
): Answer {
  return (_arrival, response) => {
    response.writeHead(status, { 'content-type': 'text/plain', ...headers });
    response.end(body);
  };
}
