const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/**
 * Milliseconds in a duration written as a number and a unit (`500ms`, `5s`, `30m`, `2h`, `3d`),
 * or null when the text is not one. Operators write schedules and "since" times this way.
 */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    return null;
  }

  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

/** The shortest exact spelling of a duration, for messages and logs: `90000` -> `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) {
      return `${ms / size}${unit}`;
    }
  }

  return `${ms}ms`;
}
