/**
 * The platform's retry schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 10 h.
 */
export const DEFAULT_RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

export const RETRY_JITTER = 0.2;

/**
 * When the next attempt is due after `attemptsMade` attempts failed, or null when the schedule
 * is spent. `random` is in [0, 1) and spreads the delay by ±20 % so receivers that failed together
 * are not retried together.
 */
export function nextRetryDelay(
  attemptsMade: number,
  random: number,
  schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS,
): number | null {
  const base = schedule[attemptsMade - 1];
  if (base === undefined) {
    return null;
  }

  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}

/**
 * How long a receiver asked us to wait (`Retry-After`: seconds, or an HTTP date), in
 * milliseconds from `now`; null when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) {
    return null;
  }

  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  if (Number.isNaN(date)) {
    return null;
  }

  return Math.max(0, date - now);
}

/**
 * The wait before the next attempt once the receiver's `Retry-After` is weighed in. The header
 * can lengthen the scheduled wait but never shorten it (a receiver cannot make us hammer it),
 * and it counts only up to the schedule's longest step (nor can it park deliveries for weeks).
 */
export function applyRetryAfter(
  scheduledMs: number,
  retryAfterMs: number | null,
  schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS,
): number {
  if (retryAfterMs === null) {
    return scheduledMs;
  }

  return Math.max(scheduledMs, Math.min(retryAfterMs, Math.max(...schedule)));
}

/** An integration whose deliveries have failed this long without one success is disabled. */
export const FAILING_INTEGRATION_DISABLE_MS = 5 * 86_400_000;
