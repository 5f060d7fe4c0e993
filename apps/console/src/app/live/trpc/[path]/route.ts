import { readConsoleEnv } from '@/env.ts';
import { readToken } from '@/lib/api.ts';

/**
 * The browser's subscriptions, passed on to the API with the signed-in token. Only the
 * procedures listed here pass: this route is no general door to the API for page scripts.
 */
const LIVE_PROCEDURES = new Set(['activity.changes']);

export const dynamic = 'force-dynamic';

function refuse(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

export async function GET(request: Request, { params }: { params: Promise<{ path: string }> }) {
  const { path } = await params;
  if (!LIVE_PROCEDURES.has(path)) return refuse(404, `No live view ${path}`);
  const token = await readToken();
  if (token === undefined) return refuse(401, 'Sign in first.');

  const { apiUrl } = readConsoleEnv();
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'text/event-stream',
  };
  const lastEventId = request.headers.get('last-event-id');
  if (lastEventId) headers['last-event-id'] = lastEventId;

  let upstream: Response;
  try {
    upstream = await fetch(`${apiUrl}/trpc/${path}${new URL(request.url).search}`, {
      headers,
      // The browser leaving ends the API's stream too.
      signal: request.signal,
      cache: 'no-store',
    });
  } catch {
    return refuse(502, `The Herald API at ${apiUrl} is not answering.`);
  }

  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
      // no-transform: compression would hold events back until a buffer fills.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
