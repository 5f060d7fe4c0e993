import {
  findProjectUser,
  listActivities,
  listEnvironments,
  listProjectUsers,
  type ProjectUserRow,
} from '@herald/db';
import {
  type Activity,
  conflict,
  ENVIRONMENT_TYPES,
  invalid,
  notFound,
  type ProjectRole,
} from '@herald/domain';
import { grantProjectAccess, revokeProjectAccess } from './access.ts';
import type { Herald } from './herald.ts';
import { requireProject } from './projects.ts';

/**
 * `user:*`: a project's people and their roles, stored by access.ts in `project_users` (a
 * project role, narrowed per environment name or type). Access changes take effect at once,
 * in one transaction with their `environment.access.add|remove` activities: a revoked user
 * must never keep access while an activity waits its turn.
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

/** The access activities recorded for the project since `since`, oldest first. */
function accessActivities(herald: Herald, projectId: string, since: string): Activity[] {
  return listActivities(herald.db, {
    projectId,
    integrationId: null,
    types: ['environment.access.add', 'environment.access.remove'],
    limit: 1000,
  })
    .filter((activity) => activity.created_at >= since)
    .reverse();
}

/** `user:add`: the user joins with one `environment.access.add` per environment. */
export function addProjectUser(
  herald: Herald,
  projectId: string,
  input: { user: string; role: ProjectRole; environment_roles: Record<string, ProjectRole> },
) {
  requireProject(herald, projectId);
  if (findProjectUser(herald.db, projectId, input.user) !== undefined) {
    throw conflict(`User ${input.user} already has access; change it with user:update`);
  }
  checkEnvironmentNames(herald, projectId, Object.keys(input.environment_roles));

  const since = new Date(herald.clock.now()).toISOString();
  const row = grantProjectAccess(herald, {
    project: projectId,
    user: input.user,
    role: input.role,
    environmentRoles: input.environment_roles,
  });
  return { user: presentUser(row), activities: accessActivities(herald, projectId, since) };
}

/** `user:update`: a new project role and/or roles per environment (`none` removes one). */
export function updateProjectUser(
  herald: Herald,
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
  const row = grantProjectAccess(herald, {
    project: projectId,
    user: current.user,
    role: input.role ?? (current.role as ProjectRole),
    environmentRoles,
  });
  return { user: presentUser(row) };
}

/** `user:delete`: one `environment.access.remove` per environment. */
export function deleteProjectUser(herald: Herald, projectId: string, user: string) {
  const row = requireUser(herald, projectId, user);
  const since = new Date(herald.clock.now()).toISOString();
  revokeProjectAccess(herald, projectId, row.user);
  return { user: presentUser(row), activities: accessActivities(herald, projectId, since) };
}
