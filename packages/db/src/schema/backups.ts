import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { projects } from './projects.ts';

/** A backup of one environment: the commit it ran and a copy of its files. */
export const backups = sqliteTable(
  'backups',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    environment: text('environment').notNull(),
    commitId: text('commit_id'),
    fileCount: integer('file_count').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: text('created_at').notNull(),
    restoredAt: text('restored_at'),
  },
  (table) => [index('backups_environment').on(table.projectId, table.environment)],
);
