import { describe, expect, it } from 'vitest';
import type { ActivityResult, ActivityState } from './activity.ts';
import { type FilterableActivity, filterFieldsSchema, matchesFilters } from './filters.ts';

const defaults = filterFieldsSchema.parse({});

function activity(overrides: Partial<FilterableActivity> = {}): FilterableActivity {
  return {
    type: 'environment.push',
    state: 'complete' as ActivityState,
    result: 'success' as ActivityResult,
    environments: ['main'],
    ...overrides,
  };
}

function filters(overrides: Record<string, unknown>) {
  return filterFieldsSchema.parse(overrides);
}

describe('filter defaults', () => {
  it('are every event, complete only, any result, every environment, none excluded', () => {
    expect(defaults).toEqual({
      events: ['*'],
      states: ['complete'],
      result: '*',
      environments: ['*'],
      excluded_environments: [],
    });
  });

  it('let a completed activity through and hold back pending and in-progress ones', () => {
    expect(matchesFilters(defaults, activity())).toBe(true);
    expect(matchesFilters(defaults, activity({ state: 'pending', result: null }))).toBe(false);
    expect(matchesFilters(defaults, activity({ state: 'in_progress', result: null }))).toBe(false);
    expect(matchesFilters(defaults, activity({ state: 'cancelled', result: null }))).toBe(false);
  });
});

describe('events', () => {
  it('match exactly without wildcards', () => {
    const only = filters({ events: ['environment.push'] });
    expect(matchesFilters(only, activity())).toBe(true);
    expect(matchesFilters(only, activity({ type: 'environment.branch' }))).toBe(false);
  });

  it('match shell-style globs across dots', () => {
    const variables = filters({ events: ['environment.variable.*'] });
    expect(matchesFilters(variables, activity({ type: 'environment.variable.create' }))).toBe(true);
    expect(matchesFilters(variables, activity({ type: 'environment.push' }))).toBe(false);

    const everyUpdate = filters({ events: ['environment.*.update'] });
    expect(matchesFilters(everyUpdate, activity({ type: 'environment.route.update' }))).toBe(true);
    expect(matchesFilters(everyUpdate, activity({ type: 'environment.route.create' }))).toBe(false);
  });

  it('treat ? as exactly one character', () => {
    const one = filters({ events: ['environment.pus?'] });
    expect(matchesFilters(one, activity({ type: 'environment.push' }))).toBe(true);
    expect(matchesFilters(one, activity({ type: 'environment.pushx' }))).toBe(false);
  });

  it('match when any of several patterns matches', () => {
    const two = filters({ events: ['environment.branch', 'environment.push'] });
    expect(matchesFilters(two, activity({ type: 'environment.branch' }))).toBe(true);
    expect(matchesFilters(two, activity({ type: 'environment.push' }))).toBe(true);
    expect(matchesFilters(two, activity({ type: 'environment.merge' }))).toBe(false);
  });

  it('refuse names and patterns that match no event type', () => {
    const unknown = filterFieldsSchema.safeParse({ events: ['environment.pushed'] });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.message).toContain('"environment.pushed" is not an event');
    expect(unknown.error?.issues[0]?.path).toEqual(['events', 0]);

    const noMatch = filterFieldsSchema.safeParse({ events: ['project.foo.*'] });
    expect(noMatch.error?.issues[0]?.message).toContain('matches no event type');
  });
});

describe('states', () => {
  it('report only the listed states', () => {
    const started = filters({ states: ['pending', 'in_progress'] });
    expect(matchesFilters(started, activity({ state: 'pending', result: null }))).toBe(true);
    expect(matchesFilters(started, activity({ state: 'in_progress', result: null }))).toBe(true);
    expect(matchesFilters(started, activity())).toBe(false);
  });

  it('accept * for every state', () => {
    const all = filters({ states: ['*'] });
    expect(matchesFilters(all, activity({ state: 'cancelled', result: null }))).toBe(true);
  });

  it('refuse an unknown state by name', () => {
    const parsed = filterFieldsSchema.safeParse({ states: ['done'] });
    expect(parsed.error?.issues[0]?.message).toBe(
      '"done" is not a state; use pending, in_progress, complete or cancelled',
    );
  });
});

describe('result', () => {
  it('passes both results with *', () => {
    expect(matchesFilters(defaults, activity({ result: 'failure' }))).toBe(true);
  });

  it('passes only failures with failure, and only successes with success', () => {
    const failures = filters({ result: 'failure' });
    expect(matchesFilters(failures, activity({ result: 'failure' }))).toBe(true);
    expect(matchesFilters(failures, activity({ result: 'success' }))).toBe(false);

    const successes = filters({ result: 'success' });
    expect(matchesFilters(successes, activity({ result: 'success' }))).toBe(true);
    expect(matchesFilters(successes, activity({ result: 'failure' }))).toBe(false);
  });

  it('holds back an activity with no result yet unless the filter is *', () => {
    const pendingToo = filters({ states: ['pending'], result: 'success' });
    expect(matchesFilters(pendingToo, activity({ state: 'pending', result: null }))).toBe(false);
  });

  it('refuses an unknown result', () => {
    expect(filterFieldsSchema.safeParse({ result: 'ok' }).success).toBe(false);
  });
});

describe('environments', () => {
  it('include by glob', () => {
    const features = filters({ environments: ['feature-*'] });
    expect(matchesFilters(features, activity({ environments: ['feature-x'] }))).toBe(true);
    expect(matchesFilters(features, activity({ environments: ['main'] }))).toBe(false);
  });

  it('exclude by glob, and exclusion wins over inclusion', () => {
    const notStaging = filters({ excluded_environments: ['staging*'] });
    expect(matchesFilters(notStaging, activity({ environments: ['staging-2'] }))).toBe(false);
    expect(matchesFilters(notStaging, activity({ environments: ['main'] }))).toBe(true);

    const both = filters({ environments: ['feature-*'], excluded_environments: ['feature-old'] });
    expect(matchesFilters(both, activity({ environments: ['feature-old'] }))).toBe(false);
    expect(matchesFilters(both, activity({ environments: ['feature-new'] }))).toBe(true);
  });

  it('match when one of several environments is included and none is excluded', () => {
    const main = filters({ environments: ['main'] });
    expect(matchesFilters(main, activity({ environments: ['feature', 'main'] }))).toBe(true);

    const excluded = filters({ excluded_environments: ['feature'] });
    expect(matchesFilters(excluded, activity({ environments: ['feature', 'main'] }))).toBe(false);
  });
});

describe('project-level activities', () => {
  const domain = activity({ type: 'project.domain.create', environments: [] });

  it('pass while environments is *', () => {
    expect(matchesFilters(defaults, domain)).toBe(true);
    expect(matchesFilters(filters({ excluded_environments: ['main'] }), domain)).toBe(true);
  });

  it('are held back by any narrower environments filter', () => {
    expect(matchesFilters(filters({ environments: ['main'] }), domain)).toBe(false);
    expect(matchesFilters(filters({ environments: ['*', 'main'] }), domain)).toBe(true);
  });
});
