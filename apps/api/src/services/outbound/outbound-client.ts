import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { formatDuration } from '@herald/domain';
import { Agent, request } from 'undici';
import { type AddressPolicy, checkAddress, STRICT_POLICY } from './address-policy.ts';
import { OutboundError, type OutboundErrorKind, RefusedAddressError } from './outbound-error.ts';
import { type ResolvedAddress, type Resolver, systemResolver } from './resolver.ts';

export interface OutboundLimits {
  /** From the first byte of DNS to an open (TLS) connection. */
  connectTimeoutMs: number;
  /** The whole request: connect, send, headers and body. A trickling receiver is cut off here. */
  requestTimeoutMs: number;
  /** Bytes of a response body kept; the rest is never read. */
  maxResponseBytes: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = {
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  maxResponseBytes: 16 * 1024,
};

export interface OutboundResponse {
  statusCode: number;
  /** Every response header, lower-case names, repeated ones joined with ", ". */
  headers: Record<string, string>;
  /** The first `maxResponseBytes` of the body as UTF-8. */
  body: string;
  /** True when the body went on past what was kept. */
  truncated: boolean;
  durationMs: number;
}

export type TargetCheck =
  | { status: 'ok'; addresses: string[] }
  | { status: 'refused'; message: string }
  | { status: 'unresolved'; message: string };

export interface OutboundOptions {
  policy?: AddressPolicy;
  resolver?: Resolver;
  limits?: Partial<OutboundLimits>;
}

/** A name that does not answer in this long is saved with a warning rather than waited for. */
const SAVE_TIME_LOOKUP_MS = 3_000;

/**
 * The one way Herald's senders reach the outside. Every name is resolved once, inside the
 * connection's own lookup: each address is checked against the policy and the socket dials
 * exactly the addresses that passed, so a name cannot answer differently between the check and
 * the connection (DNS rebinding). Redirects are never followed: undici's `request` does not.
 */
export class OutboundClient {
  readonly limits: OutboundLimits;
  readonly #policy: AddressPolicy;
  readonly #resolver: Resolver;
  readonly #agent: Agent;

  constructor(options: OutboundOptions = {}) {
    this.limits = { ...DEFAULT_OUTBOUND_LIMITS, ...options.limits };
    this.#policy = options.policy ?? STRICT_POLICY;
    this.#resolver = options.resolver ?? systemResolver;
    this.#agent = new Agent({
      connect: { timeout: this.limits.connectTimeoutMs, lookup: this.#lookup },
      headersTimeout: this.limits.requestTimeoutMs,
      bodyTimeout: this.limits.requestTimeoutMs,
    });
  }

  /**
   * POSTs `body` as JSON and returns whatever status came back (the caller decides what counts
   * as success); throws an OutboundError when no complete answer came within the limits.
   */
  async postJson(
    url: string,
    body: string,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<OutboundResponse> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = this.#parseTarget(url);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.limits.requestTimeoutMs);
    // The caller's signal (shutdown) ends the request through the same controller. Not
    // AbortSignal.any: on Node 20 every call registers with the long-lived shutdown signal and
    // costs more than signing the delivery; this listener is removed when the request ends.
    const abandon = () => deadline.abort();
    signal?.addEventListener('abort', abandon, { once: true });
    if (signal?.aborted) deadline.abort();
    let statusCode = 0;

    try {
      const literal = stripBrackets(target.hostname);
      if (isIP(literal) !== 0) {
        this.#requireAllowed(literal, literal);
      }

      const response = await request(target, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: deadline.signal,
      });
      statusCode = response.statusCode;
      const { text, truncated } = await readLimited(response.body, this.limits.maxResponseBytes);

      return {
        statusCode,
        headers: flattenHeaders(response.headers),
        body: text,
        truncated,
        durationMs: elapsed(),
      };
    } catch (error) {
      const kind = signal?.aborted
        ? 'aborted'
        : deadline.signal.aborted
          ? 'timeout'
          : classifyError(error);
      throw new OutboundError(kind, this.#describe(kind, error, target, statusCode), {
        durationMs: elapsed(),
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abandon);
    }
  }

  /**
   * The save-time check of a target URL: a refused address is an error for the user to fix, a
   * name that does not resolve (yet) only a warning. Every send checks again.
   */
  async checkTarget(url: string): Promise<TargetCheck> {
    const hostname = stripBrackets(new URL(url).hostname);
    if (isIP(hostname) !== 0) {
      const verdict = checkAddress(this.#policy, hostname);
      return verdict.allowed
        ? { status: 'ok', addresses: [hostname] }
        : { status: 'refused', message: refusalMessage(hostname, hostname, verdict.reason) };
    }

    let addresses: ResolvedAddress[];
    try {
      addresses = await withTimeout(this.#resolver(hostname), SAVE_TIME_LOOKUP_MS);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'no answer';
      return {
        status: 'unresolved',
        message: `${hostname} does not resolve yet (${code}); every send will look it up again`,
      };
    }
    for (const { address } of addresses) {
      const verdict = checkAddress(this.#policy, address);
      if (!verdict.allowed) {
        return { status: 'refused', message: refusalMessage(hostname, address, verdict.reason) };
      }
    }

    return { status: 'ok', addresses: addresses.map(({ address }) => address) };
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** Node's `lookup` contract, for net/tls.connect: resolve, check every address, dial those. */
  readonly #lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    this.#resolver(hostname).then(
      (resolved) => {
        try {
          for (const { address } of resolved) this.#requireAllowed(hostname, address);
          const wanted = familyNumber(options.family);
          const usable = resolved.filter(({ family }) => wanted === 0 || wanted === family);
          const first = usable[0];
          if (first === undefined) {
            const error = Object.assign(new Error(`${hostname} has no usable address`), {
              code: 'ENOTFOUND',
            });
            return callback(error, []);
          }
          if (options.all) {
            return callback(null, usable);
          }
          callback(null, first.address, first.family);
        } catch (error) {
          callback(error as Error, []);
        }
      },
      (error: Error) => callback(error, []),
    );
  };

  #requireAllowed(hostname: string, address: string): void {
    const verdict = checkAddress(this.#policy, address);
    if (!verdict.allowed) {
      throw new RefusedAddressError(refusalMessage(hostname, address, verdict.reason));
    }
  }

  #parseTarget(url: string): URL {
    if (!URL.canParse(url)) {
      throw new OutboundError('invalid_url', `"${url}" is not a URL`);
    }
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new OutboundError('invalid_url', `"${url}" is not an http:// or https:// URL`);
    }

    return target;
  }

  #describe(kind: OutboundErrorKind, error: unknown, target: URL, statusCode: number): string {
    const limit = (ms: number) => formatDuration(ms);
    switch (kind) {
      case 'timeout':
        return statusCode > 0
          ? `The receiver answered ${statusCode} but did not finish within ` +
              limit(this.limits.requestTimeoutMs)
          : `No answer from ${target.host} within ${limit(this.limits.requestTimeoutMs)}`;
      case 'connect_timeout':
        return `No connection to ${target.host} within ${limit(this.limits.connectTimeoutMs)}`;
      case 'aborted':
        return 'The request was abandoned because Herald is shutting down';
      default:
        return error instanceof Error ? error.message : String(error);
    }
  }
}

function refusalMessage(hostname: string, address: string, reason: string): string {
  const subject = hostname === address ? address : `${hostname} resolves to ${address},`;
  return (
    `${subject} is ${reason}; Herald does not send to it unless HERALD_OUTBOUND_ALLOW ` +
    'includes its range'
  );
}

function familyNumber(family: LookupOptions['family']): number {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/** Keeps the first `limit` bytes and stops reading: a huge body must not fill our memory. */
async function readLimited(
  body: AsyncIterable<Buffer> & { destroy: () => void },
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      // Dropping the rest closes the connection instead of draining a body of any size.
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), truncated: true };
    }
  }

  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>) {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }

  return flat;
}

function classifyError(error: unknown): OutboundErrorKind {
  if (error instanceof OutboundError) return error.kind;
  if (error instanceof RefusedAddressError) return 'refused_address';

  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === 'ERR_HERALD_REFUSED_ADDRESS') return 'refused_address';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect_timeout';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA'].includes(code)) return 'dns';
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return 'connect';
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)) return 'reset';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL')) {
    return 'tls';
  }

  return 'network';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error('no answer'), { code: 'ETIMEOUT' })),
      ms,
    );
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
