import type { DeliveryRow, IntegrationRow } from '@herald/db';
import { sendHealthEmail } from './email-sender.ts';
import type { Herald } from './herald.ts';
import type { AttemptOutcome } from './outbound/json-attempt.ts';
import { sendPagerDutyEvent } from './pagerduty-sender.ts';
import { sendSlackMessage } from './slack-sender.ts';
import { sendWebhook } from './webhook-sender.ts';

export type { AttemptOutcome } from './outbound/json-attempt.ts';

/**
 * Sends one delivery of one integration type; every type's sender says how it went the same
 * way. `signal` aborts the send when Herald shuts down and cannot wait any longer; a sender
 * that posts through `postJsonAttempt` only has to pass it on.
 */
export type Sender = (
  delivery: DeliveryRow,
  integration: IntegrationRow,
  herald: Herald,
  signal?: AbortSignal,
) => Promise<AttemptOutcome>;

const SENDERS: Record<string, Sender> = {
  webhook: sendWebhook,
  'health.email': sendHealthEmail,
  'health.slack': sendSlackMessage,
  'health.pagerduty': sendPagerDutyEvent,
  // A health webhook is signed and sent as a webhook is; only its body differs.
  'health.webhook': sendWebhook,
};

export function findSender(type: string): Sender | undefined {
  return SENDERS[type];
}
