import { type ProjectRole, projectRoleSchema } from './access.ts';
import { invalid } from './errors.ts';

/** Roles per environment name or type as `user:update` changes them; `none` takes one away. */
export interface RoleSpecs {
  project?: ProjectRole;
  environments: Record<string, ProjectRole | 'none'>;
}

/**
 * Reads the CLI's `--role` values: a project role (`admin`, `contributor`, `viewer`), or
 * `NAME:ROLE` for one environment or environment type (`main:viewer`, `development:none`).
 */
export function parseRoleSpecs(specs: readonly string[]): RoleSpecs {
  const roles: RoleSpecs = { environments: {} };
  for (const spec of specs) {
    const at = spec.lastIndexOf(':');
    if (at === -1) {
      roles.project = parseRole(spec, spec);
      continue;
    }
    const environment = spec.slice(0, at).trim();
    const role = spec.slice(at + 1).trim();
    if (environment === '') {
      throw invalid(`--role ${spec}: name the environment, as in main:${role || 'viewer'}`, [
        { field: 'role', message: 'name the environment' },
      ]);
    }
    roles.environments[environment] = role === 'none' ? 'none' : parseRole(role, spec);
  }

  return roles;
}

function parseRole(value: string, spec: string): ProjectRole {
  const parsed = projectRoleSchema.safeParse(value.trim());
  if (!parsed.success) {
    const message = `"${value.trim()}" is not a role; use admin, contributor or viewer`;
    throw invalid(`--role ${spec}: ${message}`, [{ field: 'role', message }]);
  }

  return parsed.data;
}
