import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { prepareOnce } from './prepared.ts';
import { apiTokens } from './schema/index.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function insertApiToken(db: DbOrTx, token: typeof apiTokens.$inferInsert): void {
  db.insert(apiTokens).values(token).run();
}

/** Runs on every API request, so its statement is prepared once. */
export function findActiveTokenByHash(db: DbOrTx, hash: string): ApiTokenRow | undefined {
  const query = prepareOnce(db, 'findActiveTokenByHash', () =>
    db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.hash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
      .prepare(),
  );

  return query.get({ hash });
}

export function findToken(db: DbOrTx, id: string): ApiTokenRow | undefined {
  return db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
}

/** Every token, revoked ones included, oldest first. */
export function listTokens(db: DbOrTx): ApiTokenRow[] {
  return db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id)).all();
}

export function revokeToken(db: DbOrTx, id: string, revokedAt: string): void {
  db.update(apiTokens).set({ revokedAt }).where(eq(apiTokens.id, id)).run();
}

export function countTokens(db: DbOrTx): number {
  const row = db.select({ count: sql<number>`count(*)` }).from(apiTokens).get();

  return row?.count ?? 0;
}

export function countActiveAdminTokens(db: DbOrTx): number {
  const row = db
    .select({ count: sql<number>`count(*)` })
    .from(apiTokens)
    .where(and(eq(apiTokens.role, 'admin'), isNull(apiTokens.revokedAt)))
    .get();

  return row?.count ?? 0;
}
