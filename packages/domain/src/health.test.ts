import { describe, expect, it } from 'vitest';
import {
  classifyHealth,
  detectHealthChange,
  freePercent,
  type HealthState,
  healthReportSchema,
} from './health.ts';

describe('classifyHealth', () => {
  it.each([
    [0, 100, 'normal'],
    [80, 100, 'normal'],
    [81, 100, 'warning'],
    [90, 100, 'warning'],
    [91, 100, 'critical'],
    [100, 100, 'critical'],
  ] as const)('%i used of %i is %s', (used, total, state) => {
    expect(classifyHealth(used, total)).toBe(state);
  });

  it('puts the boundaries exactly at 20 % and 10 % free, even for huge disks', () => {
    const total = 10 * 2 ** 48;
    expect(classifyHealth(total - total / 5, total)).toBe('normal');
    expect(classifyHealth(total - total / 5 + 1, total)).toBe('warning');
    expect(classifyHealth(total - total / 10, total)).toBe('warning');
    expect(classifyHealth(total - total / 10 + 1, total)).toBe('critical');
  });
});

describe('freePercent', () => {
  it('rounds down to one decimal, so a warning never reads 20 %', () => {
    expect(freePercent(8001, 10000)).toBe(19.9);
    expect(freePercent(85, 100)).toBe(15);
    expect(freePercent(100, 100)).toBe(0);
  });
});

describe('detectHealthChange', () => {
  it('notifies only changes of state across a run of readings', () => {
    const readings: HealthState[] = ['normal', 'warning', 'warning', 'critical', 'normal'];
    let previous: HealthState | undefined;
    const kinds: string[] = [];
    for (const state of readings) {
      const change = detectHealthChange(previous, state);
      if (change) kinds.push(change.kind);
      previous = state;
    }

    expect(kinds).toEqual(['warning', 'critical', 'recovery']);
  });

  it('treats a first reading as coming from normal', () => {
    expect(detectHealthChange(undefined, 'normal')).toBeNull();
    expect(detectHealthChange(undefined, 'critical')).toEqual({
      from: 'normal',
      to: 'critical',
      kind: 'critical',
    });
  });

  it('tells a critical metric that improves to warning', () => {
    expect(detectHealthChange('critical', 'warning')?.kind).toBe('warning');
  });
});

describe('healthReportSchema', () => {
  it('names the field at fault', () => {
    const parsed = healthReportSchema.safeParse({
      environment: 'main',
      service: 'app',
      metric: 'memory',
      used: 11,
      total: 10,
    });

    expect(parsed.success).toBe(false);
    const messages = parsed.error?.issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(messages).toContain('metric: "memory" is not a metric; use disk or inodes');
  });

  it('refuses more used than total', () => {
    const parsed = healthReportSchema.safeParse({
      environment: 'main',
      service: 'app',
      metric: 'disk',
      used: 11,
      total: 10,
    });

    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['used'],
      message: 'used cannot be more than total',
    });
  });

  it('says once that a figure past 2^53 is too large and once that a name is required', () => {
    const parsed = healthReportSchema.safeParse({
      environment: '',
      service: 'app',
      metric: 'disk',
      // As the CLI reads `--used 99999999999999999998`: the digits past 2^53 are already lost.
      used: Number('99999999999999999998'),
      total: Number('99999999999999999999'),
    });

    const messages = parsed.error?.issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(messages).toEqual([
      'environment: an environment name is required',
      'used: used is too large: at most 9007199254740991',
      'total: total is too large: at most 9007199254740991',
    ]);
  });
});
