import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst of the limit, then says when the next call is allowed', () => {
    const clock = { now: () => 0 };
    const limiter = new RateLimiter(3, clock);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refills evenly over a minute', () => {
    let now = 0;
    const limiter = new RateLimiter(60, { now: () => now });
    for (let call = 0; call < 60; call += 1) limiter.take('a');
    expect(limiter.take('a').allowed).toBe(false);
    now += 1_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
