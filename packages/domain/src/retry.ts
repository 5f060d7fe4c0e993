/** The platform's retry schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
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
