import type { DeliveryRow, IntegrationRow } from '@herald/db';
import type { Herald } from './herald.ts';
import { type AttemptOutcome, sendWebhook } from './webhook-sender.ts';

/** Sends one delivery of one integration type; every type's sender says how it went the same way. */
export type Sender = (
  delivery: DeliveryRow,
  integration: IntegrationRow,
  herald: Herald,
) => Promise<AttemptOutcome>;

const SENDERS: Record<string, Sender> = {
  webhook: (delivery, integration, herald) =>
    sendWebhook(delivery, integration, herald.clock.now()),
};

export function findSender(type: string): Sender | undefined {
  return SENDERS[type];
}
