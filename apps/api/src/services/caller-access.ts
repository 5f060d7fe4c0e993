import { listEnvironments } from '@herald/db';
import { environmentRole, type ProjectRole, projectWideRole } from '@herald/domain';
import type { ProjectAccess } from './access.ts';
import type { Herald } from './herald.ts';

export interface CallerAccessView {
  project: string;
  /** The caller's role in the project, before any narrowing per environment. */
  role: ProjectRole;
  /** The role for changes that reach every environment at once. */
  project_wide_role: ProjectRole;
  /** The role on each environment: what the checks before each call will find. */
  environments: { name: string; role: ProjectRole }[];
}

/**
 * The caller's effective roles in one project, worked out by the same rules that check each
 * call, so a client can offer only what will be allowed (and the API still checks every call).
 */
export function describeCallerAccess(herald: Herald, access: ProjectAccess): CallerAccessView {
  return {
    project: access.project.id,
    role: access.role,
    project_wide_role: projectWideRole(access.member),
    environments: listEnvironments(herald.db, access.project.id).map((environment) => ({
      name: environment.name,
      role: environmentRole(access.member, environment),
    })),
  };
}
