import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { projects } from './projects.ts';

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 of the whole token; the token itself is shown once and never stored. */
    hash: text('hash').notNull().unique(),
    /** The first characters, so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    /**
     * `admin`: an administrator of the installation, every project. `member`: acts as `user`,
     * with the roles that user holds in `project_users`.
     */
    role: text('role').notNull(),
    /** The project user a `member` token acts as; null for installation admins. */
    user: text('user'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (table) => [index('api_tokens_prefix').on(table.prefix), index('api_tokens_user').on(table.user)],
);

/** A user's role in a project, narrowed per environment when `environmentRoles` is not empty. */
export const projectUsers = sqliteTable(
  'project_users',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    user: text('user').notNull(),
    /** admin | contributor | viewer */
    role: text('role').notNull(),
    /** Environment name or type (production, staging, development) -> role. */
    environmentRoles: text('environment_roles', { mode: 'json' })
      .$type<Record<string, string>>()
      .notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.user] }),
    index('project_users_user').on(table.user),
  ],
);
