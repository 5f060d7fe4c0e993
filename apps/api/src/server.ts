import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './router.ts';
import { ActivityRunner } from './services/activity-runner.ts';
import type { Herald } from './services/herald.ts';
import { authenticate } from './services/tokens.ts';

/** A plain HTTP route beside tRPC (provider hooks, the Git remote, health, metrics). */
export type Route = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<boolean> | boolean;

export interface HeraldServer {
  server: Server;
  runner: ActivityRunner;
}

/** The runner is passed in when routes need it too (a provider hook starts activities). */
export function createHeraldServer(
  herald: Herald,
  routes: Route[] = [],
  runner: ActivityRunner = new ActivityRunner(herald),
): HeraldServer {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req }) => ({
      herald,
      runner,
      token: authenticate(herald, req.headers.authorization),
    }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        herald.logger.error({ err: error, path }, 'tRPC procedure failed');
      }
    },
  });

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://herald.invalid');
    try {
      if (url.pathname === '/healthz') {
        return sendJson(response, 200, { status: 'ok' });
      }
      if (url.pathname.startsWith('/trpc/')) {
        return trpc(request, response);
      }
      for (const route of routes) {
        if (await route(request, response, url)) return;
      }

      sendJson(response, 404, { error: `No route for ${request.method} ${url.pathname}` });
    } catch (error) {
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
