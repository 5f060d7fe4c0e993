import { describe, expect, it } from 'vitest';
import { environmentRole, hasRole, projectWideRole } from './access.ts';

const main = { name: 'main', type: 'production' };
const feature = { name: 'feature-x', type: 'development' };
const staging = { name: 'qa', type: 'staging' };

describe('roles', () => {
  it('orders viewer < contributor < admin', () => {
    expect(hasRole('admin', 'contributor')).toBe(true);
    expect(hasRole('contributor', 'contributor')).toBe(true);
    expect(hasRole('viewer', 'contributor')).toBe(false);
  });

  it('keeps the project role everywhere when no environment is named', () => {
    const member = { role: 'contributor' as const, environmentRoles: {} };
    expect(environmentRole(member, main)).toBe('contributor');
    expect(projectWideRole(member)).toBe('contributor');
  });

  it('narrows a contributor by environment name, then by type, else to viewer', () => {
    const member = {
      role: 'contributor' as const,
      environmentRoles: { main: 'viewer' as const, development: 'contributor' as const },
    };
    expect(environmentRole(member, main)).toBe('viewer');
    expect(environmentRole(member, feature)).toBe('contributor');
    expect(environmentRole(member, staging)).toBe('viewer');
    expect(projectWideRole(member)).toBe('viewer');
  });

  it('never raises a role above the project role', () => {
    const member = { role: 'viewer' as const, environmentRoles: { main: 'admin' as const } };
    expect(environmentRole(member, main)).toBe('viewer');
  });

  it('leaves an admin admin everywhere', () => {
    const member = { role: 'admin' as const, environmentRoles: { main: 'viewer' as const } };
    expect(environmentRole(member, main)).toBe('admin');
    expect(projectWideRole(member)).toBe('admin');
  });
});
