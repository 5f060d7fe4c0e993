import { describe, expect, it } from 'vitest';
import { parseSince } from './deliveries.ts';

describe('--failed-since', () => {
  const now = Date.parse('2025-05-01T12:00:00Z');

  it('takes a duration before now', () => {
    expect(parseSince('90m', now)).toBe('2025-05-01T10:30:00.000Z');
    expect(parseSince('3d', now)).toBe('2025-04-28T12:00:00.000Z');
  });

  it('takes an ISO time or date', () => {
    expect(parseSince('2025-04-30T08:00:00+02:00', now)).toBe('2025-04-30T06:00:00.000Z');
    expect(parseSince('2025-04-30', now)).toBe('2025-04-30T00:00:00.000Z');
  });

  it('refuses anything else with a usage error that shows both forms', () => {
    expect(() => parseSince('yesterday', now)).toThrow(
      '--failed-since takes an ISO time (2025-05-01T08:00:00Z) or a duration ago (24h, 3d), ' +
        'not "yesterday"',
    );
  });
});
