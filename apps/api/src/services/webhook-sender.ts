import type { DeliveryRow, IntegrationRow } from '@herald/db';
import { signDelivery } from '@herald/domain';
import type { Herald } from './herald.ts';
import { type AttemptOutcome, failedAttempt, postJsonAttempt } from './outbound/json-attempt.ts';

export type { AttemptOutcome } from './outbound/json-attempt.ts';

/**
 * The secrets a delivery is signed with now: the current one first, then any that a rotation
 * replaced less than 24 hours ago, so receivers still holding the old one can verify.
 */
export function signingSecrets(integration: IntegrationRow, field: string, now: number): string[] {
  const current = integration.secrets[field];
  const retiring = integration.retiringSecrets[field];
  const secrets = current === undefined ? [] : [current];
  if (retiring !== undefined && retiring.until > now && retiring.value !== current) {
    secrets.push(retiring.value);
  }

  return secrets;
}

/** POSTs a delivery's fixed bytes to the webhook's URL, signed, and says how it went. */
export async function sendWebhook(
  delivery: DeliveryRow,
  integration: IntegrationRow,
  herald: Herald,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const now = herald.clock.now();
  const secrets = signingSecrets(integration, 'shared_key', now);
  if (secrets.length === 0) {
    return failedAttempt('internal', `Webhook integration ${integration.id} has no shared key`);
  }

  const signed = await signDelivery(secrets, {
    id: delivery.id,
    timestamp: Math.floor(now / 1000),
    body: delivery.body,
  });

  return postJsonAttempt(herald, {
    url: String(integration.config.url),
    body: delivery.body,
    headers: { ...signed },
    ...(signal ? { signal } : {}),
  });
}
