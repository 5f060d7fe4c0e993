import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { activities, projects } from './projects.ts';

export interface RetiringSecret {
  value: string;
  until: number;
}

export const integrations = sqliteTable(
  'integrations',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** The type's settings without its secrets. */
    config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Write-only values (shared keys, tokens); never returned by the API. */
    secrets: text('secrets', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    disabledReason: text('disabled_reason'),
    /** Epoch milliseconds of the first failed attempt since the last success; null when well. */
    failingSince: integer('failing_since'),
    /**
     * Secrets replaced by a rotation that still sign beside the new ones until `until` (epoch
     * milliseconds), so receivers can switch over without missing a delivery.
     */
    retiringSecrets: text('retiring_secrets', { mode: 'json' })
      .$type<Record<string, RetiringSecret>>()
      .notNull()
      .default({}),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [index('integrations_project').on(table.projectId)],
);

/** The outbox: one row per (activity state change, matching integration). */
export const deliveries = sqliteTable(
  'deliveries',
  {
    /** The Standard Webhooks `webhook-id`, the same on every attempt. */
    id: text('id').primaryKey(),
    integrationId: text('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    /** The activity that caused it. */
    activityId: text('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    /** The `integration.webhook` activity that records it for the integration's log. */
    logActivityId: text('log_activity_id').notNull(),
    /** The exact bytes every attempt sends and signs. */
    body: text('body').notNull(),
    /** pending | sending | succeeded | failed */
    status: text('status').notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    /** Epoch milliseconds: when the next attempt is due. */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** Epoch milliseconds: while in the future, a dispatcher owns this delivery. */
    leaseUntil: integer('lease_until'),
    leaseOwner: text('lease_owner'),
    createdAt: text('created_at').notNull(),
    completedAt: text('completed_at'),
  },
  (table) => [
    index('deliveries_due').on(table.status, table.nextAttemptAt),
    index('deliveries_integration').on(table.integrationId, table.createdAt),
  ],
);

export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    startedAt: text('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** 0 when no HTTP response came back. */
    statusCode: integer('status_code').notNull(),
    /** null on success; else http_status | timeout | connect | reset | refused_address | … */
    errorKind: text('error_kind'),
    errorMessage: text('error_message'),
    responseHeaders: text('response_headers', { mode: 'json' })
      .$type<Record<string, string>>()
      .notNull(),
    responseBody: text('response_body').notNull(),
  },
  (table) => [index('delivery_attempts_delivery').on(table.deliveryId, table.number)],
);
