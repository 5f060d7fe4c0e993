import type { DeliveryRow, IntegrationRow } from '@herald/db';
import { signDelivery } from '@herald/domain';
import { request } from 'undici';

export interface AttemptOutcome {
  ok: boolean;
  /** 0 when no HTTP response came back. */
  statusCode: number;
  errorKind: string | null;
  errorMessage: string | null;
  responseHeaders: Record<string, string>;
  responseBody: string;
  durationMs: number;
}

export interface SendLimits {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = {
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  maxResponseBytes: 16 * 1024,
};

const KEPT_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'retry-after',
  'location',
  'server',
];

/** POSTs a delivery's fixed bytes to the webhook's URL, signed, and says how it went. */
export async function sendWebhook(
  delivery: DeliveryRow,
  integration: IntegrationRow,
  now: number,
  limits: SendLimits = DEFAULT_SEND_LIMITS,
): Promise<AttemptOutcome> {
  const url = String(integration.config.url);
  const secret = integration.secrets.shared_key;
  const started = performance.now();
  const signed = await signDelivery(secret ? [secret] : [], {
    id: delivery.id,
    timestamp: Math.floor(now / 1000),
    body: delivery.body,
  });

  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Herald-Webhooks/1.0',
        ...signed,
      },
      body: delivery.body,
      signal: AbortSignal.timeout(limits.requestTimeoutMs),
      headersTimeout: limits.requestTimeoutMs,
      bodyTimeout: limits.requestTimeoutMs,
    });
    const body = await readLimited(response.body, limits.maxResponseBytes);
    const ok = response.statusCode >= 200 && response.statusCode < 300;

    return {
      ok,
      statusCode: response.statusCode,
      errorKind: ok ? null : 'http_status',
      errorMessage: ok ? null : `The receiver answered ${response.statusCode}`,
      responseHeaders: pickHeaders(response.headers),
      responseBody: body,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      ok: false,
      statusCode: 0,
      errorKind: classifyError(error),
      errorMessage: error instanceof Error ? error.message : String(error),
      responseHeaders: {},
      responseBody: '',
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** Keeps the first `limit` bytes and stops reading: a huge body must not fill our memory. */
async function readLimited(
  body: AsyncIterable<Buffer> & { destroy: () => void },
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }

  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function pickHeaders(headers: Record<string, string | string[] | undefined>) {
  const kept: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) {
      kept[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }

  return kept;
}

function classifyError(error: unknown): string {
  const code = (error as { code?: string; name?: string } | null)?.code;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError' || code?.includes('TIMEOUT')) {
    return 'timeout';
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return 'connect';
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return 'reset';
  }

  return 'network';
}
