import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A 13-character lowercase id like the platform's (`dyqzbqirawe5g`): 65 random bits. */
export function generateId(): string {
  const bytes = randomBytes(13);
  let id = '';
  for (const byte of bytes) {
    id += ALPHABET[byte & 31];
  }

  return id;
}

/** A Standard Webhooks message id, the `webhook-id` of a delivery. */
export function generateMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}
