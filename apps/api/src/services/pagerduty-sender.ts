import { type DeliveryRow, type IntegrationRow, listDeliveries } from '@herald/db';
import type { Herald } from './herald.ts';
import type { AttemptOutcome } from './outbound/json-attempt.ts';
import { postProviderJson } from './provider-request.ts';

/** How far back a delivery looks for a newer event of its alert; more is never owed at once. */
const SUPERSEDE_WINDOW = 100;

/**
 * Sends a health event to PagerDuty's Events API v2. The event is the delivery's fixed body;
 * the routing key is a secret of the integration, added here so it is never stored in a body.
 * PagerDuty answers 202 when it accepts an event and 400 when the event or the key is wrong.
 */
export async function sendPagerDutyEvent(
  delivery: DeliveryRow,
  integration: IntegrationRow,
  herald: Herald,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const event = JSON.parse(delivery.body) as Record<string, unknown>;
  const newer = findNewerEvent(herald, delivery, event.dedup_key);
  if (newer !== undefined) {
    return superseded(newer);
  }

  const body = JSON.stringify({ routing_key: integration.secrets.routing_key ?? '', ...event });
  return postProviderJson(herald, 'PagerDuty', {
    url: `${herald.config.pagerDutyApiUrl}/v2/enqueue`,
    body,
    signal,
  });
}

/**
 * A trigger retried after its alert's resolve went out would open an alert nobody resolves.
 * PagerDuty only needs the latest state of an alert, so an event with a newer one for the same
 * dedup key is not sent at all. (Two first attempts in flight at once can still cross; reports
 * come seconds apart, so that is left to PagerDuty's own ordering.)
 */
function findNewerEvent(
  herald: Herald,
  delivery: DeliveryRow,
  dedupKey: unknown,
): DeliveryRow | undefined {
  const recent = listDeliveries(herald.db, delivery.integrationId, { limit: SUPERSEDE_WINDOW });
  for (const other of recent) {
    if (other.id === delivery.id) return undefined;
    if (other.createdAt > delivery.createdAt && readDedupKey(other.body) === dedupKey) {
      return other;
    }
  }

  return undefined;
}

function readDedupKey(body: string): unknown {
  try {
    return (JSON.parse(body) as { dedup_key?: unknown }).dedup_key;
  } catch {
    return undefined;
  }
}

function superseded(newer: DeliveryRow): AttemptOutcome {
  return {
    ok: true,
    statusCode: 0,
    errorKind: null,
    errorMessage: null,
    responseHeaders: {},
    responseBody: '',
    durationMs: 0,
    answer: `not sent: superseded by the newer notification ${newer.id} of the same alert`,
  };
}
