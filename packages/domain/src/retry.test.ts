import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay } from './retry.ts';

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
