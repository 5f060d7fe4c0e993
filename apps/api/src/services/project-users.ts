import {
  findProjectUser,
  listEnvironments,
  listProjectUsers,
  type ProjectUserRow,
} from '@herald/db';
import { conflict, ENVIRONMENT_TYPES, invalid, notFound, type ProjectRole } from '@herald/domain';
import { grantProjectAccess, revokeProjectAccess } from './access.ts';
import type { ActivityRunner } from './activity-runner.ts';
import type { Herald } from './herald.ts';
import { requireProject } from './projects.ts';

/**
 * `user:*`: a project's people and their roles, stored by access.ts in `project_users` (a
 * project role, narrowed per environment name or type). Access changes take effect at once,
 * in one transaction with their pending `environment.access.add|remove` activities: a revoked
 * user must never keep access while an activity waits its turn.
 */
export interface ProjectUserView {
  user: string;
  project: string;
  role: string;
  /** Environment name or type -> role; empty when the project role holds everywhere. */
  environment_roles: Record<string, string>;
  created_at: string;
  updated_at: string;
}

function presentUser(row: ProjectUserRow): ProjectUserView {
  return {
    user: row.user,
    project: row.projectId,
    role: row.role,
    environment_roles: row.environmentRoles,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

function requireUser(herald: Herald, projectId: string, user: string): ProjectUserRow {
  const row = findProjectUser(herald.db, projectId, user);
  if (row === undefined) {
    throw notFound(`User ${user} has no access to project ${projectId}; run "herald user:list"`);
  }

  return row;
}

export function listProjectUserViews(herald: Herald, projectId: string): ProjectUserView[] {
  requireProject(herald, projectId);
  return listProjectUsers(herald.db, projectId).map(presentUser);
}

export function getProjectUserView(herald: Herald, projectId: string, user: string) {
  requireProject(herald, projectId);
  return presentUser(requireUser(herald, projectId, user));
}

/** Roles may name an environment of the project or an environment type. */
function checkEnvironmentNames(herald: Herald, projectId: string, names: string[]): void {
  const known = new Set<string>([
    ...ENVIRONMENT_TYPES,
    ...listEnvironments(herald.db, projectId).map((environment) => environment.name),
  ]);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw invalid(
      `No environment or environment type named ${unknown.join(', ')} in project ${projectId}`,
      unknown.map((name) => ({
        field: `environment_roles.${name}`,
        message: 'no such environment or type',
      })),
    );
  }
}

/** `user:add`: the user joins with one `environment.access.add` per environment. */
export function addProjectUser(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: { user: string; role: ProjectRole; environment_roles: Record<string, ProjectRole> },
) {
  requireProject(herald, projectId);
  if (findProjectUser(herald.db, projectId, input.user) !== undefined) {
    throw conflict(`User ${input.user} already has access; change it with user:update`);
  }
  checkEnvironmentNames(herald, projectId, Object.keys(input.environment_roles));

  const change = grantProjectAccess(herald, runner, {
    project: projectId,
    user: input.user,
    role: input.role,
    environmentRoles: input.environment_roles,
  });
  return { user: presentUser(change.row), activities: change.activities };
}

/**
 * `user:update`: a new project role and/or roles per environment (`none` removes one); one
 * `environment.access.add` for each environment where the user's role changes.
 */
export function updateProjectUser(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: {
    user: string;
    role?: ProjectRole | undefined;
    environment_roles: Record<string, ProjectRole | 'none'>;
  },
) {
  const current = requireUser(herald, projectId, input.user);
  const changes = Object.entries(input.environment_roles);
  if (input.role === undefined && changes.length === 0) {
    throw invalid('Nothing to change: give --role', [{ field: 'role', message: 'give a role' }]);
  }
  checkEnvironmentNames(
    herald,
    projectId,
    changes.filter(([, role]) => role !== 'none').map(([name]) => name),
  );

  const environmentRoles: Record<string, ProjectRole> = {
    ...(current.environmentRoles as Record<string, ProjectRole>),
  };
  for (const [name, role] of changes) {
    if (role === 'none') delete environmentRoles[name];
    else environmentRoles[name] = role;
  }
  const change = grantProjectAccess(herald, runner, {
    project: projectId,
    user: current.user,
    role: input.role ?? (current.role as ProjectRole),
    environmentRoles,
  });
  return { user: presentUser(change.row), activities: change.activities };
}

/** `user:delete`: one `environment.access.remove` per environment. */
export function deleteProjectUser(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  user: string,
) {
  const row = requireUser(herald, projectId, user);
  const activities = revokeProjectAccess(herald, runner, projectId, row.user);
  return { user: presentUser(row), activities };
}
