import { and, asc, desc, eq, gte, inArray, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { deliveries, deliveryAttempts, integrations } from './schema/index.ts';

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
  /** At most this many sends of one integration at once, counting those in `inFlight`. */
  perIntegration: number;
  /** The owner's sends still running, by integration id. */
  inFlight: ReadonlyMap<string, number>;
}

/**
 * Takes up to `limit` due deliveries of enabled integrations whose lease is free or expired,
 * oldest first, never more per integration than it has room for, and leases them to `owner` in
 * one write statement. An expired lease is how a crashed process's work comes back.
 */
export function claimDueDeliveries(db: DbOrTx, options: ClaimOptions): DeliveryRow[] {
  if (options.limit <= 0) {
    return [];
  }

  const { now } = options;
  const busy = JSON.stringify(Object.fromEntries(options.inFlight));
  const claimed = db.all<{ id: string }>(sql`
    WITH due AS (
      SELECT d.id, d.next_attempt_at AS due_at, coalesce(busy.value, 0) AS busy,
        row_number() OVER (
          PARTITION BY d.integration_id ORDER BY d.next_attempt_at, d.id
        ) AS rank
      FROM deliveries d
      JOIN integrations i ON i.id = d.integration_id AND i.enabled = 1
      LEFT JOIN json_each(${busy}) busy ON busy.key = d.integration_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
        AND (d.lease_until IS NULL OR d.lease_until <= ${now})
    )
    UPDATE deliveries SET lease_until = ${now + options.leaseMs}, lease_owner = ${options.owner}
    WHERE id IN (
      SELECT id FROM due WHERE rank + busy <= ${options.perIntegration}
      ORDER BY due_at, id LIMIT ${options.limit}
    )
    RETURNING id`);
  if (claimed.length === 0) {
    return [];
  }

  return db
    .select()
    .from(deliveries)
    .where(
      inArray(
        deliveries.id,
        claimed.map((row) => row.id),
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
    .all();
}

/**
 * The earliest time a pending delivery of an enabled integration becomes claimable, or null when
 * none waits. `skipIntegrations` leaves out integrations that have no room for another send.
 */
export function nextDeliveryDueAt(
  db: DbOrTx,
  options: { skipIntegrations?: readonly string[] } = {},
): number | null {
  const conditions = [eq(deliveries.status, 'pending'), eq(integrations.enabled, true)];
  if (options.skipIntegrations?.length) {
    conditions.push(notInArray(deliveries.integrationId, [...options.skipIntegrations]));
  }

  const row = db
    .select({
      dueAt: sql<
        number | null
      >`min(max(${deliveries.nextAttemptAt}, coalesce(${deliveries.leaseUntil}, 0)))`,
    })
    .from(deliveries)
    .innerJoin(integrations, eq(integrations.id, deliveries.integrationId))
    .where(and(...conditions))
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

/**
 * Writes an attempt's result only while `owner` still holds the delivery's lease; false when it
 * does not (the lease ran out and another dispatcher took it), so no result is written twice.
 */
export function updateLeasedDelivery(
  db: DbOrTx,
  id: string,
  owner: string,
  changes: Partial<Omit<DeliveryRow, 'id' | 'integrationId' | 'activityId' | 'body'>>,
): boolean {
  const result = db
    .update(deliveries)
    .set(changes)
    .where(and(eq(deliveries.id, id), eq(deliveries.leaseOwner, owner)))
    .run();

  return result.changes > 0;
}

/**
 * Gives back what `owner` holds (only `ids` when given), so another process or the next start
 * sends it at once.
 */
export function releaseLeases(db: DbOrTx, owner: string, ids?: readonly string[]): number {
  const conditions = [eq(deliveries.leaseOwner, owner), eq(deliveries.status, 'pending')];
  if (ids !== undefined) {
    conditions.push(inArray(deliveries.id, [...ids]));
  }

  return db
    .update(deliveries)
    .set({ leaseUntil: null, leaseOwner: null })
    .where(and(...conditions))
    .run().changes;
}

/**
 * Ends every pending delivery of an integration that nobody is sending right now (a disabled
 * integration owes nothing more); returns them so their log activities can say why.
 */
export function failPendingDeliveries(
  db: DbOrTx,
  integrationId: string,
  now: number,
): DeliveryRow[] {
  return db
    .update(deliveries)
    .set({ status: 'failed', completedAt: new Date(now).toISOString() })
    .where(
      and(
        eq(deliveries.integrationId, integrationId),
        eq(deliveries.status, 'pending'),
        or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, now)),
      ),
    )
    .returning()
    .all();
}

/** Makes an integration's failed deliveries created since `since` (ISO) due again at `now`. */
export function requeueFailedDeliveries(
  db: DbOrTx,
  integrationId: string,
  since: string,
  now: number,
): DeliveryRow[] {
  return db
    .update(deliveries)
    .set({ status: 'pending', nextAttemptAt: now, completedAt: null })
    .where(
      and(
        eq(deliveries.integrationId, integrationId),
        eq(deliveries.status, 'failed'),
        gte(deliveries.createdAt, since),
      ),
    )
    .returning()
    .all();
}

export interface OutboxStats {
  /** Deliveries by status, every integration of every project together. */
  byStatus: Record<string, number>;
  /** When the longest-waiting due delivery became due, or null when none is due. */
  oldestDueAt: number | null;
}

export function readOutboxStats(db: DbOrTx, now: number): OutboxStats {
  const counts = db
    .select({ status: deliveries.status, count: sql<number>`count(*)` })
    .from(deliveries)
    .groupBy(deliveries.status)
    .all();
  const oldest = db
    .select({ dueAt: sql<number | null>`min(${deliveries.nextAttemptAt})` })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)))
    .get();

  return {
    byStatus: Object.fromEntries(counts.map((row) => [row.status, row.count])),
    oldestDueAt: oldest?.dueAt ?? null,
  };
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
