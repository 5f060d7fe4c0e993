/**
 * Who may do what. Every tRPC procedure declares the role it needs through the builders in
 * trpc.ts, which call `requireProjectRole` / `requireEnvironmentRoles` here before the
 * procedure runs. Code outside tRPC asks the same questions directly:
 *
 *   - the Git remote: `mayOnEnvironment(herald, token, project, branch, 'contributor')` before
 *     a push, `'viewer'` before a fetch (the token from `findActiveToken` in tokens.ts, given
 *     the password of Git's Basic auth; `authenticate` reads a Bearer header);
 *   - `user:add|update|delete`: `grantProjectAccess` / `revokeProjectAccess` write the
 *     membership and the `environment.access.add|remove` activities in one transaction;
 *   - lists that span projects: `visibleProjectIds` says which ones a token may see.
 *
 * A new tRPC procedure picks its builder in trpc.ts (tokenProcedure, viewerProcedure,
 * contributorProcedure, adminProcedure, installationAdminProcedure) and gets a line in
 * apps/api/test/access-rules.ts. A contributor procedure names the environment it acts on
 * as `input.environment` (or `input.environments`), or says how in `.meta({ environments })`;
 * one that names none counts as touching the whole project, which narrowed users may not.
 *
 * A token is either an installation admin (every project, admin everywhere) or a `member`
 * acting as a project user, whose role in each project comes from `project_users` and may be
 * narrowed per environment (see `environmentRole` in the domain).
 */
import {
  type ApiTokenRow,
  deleteProjectUser,
  type EnvironmentRow,
  findEnvironment,
  findProject,
  findProjectUser,
  listEnvironments,
  listMembershipsOfUser,
  type ProjectRow,
  type ProjectUserRow,
  saveProjectUser,
} from '@herald/db';
import {
  type EnvironmentRef,
  environmentRole,
  forbidden,
  hasRole,
  type Membership,
  notFound,
  type ProjectRole,
  projectWideRole,
} from '@herald/domain';
import { recordActivity } from './activities.ts';
import { type Herald, isoNow } from './herald.ts';

/** What a procedure requires: any valid token, a role in the input's project, or more. */
export type Access = 'token' | ProjectRole | 'installation-admin';

/** A caller's standing in one project, found before a project procedure runs. */
export interface ProjectAccess {
  project: ProjectRow;
  role: ProjectRole;
  member: Membership;
  /** The user a member token acts as; null for installation admins. */
  user: string | null;
}

/** The environments a call acts on; `project` for a change that reaches all of them. */
export type EnvironmentTarget = string[] | 'project';

const EVERYTHING: Membership = { role: 'admin', environmentRoles: {} };

export function isInstallationAdmin(token: ApiTokenRow): boolean {
  return token.role === 'admin';
}

/** A short way to name a token in messages, without anything secret. */
export function describeToken(token: ApiTokenRow): string {
  const who = token.user === null ? 'installation admin' : `user ${token.user}`;
  return `token "${token.name}" (${token.prefix}…, ${who})`;
}

export function toMembership(row: ProjectUserRow): Membership {
  return {
    role: row.role as ProjectRole,
    environmentRoles: row.environmentRoles as Record<string, ProjectRole>,
  };
}

/** The token's standing in the project, or null when it has none (or the project is gone). */
export function findProjectAccess(
  herald: Herald,
  token: ApiTokenRow,
  projectId: string,
): ProjectAccess | null {
  const project = findProject(herald.db, projectId);
  if (project === undefined) return null;
  if (isInstallationAdmin(token)) {
    return { project, role: 'admin', member: EVERYTHING, user: null };
  }
  if (token.user === null) return null;

  const row = findProjectUser(herald.db, projectId, token.user);
  if (row === undefined) return null;

  const member = toMembership(row);
  return { project, role: member.role, member, user: token.user };
}

/**
 * Throws unless the token holds `needed` in the project. A member token gets the same answer
 * for a project that does not exist and one it may not see, so ids cannot be probed.
 */
export function requireProjectRole(
  herald: Herald,
  token: ApiTokenRow,
  projectId: string,
  needed: ProjectRole,
): ProjectAccess {
  const access = findProjectAccess(herald, token, projectId);
  if (access === null) {
    if (isInstallationAdmin(token)) {
      throw notFound(`Project ${projectId} not found; run "herald project:list" to see projects`);
    }
    throw forbidden(
      `This needs the ${needed} role in project ${projectId}; ${describeToken(token)} has no ` +
        'role there. An admin of the project can grant one.',
    );
  }
  if (!hasRole(access.role, needed)) {
    throw forbidden(
      `This needs the ${needed} role in project ${projectId}; ${describeToken(token)} ` +
        `has ${access.role}.`,
    );
  }

  return access;
}

function environmentRef(row: EnvironmentRow | undefined, name: string): EnvironmentRef {
  // A name not created yet has no type: only a role given for that very name can match it.
  return { name, type: row?.type ?? '' };
}

/** The member's role on one environment of the project. */
export function roleOnEnvironment(
  herald: Herald,
  access: ProjectAccess,
  environment: string,
): ProjectRole {
  const row = findEnvironment(herald.db, access.project.id, environment);
  return environmentRole(access.member, environmentRef(row, environment));
}

/**
 * Throws unless the member holds `needed` on every environment the call acts on: roles per
 * environment narrow what a contributor may touch (see `environmentRole`).
 */
export function requireEnvironmentRoles(
  herald: Herald,
  access: ProjectAccess,
  target: EnvironmentTarget,
  needed: ProjectRole,
): void {
  if (target === 'project') {
    const role = projectWideRole(access.member);
    if (!hasRole(role, needed)) {
      throw forbidden(
        `This changes the whole project ${access.project.id} and needs the ${needed} role on ` +
          `every environment; user ${access.user} has it on some environments only.`,
      );
    }
    return;
  }

  for (const environment of target) {
    const role = roleOnEnvironment(herald, access, environment);
    if (!hasRole(role, needed)) {
      throw forbidden(
        `This needs the ${needed} role on environment ${environment} of project ` +
          `${access.project.id}; user ${access.user} has ${role} there.`,
      );
    }
  }
}

/** "May this token do X on environment E": for callers outside tRPC such as the Git remote. */
export function mayOnEnvironment(
  herald: Herald,
  token: ApiTokenRow,
  projectId: string,
  environment: string,
  needed: ProjectRole,
): boolean {
  const access = findProjectAccess(herald, token, projectId);
  if (access === null || !hasRole(access.role, needed)) return false;

  return hasRole(roleOnEnvironment(herald, access, environment), needed);
}

/** The projects a token may see: every one for installation admins. */
export function visibleProjectIds(herald: Herald, token: ApiTokenRow): Set<string> | 'all' {
  if (isInstallationAdmin(token)) return 'all';
  if (token.user === null) return new Set();

  return new Set(listMembershipsOfUser(herald.db, token.user).map((row) => row.projectId));
}

export interface ProjectGrant {
  project: string;
  user: string;
  role: ProjectRole;
  environmentRoles?: Record<string, ProjectRole>;
}

/**
 * Gives a user a role in a project, or changes it. A user new to the project gains access to
 * each of its environments, recorded as one `environment.access.add` activity per environment
 * in the same transaction as the membership.
 */
export function grantProjectAccess(herald: Herald, grant: ProjectGrant): ProjectUserRow {
  const now = isoNow(herald);
  const row = herald.db.transaction((tx) => {
    const existing = findProjectUser(tx, grant.project, grant.user);
    const next: ProjectUserRow = {
      projectId: grant.project,
      user: grant.user,
      role: grant.role,
      environmentRoles: grant.environmentRoles ?? {},
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    saveProjectUser(tx, next);

    if (existing === undefined) {
      const member = toMembership(next);
      for (const environment of listEnvironments(tx, grant.project)) {
        const role = environmentRole(member, environment);
        recordActivity(herald, tx, {
          project: grant.project,
          type: 'environment.access.add',
          environments: [environment.name],
          description: `Added ${grant.user} to ${environment.name} as ${role}`,
          parameters: { user: grant.user, role },
          state: 'complete',
          result: 'success',
        });
      }
    }

    return next;
  });
  herald.signals.emit('outbox');
  herald.logger.info(
    { project_id: grant.project, user: grant.user, role: grant.role },
    'project access granted',
  );

  return row;
}

/** Takes a user out of a project: one `environment.access.remove` per environment. */
export function revokeProjectAccess(herald: Herald, projectId: string, user: string): void {
  herald.db.transaction((tx) => {
    const existing = findProjectUser(tx, projectId, user);
    if (existing === undefined) {
      throw notFound(`User ${user} is not a member of project ${projectId}`);
    }

    deleteProjectUser(tx, projectId, user);
    for (const environment of listEnvironments(tx, projectId)) {
      recordActivity(herald, tx, {
        project: projectId,
        type: 'environment.access.remove',
        environments: [environment.name],
        description: `Removed ${user} from ${environment.name}`,
        parameters: { user },
        state: 'complete',
        result: 'success',
      });
    }
  });
  herald.signals.emit('outbox');
  herald.logger.info({ project_id: projectId, user }, 'project access revoked');
}
