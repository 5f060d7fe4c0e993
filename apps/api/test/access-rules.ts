import type { Access } from '../src/services/access.ts';

/**
 * Who may call each tRPC procedure: the table the access test checks the server against.
 * A new procedure must be added here with the role it needs, or the test fails.
 *
 *   token              any valid token (the procedure shows only what the token reaches)
 *   viewer             every member of the input's project
 *   contributor        environments, variables, backups, routes, activities
 *   admin              integrations and users of the project
 *   installation-admin the installation's admin tokens only
 */
export const ACCESS_RULES: Record<string, Access> = {
  'project.create': 'installation-admin',
  'project.list': 'token',
  'project.get': 'viewer',
  'project.delete': 'installation-admin',
  'project.updatePlan': 'admin',
  'environment.list': 'viewer',
  'environment.get': 'viewer',
  'environment.branch': 'contributor',
  'environment.initialize': 'contributor',
  'environment.activate': 'contributor',
  'environment.deactivate': 'contributor',
  'environment.delete': 'contributor',
  'environment.merge': 'contributor',
  'environment.synchronize': 'contributor',
  'environment.httpAccess': 'contributor',
  'environment.setting': 'contributor',
  'variable.list': 'viewer',
  'variable.get': 'viewer',
  'variable.create': 'contributor',
  'variable.update': 'contributor',
  'variable.delete': 'contributor',
  'route.list': 'viewer',
  'route.get': 'viewer',
  'route.create': 'contributor',
  'route.update': 'contributor',
  'route.delete': 'contributor',
  'domain.list': 'viewer',
  'domain.get': 'viewer',
  'domain.add': 'admin',
  'domain.update': 'admin',
  'domain.delete': 'admin',
  'projectUser.list': 'viewer',
  'projectUser.get': 'viewer',
  'projectUser.add': 'admin',
  'projectUser.update': 'admin',
  'projectUser.delete': 'admin',
  'backup.list': 'viewer',
  'backup.get': 'viewer',
  'backup.create': 'contributor',
  'backup.restore': 'contributor',
  'integration.create': 'admin',
  'integration.list': 'viewer',
  'integration.get': 'viewer',
  'integration.update': 'admin',
  'integration.delete': 'admin',
  'integration.deliveries': 'viewer',
  'integration.delivery': 'viewer',
  'integration.redeliver': 'admin',
  'integration.redeliverFailed': 'admin',
  'integration.rotateSecret': 'admin',
  'activity.report': 'contributor',
  'activity.transition': 'contributor',
  'activity.get': 'viewer',
  'activity.list': 'viewer',
  'activity.cancel': 'contributor',
  'auth.whoami': 'token',
  'auth.token.create': 'installation-admin',
  'auth.token.list': 'installation-admin',
  'auth.token.revoke': 'installation-admin',
};
