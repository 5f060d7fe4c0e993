import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  defaultBranch: text('default_branch').notNull(),
  plan: text('plan').notNull().default('development'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const environments = sqliteTable(
  'environments',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title').notNull(),
    parent: text('parent'),
    /** active | inactive | deleted */
    status: text('status').notNull(),
    /** production | staging | development */
    type: text('type').notNull(),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    headCommit: text('head_commit'),
    settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.name] })],
);

export const activities = sqliteTable(
  'activities',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Set for an integration's own activities (deliveries, fetches, disables). */
    integrationId: text('integration_id'),
    type: text('type').notNull(),
    state: text('state').notNull(),
    result: text('result'),
    environments: text('environments', { mode: 'json' }).$type<string[]>().notNull(),
    parameters: text('parameters', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    description: text('description').notNull(),
    text: text('text').notNull(),
    log: text('log').notNull().default(''),
    completionPercent: integer('completion_percent').notNull().default(0),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    updatedAt: text('updated_at').notNull(),
    completedAt: text('completed_at'),
    cancelledAt: text('cancelled_at'),
  },
  (table) => [
    index('activities_project_created').on(table.projectId, table.createdAt),
    index('activities_integration_created').on(table.integrationId, table.createdAt),
  ],
);
