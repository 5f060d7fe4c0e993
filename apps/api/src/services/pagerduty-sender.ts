import type { DeliveryRow, IntegrationRow } from '@herald/db';
import type { Herald } from './herald.ts';
import type { AttemptOutcome } from './outbound/json-attempt.ts';
import { postProviderJson } from './provider-request.ts';

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
  const body = JSON.stringify({ routing_key: integration.secrets.routing_key ?? '', ...event });
  return postProviderJson(herald, 'PagerDuty', {
    url: `${herald.config.pagerDutyApiUrl}/v2/enqueue`,
    body,
    signal,
  });
}
