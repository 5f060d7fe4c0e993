/**
 * Who may do what. Every tRPC procedure declares the role it needs through the builders in
 * trpc.ts, which call `requireProjectRole` / `requireEnvironmentRoles` here before the
 * procedure runs. Code outside tRPC asks the same questions directly:
 *
 *   - the Git remote: `mayOnEnvironment(herald, token, project, branch, 'contributor')` before
 *     a push, `'viewer'` before a fetch (the token from `findActiveToken` in tokens.ts, given
 *     the password of Git's Basic auth; `authenticate` reads a Bearer header);
 *   - `user:add|update|delete`: `grantProjectAccess` / `revokeProjectAccess` write the
 *     membership and record the `environment.access.add|remove` activities in one
 *     transaction; the activities then run through the ActivityRunner like any action;
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
  type Activity,
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
import type { ActivityRunner } from './activity-runner.ts';
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

/** A membership as it was written, and the access activities that carry it to environments. */
export interface AccessChange {
  row: ProjectUserRow;
  activities: Activity[];
}

/**
 * Gives a user a role in a project, or changes it. The membership holds at once; each
 * environment whose role for the user changed (every one, for a user new to the project) gets
 * an `environment.access.add` activity, recorded pending in the same transaction and run in
 * that environment's queue like any other action.
 */
export function grantProjectAccess(
  herald: Herald,
  runner: ActivityRunner,
  grant: ProjectGrant,
): AccessChange {
  const now = isoNow(herald);
  const change = herald.db.transaction((tx) => {
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

    const member = toMembership(next);
    const before = existing === undefined ? null : toMembership(existing);
    const activities: Activity[] = [];
    for (const environment of listEnvironments(tx, grant.project)) {
      const role = environmentRole(member, environment);
      const previous = before === null ? null : environmentRole(before, environment);
      if (role === previous) continue;

      activities.push(
        recordActivity(herald, tx, {
          project: grant.project,
          type: 'environment.access.add',
          environments: [environment.name],
          description: `Added ${grant.user} to ${environment.name} as ${role}`,
          parameters: { user: grant.user, role, ...(previous ? { previous_role: previous } : {}) },
        }),
      );
    }

    return { row: next, activities };
  });
  herald.signals.emit('outbox');
  enqueueAccessActivities(runner, change.activities);
  herald.logger.info(
    { project_id: grant.project, user: grant.user, role: grant.role },
    'project access granted',
  );

  return change;
}

/**
 * Takes a user out of a project: the membership goes at once, so a revoked user never keeps
 * access while an activity waits its turn; one `environment.access.remove` per environment
 * then runs in that environment's queue.
 */
export function revokeProjectAccess(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  user: string,
): Activity[] {
  const activities = herald.db.transaction((tx) => {
    const existing = findProjectUser(tx, projectId, user);
    if (existing === undefined) {
      throw notFound(`User ${user} is not a member of project ${projectId}`);
    }

    deleteProjectUser(tx, projectId, user);
    return listEnvironments(tx, projectId).map((environment) =>
      recordActivity(herald, tx, {
        project: projectId,
        type: 'environment.access.remove',
        environments: [environment.name],
        description: `Removed ${user} from ${environment.name}`,
        parameters: { user },
      }),
    );
  });
  herald.signals.emit('outbox');
  enqueueAccessActivities(runner, activities);
  herald.logger.info({ project_id: projectId, user }, 'project access revoked');

  return activities;
}

/**
 * The membership changed when these were recorded; running them in their environment's queue
 * orders them among its other actions, and webhooks see every state they pass through.
 */
function enqueueAccessActivities(runner: ActivityRunner, activities: Activity[]): void {
  for (const activity of activities) {
    runner.enqueue(activity, () => {
      const { user, role } = activity.parameters as { user: string; role?: string };
      const environment = activity.environments[0];
      return role === undefined
        ? `${user} no longer has access to ${environment}.`
        : `${user} has ${role} access to ${environment}.`;
    });
  }
}
