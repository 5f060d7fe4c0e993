import type { DeliveryRow, IntegrationRow } from '@herald/db';
import type { Herald } from './herald.ts';
import type { AttemptOutcome } from './outbound/json-attempt.ts';
import { postProviderJson } from './provider-request.ts';

/**
 * Posts a health message with Slack's `chat.postMessage`. The text and blocks are the
 * delivery's fixed body; the channel and the bot token are the integration's, added here so
 * the token is never stored in a body.
 */
export async function sendSlackMessage(
  delivery: DeliveryRow,
  integration: IntegrationRow,
  herald: Herald,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const message = JSON.parse(delivery.body) as Record<string, unknown>;
  const body = JSON.stringify({ channel: integration.config.channel, ...message });

  return postProviderJson(
    herald,
    'Slack',
    {
      url: `${herald.config.slackApiUrl}/chat.postMessage`,
      body,
      headers: {
        // Slack reads a JSON body only with the charset given, and the token from the header.
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${integration.secrets.token ?? ''}`,
      },
      signal,
    },
    readSlackError,
  );
}

/** Slack answers HTTP 200 with `{"ok": false, "error": "..."}` when it refuses a call. */
function readSlackError(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { ok?: unknown; error?: unknown };
    if (parsed.ok === true) return null;

    return typeof parsed.error === 'string' ? parsed.error : 'ok: false';
  } catch {
    return 'an answer that is not JSON';
  }
}
