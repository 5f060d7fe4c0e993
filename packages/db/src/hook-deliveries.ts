import { and, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { hookDeliveries } from './schema/index.ts';

export type HookDeliveryRow = typeof hookDeliveries.$inferSelect;

export function findHookDelivery(
  db: DbOrTx,
  integrationId: string,
  deliveryId: string,
): HookDeliveryRow | undefined {
  return db
    .select()
    .from(hookDeliveries)
    .where(
      and(
        eq(hookDeliveries.integrationId, integrationId),
        eq(hookDeliveries.deliveryId, deliveryId),
      ),
    )
    .get();
}

export function insertHookDelivery(db: DbOrTx, row: HookDeliveryRow): void {
  db.insert(hookDeliveries).values(row).run();
}

/** Forgets an integration's delivery ids received before `before` (an ISO time). */
export function pruneHookDeliveries(db: DbOrTx, integrationId: string, before: string): number {
  return db
    .delete(hookDeliveries)
    .where(
      and(eq(hookDeliveries.integrationId, integrationId), lt(hookDeliveries.receivedAt, before)),
    )
    .run().changes;
}
