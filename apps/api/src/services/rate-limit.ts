import type { Clock } from './herald.ts';

interface Bucket {
  tokens: number;
  /** Epoch milliseconds of the last refill. */
  at: number;
}

/** Thrown when a key has used up its calls; `Retry-After` says when to retry. */
export class RateLimitedError extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message?: string) {
    super(
      message ??
        `Too many requests for this token; retry after ${retryAfterSeconds} s ` +
          '(the limit is HERALD_RATE_LIMIT_PER_MINUTE on the server)',
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The key of a caller of the API or the Git remote: its token, else its address. */
export function callerKey(tokenId: string | null, address: string): string {
  return tokenId === null ? `address:${address}` : `token:${tokenId}`;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per key (an API token, or a client address for calls without one; an
 * integration for provider hooks): up to
 * `perMinute` calls at once, refilled evenly over a minute. Kept in memory: each API process
 * counts its own calls, so several processes behind one address allow that many times more.
 * A limit of 0 turns it off (for benchmarks that measure the API itself).
 */
export class RateLimiter {
  readonly #perMinute: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();
  #prunedAt = 0;

  constructor(perMinute: number, clock: Clock) {
    this.#perMinute = perMinute;
    this.#clock = clock;
  }

  take(key: string): RateDecision {
    if (this.#perMinute === 0) return { allowed: true };

    const now = this.#clock.now();
    const perMs = this.#perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.#perMinute, at: now };
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    // Many callers at once (a scan from many addresses): sweep at most once a second.
    if (this.#buckets.size > 10_000 && now - this.#prunedAt >= 1_000) this.#forgetFull(now);

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }

    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }

  /** A full bucket says nothing a new one would not: dropping them bounds the memory. */
  #forgetFull(now: number): void {
    this.#prunedAt = now;
    const perMs = this.#perMinute / 60_000;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= this.#perMinute) {
        this.#buckets.delete(key);
      }
    }
  }
}
