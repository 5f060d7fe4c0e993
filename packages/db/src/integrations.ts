import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { prepareOnce } from './prepared.ts';
import { integrations } from './schema/index.ts';

export type { RetiringSecret } from './schema/integrations.ts';
export type IntegrationRow = typeof integrations.$inferSelect;

export function insertIntegration(db: DbOrTx, integration: typeof integrations.$inferInsert): void {
  db.insert(integrations).values(integration).run();
}

export function findIntegration(
  db: DbOrTx,
  projectId: string,
  id: string,
): IntegrationRow | undefined {
  return db
    .select()
    .from(integrations)
    .where(and(eq(integrations.projectId, projectId), eq(integrations.id, id)))
    .get();
}

export function findIntegrationById(db: DbOrTx, id: string): IntegrationRow | undefined {
  const query = prepareOnce(db, 'findIntegrationById', () =>
    db
      .select()
      .from(integrations)
      .where(eq(integrations.id, sql.placeholder('id')))
      .prepare(),
  );

  return query.get({ id });
}

/**
 * The integrations with these ids, in one statement whatever their number: the dispatcher reads
 * the integrations of a whole claim, or of a whole batch of results, at once.
 */
export function listIntegrationsByIds(db: DbOrTx, ids: readonly string[]): IntegrationRow[] {
  if (ids.length === 0) {
    return [];
  }

  const query = prepareOnce(db, 'listIntegrationsByIds', () =>
    db
      .select()
      .from(integrations)
      .where(sql`${integrations.id} in (select value from json_each(${sql.placeholder('ids')}))`)
      .prepare(),
  );

  return query.all({ ids: JSON.stringify(ids) });
}

export function listIntegrations(db: DbOrTx, projectId: string): IntegrationRow[] {
  return db
    .select()
    .from(integrations)
    .where(eq(integrations.projectId, projectId))
    .orderBy(asc(integrations.createdAt), asc(integrations.id))
    .all();
}

/** Read inside every transaction that enqueues deliveries. */
export function listEnabledIntegrations(db: DbOrTx, projectId: string): IntegrationRow[] {
  const query = prepareOnce(db, 'listEnabledIntegrations', () =>
    db
      .select()
      .from(integrations)
      .where(
        and(
          eq(integrations.projectId, sql.placeholder('projectId')),
          eq(integrations.enabled, true),
        ),
      )
      .prepare(),
  );

  return query.all({ projectId });
}

export function updateIntegration(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<IntegrationRow, 'id' | 'projectId' | 'type' | 'createdAt'>>,
): void {
  db.update(integrations).set(changes).where(eq(integrations.id, id)).run();
}

export function deleteIntegration(db: DbOrTx, id: string): void {
  db.delete(integrations).where(eq(integrations.id, id)).run();
}
