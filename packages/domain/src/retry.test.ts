import { describe, expect, it } from 'vitest';
import {
  applyRetryAfter,
  DEFAULT_RETRY_SCHEDULE_MS,
  nextRetryDelay,
  parseRetryAfter,
} from './retry.ts';

describe('retry schedule', () => {
  it('follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const middle = 0.5;
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempts) => nextRetryDelay(attempts, middle));
    expect(delays).toEqual([...DEFAULT_RETRY_SCHEDULE_MS]);
    expect(nextRetryDelay(8, middle)).toBeNull();
  });

  it('spreads each delay by at most 20 % either way', () => {
    expect(nextRetryDelay(1, 0)).toBe(4_000);
    expect(nextRetryDelay(1, 0.999999)).toBe(6_000);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('lengthens the scheduled wait, never shortens it, and is capped by the longest step', () => {
    expect(applyRetryAfter(5_000, 60_000)).toBe(60_000);
    expect(applyRetryAfter(300_000, 1_000)).toBe(300_000);
    expect(applyRetryAfter(5_000, 30 * 86_400_000)).toBe(10 * 3_600_000);
    expect(applyRetryAfter(5_000, null)).toBe(5_000);
  });
});
