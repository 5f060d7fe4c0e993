import { createHmac, timingSafeEqual } from 'node:crypto';
import { flattenedVerify } from 'jose';

export { generateHookSecret, generateSigningSecret } from './secrets.ts';

const WHSEC_PREFIX = 'whsec_';

/**
 * The HMAC key of a secret as Standard Webhooks defines it: the base64 part of a `whsec_`
 * secret, and otherwise the secret's own UTF-8 bytes (platform users' shared keys are free text).
 */
export function standardWebhooksKey(secret: string): Buffer {
  if (secret.startsWith(WHSEC_PREFIX)) {
    return Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64');
  }

  return Buffer.from(secret, 'utf8');
}

export interface SignatureInput {
  /** The `webhook-id`: the same for every attempt of one delivery. */
  id: string;
  /** Seconds since the epoch, as sent in `webhook-timestamp`. */
  timestamp: number;
  body: string;
}

export function signStandardWebhook(secret: string, input: SignatureInput): string {
  const mac = createHmac('sha256', standardWebhooksKey(secret))
    .update(`${input.id}.${input.timestamp}.${input.body}`)
    .digest('base64');

  return `v1,${mac}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'x-jws-signature': string;
}

/**
 * Every header a delivery is signed with. During a secret rotation both secrets sign: Standard
 * Webhooks lists the signatures space-separated; the JWS header carries the newest secret's.
 */
export async function signDelivery(
  secrets: readonly string[],
  input: SignatureInput,
): Promise<SignedHeaders> {
  const [newest] = secrets;
  if (newest === undefined) {
    throw new Error('A delivery needs at least one signing secret');
  }

  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': secrets.map((secret) => signStandardWebhook(secret, input)).join(' '),
    'x-jws-signature': await signJws(newest, input.body),
  };
}

const JWS_PROTECTED = Buffer.from(
  JSON.stringify({ alg: 'HS256', b64: false, crit: ['b64'] }),
).toString('base64url');

/**
 * A compact JWS with a detached, unencoded payload (RFC 7797): `<header>..<signature>`. The
 * receiver verifies it against the raw request body, keyed by the secret's UTF-8 bytes.
 * HS256 over `<header>.<raw payload>` (b64=false) is one HMAC: computed directly, as a JOSE
 * library's sign imported a WebCrypto key per call and took 14 times as long, on every attempt.
 */
export async function signJws(secret: string, body: string): Promise<string> {
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${JWS_PROTECTED}.`)
    .update(body)
    .digest('base64url');

  return `${JWS_PROTECTED}..${signature}`;
}

export async function verifyJws(secret: string, body: string, jws: string): Promise<boolean> {
  const [header, payload, signature] = jws.split('.');
  if (header === undefined || payload !== '' || signature === undefined) {
    return false;
  }

  try {
    await flattenedVerify(
      { protected: header, payload: body, signature },
      new TextEncoder().encode(secret),
    );
    return true;
  } catch {
    return false;
  }
}

/** Constant-time comparison of two strings, for tokens and signatures received from outside. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);

  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The `X-Hub-Signature-256` (GitHub) and `X-Hub-Signature` (Bitbucket Cloud and Server) value:
 * `sha256=` and the hex HMAC-SHA256 of the raw body, keyed by the secret's UTF-8 bytes.
 */
export function signHubSignature(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks a received `sha256=<hex>` hub signature over the exact bytes received. */
export function verifyHubSignature(
  secret: string,
  body: Uint8Array | string,
  header: string | undefined,
): boolean {
  if (header === undefined) {
    return false;
  }

  return safeEqual(header.trim().toLowerCase(), signHubSignature(secret, body));
}
