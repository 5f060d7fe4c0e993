import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { projects } from './projects.ts';

/** Environment-level variables. A sensitive value is stored for the environment's use only. */
export const environmentVariables = sqliteTable(
  'environment_variables',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    environment: text('environment').notNull(),
    name: text('name').notNull(),
    value: text('value').notNull(),
    isSensitive: integer('is_sensitive', { mode: 'boolean' }).notNull(),
    isJson: integer('is_json', { mode: 'boolean' }).notNull(),
    visibleBuild: integer('visible_build', { mode: 'boolean' }).notNull(),
    visibleRuntime: integer('visible_runtime', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.environment, table.name] })],
);
