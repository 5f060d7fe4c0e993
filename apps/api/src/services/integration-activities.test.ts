import { describe, expect, it } from 'vitest';
import { expandTypePattern } from './integration-activities.ts';

describe('expandTypePattern', () => {
  it('lets "environment." be left out, as the platform CLI does', () => {
    expect(expandTypePattern('push')).toEqual(['push', 'environment.push']);
    expect(expandTypePattern('variable.*')).toEqual(['variable.*', 'environment.variable.*']);
  });

  it('reads % as a wildcard and keeps full or leading-wildcard patterns as they are', () => {
    expect(expandTypePattern('environment.%')).toEqual(['environment.*']);
    expect(expandTypePattern('*.push')).toEqual(['*.push']);
  });
});
