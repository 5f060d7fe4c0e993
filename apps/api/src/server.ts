import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './router.ts';
import { ActivityRunner } from './services/activity-runner.ts';
import type { Herald } from './services/herald.ts';
import { RateLimitedError, RateLimiter } from './services/rate-limit.ts';
import { authenticate } from './services/tokens.ts';

/**
 * A plain HTTP route beside tRPC (provider hooks, the Git remote, health, metrics). A route
 * reads its body with `readRequestBody`, which keeps to the server's body limit; the Git remote
 * streams pushes under a limit of its own (HERALD_MAX_GIT_BODY_BYTES).
 */
export type Route = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<boolean> | boolean;

export interface HeraldServer {
  server: Server;
  runner: ActivityRunner;
}

/**
 * The runner is passed in when routes need it too (a provider hook starts activities), and the
 * limiter when they count calls against the same per-token budget (the Git remote).
 */
export function createHeraldServer(
  herald: Herald,
  routes: Route[] = [],
  runner: ActivityRunner = new ActivityRunner(herald),
  limiter: RateLimiter = new RateLimiter(herald.config.rateLimitPerMinute, herald.clock),
): HeraldServer {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: herald.config.maxBodyBytes,
    createContext: ({ req }) => ({
      herald,
      runner,
      token: authenticate(herald, req.headers.authorization),
      limiter,
      clientAddress: req.socket.remoteAddress ?? 'unknown',
    }),
    responseMeta: ({ errors }) => {
      const limited = errors.find((error) => error.cause instanceof RateLimitedError);
      if (limited?.cause instanceof RateLimitedError) {
        return { headers: { 'retry-after': String(limited.cause.retryAfterSeconds) } };
      }
      if (errors.some((error) => error.code === 'UNAUTHORIZED')) {
        return { headers: { 'www-authenticate': 'Bearer realm="herald"' } };
      }
      return {};
    },
    onError: ({ error, path, ctx }) => {
      if (error.code === 'FORBIDDEN') {
        // Who tried what, for the audit trail; the message says which role was missing.
        herald.logger.info({ token_id: ctx?.token?.id, path }, 'access refused');
      }
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        herald.logger.error({ err: error, path }, 'tRPC procedure failed');
      }
    },
  });

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://herald.invalid');
    try {
      if (url.pathname === '/healthz') {
        // Says only that the process answers: no project, count or version for strangers.
        return sendJson(response, 200, { status: 'ok' });
      }
      if (url.pathname.startsWith('/trpc/')) {
        return trpc(request, response);
      }
      if (!url.pathname.startsWith('/git/')) {
        refuseLargeBody(request, herald.config.maxBodyBytes);
      }
      for (const route of routes) {
        if (await route(request, response, url)) return;
      }

      sendJson(response, 404, { error: `No route for ${request.method} ${url.pathname}` });
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return sendTooLarge(response, error);
      }
      herald.logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!response.headersSent) {
        sendJson(response, 500, { error: 'Internal error' });
      } else {
        response.destroy();
      }
    }
  });

  return { server, runner };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** A request body over the server's limit: answered 413 and never read further. */
export class BodyTooLargeError extends Error {
  readonly limit: number;

  constructor(limit: number, setting = 'HERALD_MAX_BODY_BYTES') {
    super(`The request body is larger than ${limit} bytes, the limit (${setting})`);
    this.limit = limit;
  }
}

/** 429 with the seconds to wait in `Retry-After`, for plain routes. */
export function sendRateLimited(response: ServerResponse, error: RateLimitedError): void {
  response.setHeader('retry-after', String(error.retryAfterSeconds));
  sendJson(response, 429, { error: error.message });
}

function refuseLargeBody(request: IncomingMessage, limit: number): void {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
}

/**
 * Reads a plain route's request body, up to `limit` bytes (the server's limit by default):
 * a larger one throws BodyTooLargeError, which the server answers with 413. Bodies sent in
 * chunks, without a Content-Length, are counted as they arrive.
 */
export async function readRequestBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  refuseLargeBody(request, limit);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }

  return Buffer.concat(chunks);
}

function sendTooLarge(response: ServerResponse, error: BodyTooLargeError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // The rest of the body is not read: close the connection rather than drain it.
  response.setHeader('connection', 'close');
  sendJson(response, 413, { error: error.message });
}
