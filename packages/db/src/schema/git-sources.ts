import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { integrations } from './integrations.ts';

/**
 * The provider deliveries a Git source has accepted, by the id the provider keeps across its
 * retries (X-GitHub-Delivery, X-Gitlab-Event-UUID, X-Request-UUID): a retry changes nothing.
 */
export const hookDeliveries = sqliteTable(
  'hook_deliveries',
  {
    integrationId: text('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    deliveryId: text('delivery_id').notNull(),
    /** The `integration.<type>.fetch` activity the delivery became. */
    activityId: text('activity_id').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.integrationId, table.deliveryId] }),
    index('hook_deliveries_received').on(table.integrationId, table.receivedAt),
  ],
);
