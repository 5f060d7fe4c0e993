import { describe, expect, it } from 'vitest';
import { describeDelivery, excerpt, formatDuration, formatSetting, formatTime } from './format.ts';

describe('what the pages print', () => {
  it('says a delivery in the words of activities', () => {
    expect(describeDelivery({ status: 'pending', attempt_count: 0 })).toEqual({
      state: 'pending',
      result: null,
    });
    expect(describeDelivery({ status: 'pending', attempt_count: 2 })).toEqual({
      state: 'retrying',
      result: null,
    });
    expect(describeDelivery({ status: 'succeeded', attempt_count: 1 })).toEqual({
      state: 'complete',
      result: 'success',
    });
    expect(describeDelivery({ status: 'failed', attempt_count: 8 })).toEqual({
      state: 'complete',
      result: 'failure',
    });
  });

  it('prints times in UTC to the second, whatever the reader’s zone', () => {
    expect(formatTime('2026-12-03T13:05:12.345Z')).toBe('2026-12-03 13:05:12 UTC');
    expect(formatTime(null)).toBe('—');
  });

  it('keeps response excerpts to one short line', () => {
    expect(excerpt('ok\n  thanks')).toBe('ok thanks');
    expect(excerpt('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('prints durations and settings as people read them', () => {
    expect(formatDuration(42)).toBe('42 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatSetting(['environment.push', 'environment.branch'])).toBe(
      'environment.push, environment.branch',
    );
    expect(formatSetting([])).toBe('(none)');
    expect(formatSetting(false)).toBe('no');
    expect(formatSetting(undefined)).toBe('—');
  });
});
