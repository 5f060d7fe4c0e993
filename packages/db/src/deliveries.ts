import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { deliveries, deliveryAttempts } from './schema/index.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;
export type DeliveryAttemptRow = typeof deliveryAttempts.$inferSelect;
export type NewDeliveryAttempt = typeof deliveryAttempts.$inferInsert;

export function insertDeliveries(db: DbOrTx, rows: NewDelivery[]): void {
  if (rows.length > 0) {
    db.insert(deliveries).values(rows).run();
  }
}

export interface ClaimOptions {
  now: number;
  leaseMs: number;
  owner: string;
  limit: number;
}

/**
 * Takes up to `limit` due deliveries whose lease is free or expired and leases them to `owner`,
 * in one short write statement. An expired lease is how a crashed process's work comes back.
 */
export function claimDueDeliveries(db: DbOrTx, options: ClaimOptions): DeliveryRow[] {
  const due = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, options.now),
        or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, options.now)),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(options.limit);

  return db
    .update(deliveries)
    .set({ leaseUntil: options.now + options.leaseMs, leaseOwner: options.owner })
    .where(inArray(deliveries.id, due))
    .returning()
    .all();
}

/** The earliest time a pending delivery becomes claimable, or null when none waits. */
export function nextDeliveryDueAt(db: DbOrTx): number | null {
  const row = db
    .select({
      dueAt: sql<
        number | null
      >`min(max(${deliveries.nextAttemptAt}, coalesce(${deliveries.leaseUntil}, 0)))`,
    })
    .from(deliveries)
    .where(eq(deliveries.status, 'pending'))
    .get();

  return row?.dueAt ?? null;
}

export function insertAttempt(db: DbOrTx, attempt: NewDeliveryAttempt): void {
  db.insert(deliveryAttempts).values(attempt).run();
}

export function updateDelivery(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<DeliveryRow, 'id' | 'integrationId' | 'activityId' | 'body'>>,
): void {
  db.update(deliveries).set(changes).where(eq(deliveries.id, id)).run();
}

/** Gives back what `owner` holds, so another process (or the next start) sends it at once. */
export function releaseLeases(db: DbOrTx, owner: string): void {
  db.update(deliveries)
    .set({ leaseUntil: null, leaseOwner: null })
    .where(and(eq(deliveries.leaseOwner, owner), eq(deliveries.status, 'pending')))
    .run();
}

export function findDelivery(db: DbOrTx, id: string): DeliveryRow | undefined {
  return db.select().from(deliveries).where(eq(deliveries.id, id)).get();
}

export function findDeliveryByLogActivity(
  db: DbOrTx,
  logActivityId: string,
): DeliveryRow | undefined {
  return db.select().from(deliveries).where(eq(deliveries.logActivityId, logActivityId)).get();
}

export function listAttempts(db: DbOrTx, deliveryId: string): DeliveryAttemptRow[] {
  return db
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, deliveryId))
    .orderBy(asc(deliveryAttempts.number))
    .all();
}

/** An integration's deliveries, newest first. */
export function listDeliveries(
  db: DbOrTx,
  integrationId: string,
  options: { limit: number; statuses?: readonly string[] },
): DeliveryRow[] {
  const conditions = [eq(deliveries.integrationId, integrationId)];
  if (options.statuses?.length) {
    conditions.push(inArray(deliveries.status, [...options.statuses]));
  }

  return db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(options.limit)
    .all();
}

export function findLastAttempt(db: DbOrTx, deliveryId: string): DeliveryAttemptRow | undefined {
  return db
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, deliveryId))
    .orderBy(desc(deliveryAttempts.number))
    .limit(1)
    .get();
}
