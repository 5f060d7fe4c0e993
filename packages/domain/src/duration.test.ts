import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('durations', () => {
  it('reads a number and a unit', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration(' 3d ')).toBe(259_200_000);
  });

  it('refuses anything else', () => {
    for (const text of ['', '5', 's', '5 weeks', '-5s', '5S']) {
      expect(parseDuration(text)).toBeNull();
    }
  });

  it('writes the shortest exact spelling', () => {
    expect(formatDuration(15_000)).toBe('15s');
    expect(formatDuration(36_000_000)).toBe('10h');
    expect(formatDuration(1_500)).toBe('1500ms');
  });
});
