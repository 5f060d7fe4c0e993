import { describe, expect, it } from 'vitest';
import { HeraldError } from './errors.ts';
import { parseRoleSpecs } from './user-roles.ts';

describe('--role values', () => {
  it('reads a project role and roles per environment or type', () => {
    expect(parseRoleSpecs(['contributor', 'main:viewer', 'feature/x:admin', 'old:none'])).toEqual({
      project: 'contributor',
      environments: { main: 'viewer', 'feature/x': 'admin', old: 'none' },
    });
  });

  it.each([
    ['owner', 'not a role'],
    ['main:boss', 'not a role'],
    [':viewer', 'name the environment'],
  ])('refuses %s', (spec, reason) => {
    expect(() => parseRoleSpecs([spec])).toThrow(HeraldError);
    expect(() => parseRoleSpecs([spec])).toThrow(reason);
  });
});
