import { appRouter } from '../src/router.ts';
import type { ProcedureMeta } from '../src/trpc.ts';

export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta | undefined;
}

/** Every procedure of the API, by its dotted path. */
export function listProcedures(): ProcedureInfo[] {
  // The router keeps its procedures flat, by path, beside the nested record its type shows.
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureInfo['type']; meta?: ProcedureMeta } }
  >;

  return Object.entries(procedures).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    meta: procedure._def.meta,
  }));
}

export interface TrpcAnswer {
  status: number;
  headers: Headers;
  /** The procedure's result, or undefined when it failed. */
  data: unknown;
  error: { message: string; data: { code: string; httpStatus: number } } | undefined;
}

/** Calls one procedure over plain HTTP, as any client would, with or without a token. */
export async function callProcedure(
  apiUrl: string,
  procedure: Pick<ProcedureInfo, 'path' | 'type'>,
  input: unknown,
  token?: string,
): Promise<TrpcAnswer> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const url = `${apiUrl}/trpc/${procedure.path}`;
  if (procedure.type === 'subscription') {
    return subscribeOnce(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, headers);
  }
  const response =
    procedure.type === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
  const body = (await response.json()) as {
    result?: { data: unknown };
    error?: TrpcAnswer['error'];
  };

  return {
    status: response.status,
    headers: response.headers,
    data: body.result?.data,
    error: body.error,
  };
}

export interface StreamEvent {
  event: string;
  id: string;
  data: string;
}

/** The server-sent events of a response body, as they arrive. */
export async function* readServerEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffered = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffered += decoder.decode(chunk.value, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const lines = buffered.slice(0, end).split('\n');
        buffered = buffered.slice(end + 2);
        const field = (name: string) =>
          lines
            .filter((line) => line.startsWith(`${name}:`))
            .map((line) => line.slice(name.length + 1).trimStart())
            .join('\n');
        yield { event: field('event') || 'message', id: field('id'), data: field('data') };
        end = buffered.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel();
  }
}

/** The first event that is neither `connected` nor `ping`; null when the stream ends first. */
async function readFirstEvent(body: ReadableStream<Uint8Array>): Promise<StreamEvent | null> {
  for await (const event of readServerEvents(body)) {
    if (event.event !== 'connected' && event.event !== 'ping') return event;
  }
  return null;
}

/**
 * A subscription over server-sent events. Its stream opens with 200 before the procedure
 * runs, so a refusal arrives as a `serialized-error` event carrying the HTTP status it stands
 * for; the first data event means the call was allowed.
 */
async function subscribeOnce(url: string, headers: Record<string, string>): Promise<TrpcAnswer> {
  const response = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' } });
  if (response.body === null || response.status !== 200) {
    const body = (await response.json()) as { error?: TrpcAnswer['error'] };
    return {
      status: response.status,
      headers: response.headers,
      data: undefined,
      error: body.error,
    };
  }
  const first = await readFirstEvent(response.body);
  if (first === null) {
    return {
      status: response.status,
      headers: response.headers,
      data: undefined,
      error: undefined,
    };
  }
  if (first.event === 'serialized-error') {
    const error = JSON.parse(first.data) as NonNullable<TrpcAnswer['error']>;
    return { status: error.data.httpStatus, headers: response.headers, data: undefined, error };
  }

  return { status: 200, headers: response.headers, data: JSON.parse(first.data), error: undefined };
}
