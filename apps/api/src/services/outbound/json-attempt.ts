import type { Herald } from '../herald.ts';
import type { OutboundResponse } from './outbound-client.ts';
import { OutboundError } from './outbound-error.ts';

/** How one attempt of one delivery went, whatever the integration's type. */
export interface AttemptOutcome {
  ok: boolean;
  /** 0 when no complete HTTP response came back. */
  statusCode: number;
  errorKind: string | null;
  errorMessage: string | null;
  responseHeaders: Record<string, string>;
  responseBody: string;
  durationMs: number;
  /** How the attempt ended, for the log, when "HTTP <status>" does not say it (SMTP, Slack). */
  answer?: string;
}

/** Why an answer is not a success, or null when it is. Slack, say, fails with 200 `ok: false`. */
export type Judge = (response: OutboundResponse) => { kind: string; message: string } | null;

/** 2xx succeeds. A 3xx fails: following it could lead anywhere, a private network included. */
export const judgeByStatus: Judge = ({ statusCode, headers }) => {
  if (statusCode >= 200 && statusCode < 300) {
    return null;
  }
  if (statusCode >= 300 && statusCode < 400) {
    const to = headers.location ? ` to ${headers.location}` : '';
    return {
      kind: 'redirect',
      message:
        `The receiver answered ${statusCode} (a redirect${to}); ` +
        'Herald does not follow redirects',
    };
  }

  return { kind: 'http_status', message: `The receiver answered ${statusCode}` };
};

/** The response headers an attempt keeps: enough to debug, never a cookie. */
export const KEPT_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'retry-after',
  'location',
  'server',
  'date',
  'x-request-id',
];

export interface JsonAttempt {
  url: string;
  body: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  judge?: Judge;
}

/**
 * POSTs JSON through the installation's outbound client and describes the result as an attempt:
 * what every sender (webhook, Slack, PagerDuty, health webhook) hands back to the dispatcher.
 */
export async function postJsonAttempt(
  herald: Herald,
  attempt: JsonAttempt,
): Promise<AttemptOutcome> {
  const judge = attempt.judge ?? judgeByStatus;
  try {
    const response = await herald.outbound.postJson(
      attempt.url,
      attempt.body,
      { 'user-agent': 'Herald-Webhooks/1.0', ...attempt.headers },
      attempt.signal,
    );
    const verdict = judge(response);

    return {
      ok: verdict === null,
      statusCode: response.statusCode,
      errorKind: verdict?.kind ?? null,
      errorMessage: verdict?.message ?? null,
      responseHeaders: pickHeaders(response.headers),
      responseBody: response.body,
      durationMs: response.durationMs,
    };
  } catch (error) {
    if (!(error instanceof OutboundError)) {
      throw error;
    }

    return failedAttempt(error.kind, error.message, error.durationMs);
  }
}

export function failedAttempt(kind: string, message: string, durationMs = 0): AttemptOutcome {
  return {
    ok: false,
    statusCode: 0,
    errorKind: kind,
    errorMessage: message,
    responseHeaders: {},
    responseBody: '',
    durationMs,
  };
}

function pickHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) {
      kept[name] = value;
    }
  }

  return kept;
}
