import { and, asc, desc, eq, gt, inArray, lt, or } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import type { DeliveryRow } from './deliveries.ts';
import { deliveries } from './schema/index.ts';

/*
 * Paging through an integration's delivery log, kept apart from the dispatcher's delivery
 * store: it only reads, in the order the log shows (newest first, ids ordering equal times).
 */

/** Where a page starts: a delivery's creation time, and its id to order equal times. */
export interface DeliveryCursor {
  createdAt: string;
  id: string;
}

export interface DeliveryPageQuery {
  limit: number;
  statuses?: readonly string[];
  /** Only deliveries listed after (older than) this one. */
  olderThan?: DeliveryCursor;
  /** Only deliveries listed before (newer than) this one: the `limit` nearest to it. */
  newerThan?: DeliveryCursor;
}

/** One page of an integration's deliveries, newest first. */
export function listDeliveryPage(
  db: DbOrTx,
  integrationId: string,
  query: DeliveryPageQuery,
): DeliveryRow[] {
  const conditions = [eq(deliveries.integrationId, integrationId)];
  if (query.statuses?.length) {
    conditions.push(inArray(deliveries.status, [...query.statuses]));
  }
  if (query.olderThan !== undefined) {
    const { createdAt, id } = query.olderThan;
    conditions.push(
      or(
        lt(deliveries.createdAt, createdAt),
        and(eq(deliveries.createdAt, createdAt), lt(deliveries.id, id)),
      )!,
    );
  }
  if (query.newerThan === undefined) {
    return db
      .select()
      .from(deliveries)
      .where(and(...conditions))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(query.limit)
      .all();
  }

  const { createdAt, id } = query.newerThan;
  conditions.push(
    or(
      gt(deliveries.createdAt, createdAt),
      and(eq(deliveries.createdAt, createdAt), gt(deliveries.id, id)),
    )!,
  );
  // The nearest newer ones are the oldest of them: read upwards, then turn the page around.
  return db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(asc(deliveries.createdAt), asc(deliveries.id))
    .limit(query.limit)
    .all()
    .reverse();
}
