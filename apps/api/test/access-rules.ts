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
  'environment.list': 'viewer',
  'environment.branch': 'contributor',
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
  'integration.validate': 'admin',
  'integration.activities': 'viewer',
  'integration.activity': 'viewer',
  'integration.activityLog': 'viewer',
  'activity.report': 'contributor',
  'activity.transition': 'contributor',
  'activity.get': 'viewer',
  'activity.list': 'viewer',
  'auth.whoami': 'token',
  'auth.token.create': 'installation-admin',
  'auth.token.list': 'installation-admin',
  'auth.token.revoke': 'installation-admin',
};
