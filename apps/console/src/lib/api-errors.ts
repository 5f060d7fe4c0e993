import type { FieldIssue } from '@herald/domain';
import { TRPCClientError } from '@trpc/client';

/** What went wrong with an API call, in words a person can act on. */
export interface ApiFailure {
  /** The tRPC code (`BAD_REQUEST`, `NOT_FOUND`, …), or null when the API was not reached. */
  code: string | null;
  message: string;
  /** The fields the API refused, for messages beside them. */
  issues: FieldIssue[];
}

interface ErrorData {
  code?: string;
  issues?: FieldIssue[];
}

export function describeApiError(error: unknown, apiUrl: string): ApiFailure {
  if (!(error instanceof TRPCClientError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return { code: null, message: `Something went wrong: ${detail}`, issues: [] };
  }

  const data = (error.data ?? {}) as ErrorData;
  if (data.code === undefined && isUnreachable(error)) {
    return {
      code: null,
      message: `The Herald API at ${apiUrl} is not answering: is it running (pnpm start)?`,
      issues: [],
    };
  }

  if (data.code === 'UNAUTHORIZED') {
    return { code: data.code, message: 'This API token was not accepted.', issues: [] };
  }

  return { code: data.code ?? null, message: error.message, issues: data.issues ?? [] };
}

function isUnreachable(error: TRPCClientError<never>): boolean {
  const cause = error.cause as { cause?: { code?: string } } | undefined;
  const code = cause?.cause?.code;
  return error.message === 'fetch failed' || code === 'ECONNREFUSED' || code === 'ENOTFOUND';
}
