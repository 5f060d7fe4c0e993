import { describe, expect, it } from 'vitest';
import { type ListedActivity, mergeActivity } from './live-activities.ts';

function activity(id: string, created: number, extra: Partial<ListedActivity> = {}) {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, created)).toISOString();
  return {
    id,
    created_at: at,
    updated_at: at,
    environments: ['main'],
    integration: null,
    state: 'pending',
    ...extra,
  };
}

const rules = { acceptNew: true, size: 3 };

describe('a live list of activities', () => {
  it('replaces a listed activity with its newer state, never with an older one', () => {
    const list = [activity('b', 2), activity('a', 1)];
    const done = { ...activity('a', 1), state: 'complete', updated_at: '2026-01-01T00:01:00.000Z' };
    const merged = mergeActivity(list, done, rules);
    expect(merged.map((row) => row.state)).toEqual(['pending', 'complete']);
    expect(mergeActivity(merged, activity('a', 1), rules)).toBe(merged);
  });

  it('puts a new activity on top of the newest page, keeping the page size', () => {
    const list = [activity('c', 3), activity('b', 2), activity('a', 1)];
    expect(mergeActivity(list, activity('d', 4), rules).map((row) => row.id)).toEqual([
      'd',
      'c',
      'b',
    ]);
  });

  it('leaves alone what belongs elsewhere', () => {
    const list = [activity('b', 2)];
    expect(mergeActivity(list, activity('x', 1), rules)).toBe(list);
    expect(mergeActivity(list, activity('d', 4), { ...rules, acceptNew: false })).toBe(list);
    expect(mergeActivity(list, activity('d', 4, { integration: 'i' }), rules)).toBe(list);
    const other = activity('d', 4, { environments: ['feature-x'] });
    expect(mergeActivity(list, other, { ...rules, environment: 'main' })).toBe(list);
  });
});
