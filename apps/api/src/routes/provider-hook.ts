import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeraldError, type HeraldErrorCode, type HookHeaders, notFound } from '@herald/domain';
import { type Route, sendJson, sendRateLimited } from '../server.ts';
import type { ActivityRunner } from '../services/activity-runner.ts';
import { receiveHook, requireGitSource } from '../services/git-sources.ts';
import type { Herald } from '../services/herald.ts';
import { RateLimitedError, type RateLimiter } from '../services/rate-limit.ts';

const HOOK_PATH = /^\/api\/projects\/([^/]+)\/integrations\/([^/]+)\/hook\/?$/;

/** No push or pull request hook comes near this; a body past it is refused unread. */
export const MAX_HOOK_BODY_BYTES = 1024 * 1024;

const STATUS: Record<HeraldErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID: 400,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
};

/** `POST /api/projects/<project>/integrations/<id>/hook`: where providers send their hooks. */
export function providerHookRoute(
  herald: Herald,
  runner: ActivityRunner,
  limiter: RateLimiter,
): Route {
  return async (request, response, url) => {
    const match = HOOK_PATH.exec(url.pathname);
    if (match === null) {
      return false;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, { error: 'A hook is a POST request' });
      return true;
    }

    try {
      const project = decodePathPart(match[1]!);
      const integration = decodePathPart(match[2]!);
      requireGitSource(herald, project, integration);
      const body = await readBody(request, MAX_HOOK_BODY_BYTES);
      if (body === null) {
        herald.logger.warn({ project, integration_id: integration }, 'hook refused: too large');
        refuseTooLarge(request, response);
        return true;
      }

      const headers = request.headers as HookHeaders;
      const hook = { project, integration, headers, body };
      const outcome = receiveHook(herald, runner, hook, limiter);
      sendJson(response, outcome.status === 'duplicate' ? 200 : 202, outcome);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        sendRateLimited(response, error);
        return true;
      }
      if (!(error instanceof HeraldError)) throw error;
      sendJson(response, STATUS[error.code], { error: error.message, issues: error.issues });
    }

    return true;
  };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw notFound(`No hook at ${part}: the path is not valid percent-encoding`);
  }
}

/**
 * The body, or null as soon as it passes `limit` bytes: a declared length over the limit is
 * refused before anything is read, and a chunked body stops being read at the limit.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.resolve(null);
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/** 413, then the connection is closed: the rest of the body is never read. */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse) {
  response.setHeader('connection', 'close');
  response.once('finish', () => request.socket.destroySoon());
  sendJson(response, 413, {
    error: `A hook body may be at most ${MAX_HOOK_BODY_BYTES} bytes (1 MiB)`,
  });
}
