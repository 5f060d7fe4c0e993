import {
  and,
  asc,
  type Column,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { prepareOnce, slot } from './prepared.ts';
import { deliveries, deliveryAttempts, integrations } from './schema/index.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;
export type DeliveryAttemptRow = typeof deliveryAttempts.$inferSelect;
export type NewDeliveryAttempt = typeof deliveryAttempts.$inferInsert;

/**
 * Writes new deliveries, not yet attempted. One prepared single-row insert run per row: a
 * multi-row insert would be built and compiled anew for every row count, which cost more
 * than the rows themselves.
 */
export function insertDeliveries(db: DbOrTx, rows: NewDelivery[]): void {
  const query = prepareOnce(db, 'insertDelivery', () =>
    db
      .insert(deliveries)
      .values({
        id: slot('id'),
        integrationId: slot('integrationId'),
        activityId: slot('activityId'),
        logActivityId: slot('logActivityId'),
        body: slot('body'),
        status: slot('status'),
        nextAttemptAt: slot('nextAttemptAt'),
        createdAt: slot('createdAt'),
      })
      .prepare(),
  );

  for (const row of rows) {
    query.run(row);
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
 * one short write transaction. An expired lease is how a crashed process's work comes back.
 *
 * It reads a window of the oldest due rows (an index range scan that stops early) rather than
 * ranking every due row: integrations already at their limit are left out in the query, and the
 * rest get their room in the window. A window filled by one integration's backlog claims that
 * integration's room; the next claim then leaves it out and reaches the others.
 */
export function claimDueDeliveries(db: DbOrTx, options: ClaimOptions): DeliveryRow[] {
  if (options.limit <= 0) {
    return [];
  }

  const { now, inFlight, perIntegration } = options;
  const full = [...inFlight].filter(([, count]) => count >= perIntegration).map(([id]) => id);
  const queries = prepareClaim(db);

  // IMMEDIATE takes the write lock up front: a read that later upgrades to a write could fail
  // at once (SQLITE_BUSY_SNAPSHOT) when another dispatcher process wrote in between.
  const claimed = db.transaction(
    () => {
      const window = queries.window.all({
        now,
        full: JSON.stringify(full),
        size: options.limit * 2 + perIntegration,
      });

      const room = new Map<string, number>();
      const chosen: string[] = [];
      for (const candidate of window) {
        const left =
          room.get(candidate.integrationId) ??
          perIntegration - (inFlight.get(candidate.integrationId) ?? 0);
        if (left <= 0) continue;
        room.set(candidate.integrationId, left - 1);
        chosen.push(candidate.id);
        if (chosen.length === options.limit) break;
      }
      if (chosen.length === 0) {
        return [];
      }

      return queries.lease.all({
        leaseUntil: now + options.leaseMs,
        owner: options.owner,
        ids: JSON.stringify(chosen),
      });
    },
    { behavior: 'immediate' },
  );

  return claimed.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id.localeCompare(b.id));
}

/**
 * An integration id list bound as one JSON parameter, so the statement is the same whatever
 * the list's length and is prepared once: the claim runs after nearly every finished send.
 */
const among = (column: Column, name: string) =>
  sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
const notAmong = (column: Column, name: string) =>
  sql`${column} not in (select value from json_each(${sql.placeholder(name)}))`;

/** Pending, not leased (or its lease ran out), and not of an integration with no room left. */
const claimable = () =>
  and(
    eq(deliveries.status, 'pending'),
    or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, sql.placeholder('now'))),
    notAmong(deliveries.integrationId, 'full'),
  );

function prepareClaim(db: DbOrTx) {
  return prepareOnce(db, 'claimDueDeliveries', () => ({
    window: db
      .select({ id: deliveries.id, integrationId: deliveries.integrationId })
      .from(deliveries)
      .innerJoin(
        integrations,
        and(eq(integrations.id, deliveries.integrationId), eq(integrations.enabled, true)),
      )
      .where(and(claimable(), lte(deliveries.nextAttemptAt, sql.placeholder('now'))))
      // The due index gives this order as it is read; a tie-break would need a sort.
      .orderBy(asc(deliveries.nextAttemptAt))
      .limit(sql.placeholder('size'))
      .prepare(),
    lease: db
      .update(deliveries)
      .set({ leaseUntil: slot('leaseUntil'), leaseOwner: slot('owner') })
      .where(among(deliveries.id, 'ids'))
      .returning()
      .prepare(),
  }));
}

/**
 * The earliest time an unleased pending delivery of an enabled integration comes due, or null
 * when none waits. `skipIntegrations` leaves out integrations that have no room for another
 * send. Leases held by other processes are not waited for here: the caller's poll covers them.
 */
export function nextDeliveryDueAt(
  db: DbOrTx,
  options: { now: number; skipIntegrations?: readonly string[] },
): number | null {
  const query = prepareOnce(db, 'nextDeliveryDueAt', () =>
    db
      .select({ dueAt: deliveries.nextAttemptAt })
      .from(deliveries)
      .innerJoin(
        integrations,
        and(eq(integrations.id, deliveries.integrationId), eq(integrations.enabled, true)),
      )
      .where(claimable())
      .orderBy(asc(deliveries.nextAttemptAt))
      .limit(1)
      .prepare(),
  );
  const row = query.get({ now: options.now, full: JSON.stringify(options.skipIntegrations ?? []) });

  return row?.dueAt ?? null;
}

export function insertAttempt(db: DbOrTx, attempt: NewDeliveryAttempt): void {
  const query = prepareOnce(db, 'insertAttempt', () =>
    db
      .insert(deliveryAttempts)
      .values({
        deliveryId: slot('deliveryId'),
        number: slot('number'),
        startedAt: slot('startedAt'),
        durationMs: slot('durationMs'),
        statusCode: slot('statusCode'),
        errorKind: slot('errorKind'),
        errorMessage: slot('errorMessage'),
        responseHeaders: slot('responseHeaders'),
        responseBody: slot('responseBody'),
      })
      .prepare(),
  );

  query.run({ errorKind: null, errorMessage: null, ...attempt });
}

export function updateDelivery(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<DeliveryRow, 'id' | 'integrationId' | 'activityId' | 'body'>>,
): void {
  db.update(deliveries).set(changes).where(eq(deliveries.id, id)).run();
}

export interface AttemptResult {
  status: string;
  attemptCount: number;
  nextAttemptAt: number;
  completedAt: string | null;
}

/**
 * Writes an attempt's result and frees the lease, only while `owner` still holds it; false when
 * it does not (the lease ran out and another dispatcher took it), so no result is written twice.
 */
export function settleLeasedDelivery(
  db: DbOrTx,
  id: string,
  owner: string,
  result: AttemptResult,
): boolean {
  const query = prepareOnce(db, 'settleLeasedDelivery', () =>
    db
      .update(deliveries)
      .set({
        status: slot('status'),
        attemptCount: slot('attemptCount'),
        nextAttemptAt: slot('nextAttemptAt'),
        completedAt: slot('completedAt'),
        leaseUntil: null,
        leaseOwner: null,
      })
      .where(
        and(
          eq(deliveries.id, sql.placeholder('id')),
          eq(deliveries.leaseOwner, sql.placeholder('owner')),
        ),
      )
      .prepare(),
  );

  return query.run({ ...result, id, owner }).changes > 0;
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

/** How many deliveries, of every integration, have this status and (when given) a lease. */
export function countDeliveries(
  db: DbOrTx,
  filter: { status?: string; leased?: boolean } = {},
): number {
  const conditions = [];
  if (filter.status !== undefined) {
    conditions.push(eq(deliveries.status, filter.status));
  }
  if (filter.leased !== undefined) {
    conditions.push(
      filter.leased ? isNotNull(deliveries.leaseOwner) : isNull(deliveries.leaseOwner),
    );
  }

  const row = db
    .select({ count: sql<number>`count(*)` })
    .from(deliveries)
    .where(and(...conditions))
    .get();
  return row?.count ?? 0;
}

/** Every attempt recorded, of every delivery. */
export function countDeliveryAttempts(db: DbOrTx): number {
  const row = db.select({ count: sql<number>`count(*)` }).from(deliveryAttempts).get();
  return row?.count ?? 0;
}
