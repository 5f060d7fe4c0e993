import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { projects } from './projects.ts';

/**
 * The current health of each metric a monitoring agent reports, per environment and service.
 * Only a change of `state` notifies anyone, so this row is what a new reading is compared with.
 */
export const healthStates = sqliteTable(
  'health_states',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    environment: text('environment').notNull(),
    service: text('service').notNull(),
    /** disk | inodes */
    metric: text('metric').notNull(),
    /** normal | warning | critical */
    state: text('state').notNull(),
    /** Bytes for disk, a count for inodes, as last reported. */
    used: integer('used').notNull(),
    total: integer('total').notNull(),
    reportedAt: text('reported_at').notNull(),
    /** When `state` last changed (the first report counts as a change). */
    changedAt: text('changed_at').notNull(),
  },
  (table) => [
    primaryKey({
      columns: [table.projectId, table.environment, table.service, table.metric],
    }),
  ],
);
