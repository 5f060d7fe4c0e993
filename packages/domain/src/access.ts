import { z } from 'zod';

/**
 * A user's role in a project, weakest first. admin: everything, integrations and users
 * included. contributor: environments, variables, backups, routes and activities; reads
 * integrations without their secrets. viewer: reads only.
 */
export const PROJECT_ROLES = ['viewer', 'contributor', 'admin'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const projectRoleSchema = z.enum(PROJECT_ROLES, {
  error: `must be one of ${PROJECT_ROLES.join(', ')}`,
});

/** The environment types a role per environment may name instead of one environment. */
export const ENVIRONMENT_TYPES = ['production', 'staging', 'development'] as const;

/** Who a `member` token acts as: an e-mail address or a plain name such as `ci-deploy`. */
export const projectUserSchema = z
  .string()
  .trim()
  .min(1, 'a user is required')
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/, {
    error: 'use letters, digits, ".", "_", "@", "+" and "-", starting with a letter or digit',
  });

/** Environment name or type -> role; an empty record leaves the project role unnarrowed. */
export const environmentRolesSchema = z.record(z.string().min(1).max(128), projectRoleSchema);

export interface Membership {
  role: ProjectRole;
  environmentRoles: Readonly<Record<string, ProjectRole>>;
}

export interface EnvironmentRef {
  name: string;
  /** production | staging | development */
  type: string;
}

export function roleRank(role: ProjectRole): number {
  return PROJECT_ROLES.indexOf(role);
}

export function hasRole(role: ProjectRole, needed: ProjectRole): boolean {
  return roleRank(role) >= roleRank(needed);
}

function weaker(a: ProjectRole, b: ProjectRole): ProjectRole {
  return roleRank(a) <= roleRank(b) ? a : b;
}

/**
 * The role a member holds on one environment. Roles per environment only ever narrow: an
 * admin stays admin everywhere (admins manage the users themselves); otherwise a role named
 * for the environment, else for its type, caps the project role, and an environment that the
 * list leaves out is read-only. With no roles per environment the project role holds.
 */
export function environmentRole(member: Membership, environment: EnvironmentRef): ProjectRole {
  if (member.role === 'admin') return 'admin';

  const roles = member.environmentRoles;
  if (Object.keys(roles).length === 0) return member.role;

  const named = roles[environment.name] ?? roles[environment.type];
  return named === undefined ? 'viewer' : weaker(member.role, named);
}

/**
 * The role a member holds for changes that reach every environment at once (a project-level
 * activity, a project-wide setting): narrowed members may touch only what they were given.
 */
export function projectWideRole(member: Membership): ProjectRole {
  if (member.role === 'admin') return 'admin';

  return Object.keys(member.environmentRoles).length === 0 ? member.role : 'viewer';
}
