import { describe, expect, it } from 'vitest';
import { CliError } from './errors.ts';
import { matchById } from './integration-select.ts';

const TOKENS = [
  { id: 'abcdefghijklm', name: 'ci' },
  { id: 'abzzzzzzzzzzz', name: 'ops' },
  { id: 'qrstuvwxyz234', name: 'alice' },
];
const how = { noun: 'Token', describe: (token: (typeof TOKENS)[number]) => token.name };

describe('matchById', () => {
  it('takes a full ID or any start only one ID has', () => {
    expect(matchById(TOKENS, 'qrstuvwxyz234', how).name).toBe('alice');
    expect(matchById(TOKENS, 'q', how).name).toBe('alice');
    expect(matchById(TOKENS, 'abc', how).name).toBe('ci');
  });

  it('refuses an ambiguous start with the candidates, and says what was not found', () => {
    expect(() => matchById(TOKENS, 'ab', how)).toThrow(
      new CliError('The ID ab is ambiguous; it matches:\n  ci\n  ops'),
    );
    expect(() => matchById(TOKENS, 'zz', how)).toThrow('Token not found: zz');
    try {
      matchById(TOKENS, 'ab', how);
    } catch (error) {
      expect((error as CliError).exitCode).toBe(1);
    }
  });
});
