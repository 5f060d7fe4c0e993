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
