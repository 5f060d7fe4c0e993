import type { Herald } from './herald.ts';
import {
  type AttemptOutcome,
  type Judge,
  judgeByStatus,
  postJsonAttempt,
} from './outbound/json-attempt.ts';

export interface ProviderRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/**
 * POSTs JSON to a provider's API (Slack, PagerDuty) through the installation's outbound client:
 * the same address checks, time and size limits as a webhook, and no redirect followed. A 2xx
 * answer succeeds unless `refusal` finds a refusal in its body (Slack answers 200 with
 * `ok: false`); then the attempt fails as `provider_error` and its log line says why.
 */
export async function postProviderJson(
  herald: Herald,
  provider: string,
  request: ProviderRequest,
  refusal?: (body: string) => string | null,
): Promise<AttemptOutcome> {
  let refused: string | null = null;
  const judge: Judge = (response) => {
    const verdict = judgeByStatus(response);
    if (verdict !== null || refusal === undefined) return verdict;

    refused = refusal(response.body);
    return refused === null
      ? null
      : { kind: 'provider_error', message: `${provider} refused it: ${refused}` };
  };

  const outcome = await postJsonAttempt(herald, {
    url: request.url,
    body: request.body,
    headers: { 'user-agent': 'Herald/1.0', ...request.headers },
    ...(request.signal ? { signal: request.signal } : {}),
    judge,
  });
  if (outcome.errorKind !== 'provider_error') return outcome;

  return { ...outcome, answer: `${provider} error ${refused} (HTTP ${outcome.statusCode})` };
}
