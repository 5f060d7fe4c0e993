import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { projects } from './projects.ts';

/** An environment's routes, keyed by their URL template (`https://{default}/`). */
export const environmentRoutes = sqliteTable(
  'environment_routes',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    environment: text('environment').notNull(),
    route: text('route').notNull(),
    /** upstream | redirect */
    type: text('type').notNull(),
    upstream: text('upstream'),
    to: text('to'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.environment, table.route] })],
);
