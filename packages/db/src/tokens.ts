import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { apiTokens } from './schema/index.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function insertApiToken(db: DbOrTx, token: typeof apiTokens.$inferInsert): void {
  db.insert(apiTokens).values(token).run();
}

export function findActiveTokenByHash(db: DbOrTx, hash: string): ApiTokenRow | undefined {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.hash, hash), isNull(apiTokens.revokedAt)))
    .get();
}

export function countTokens(db: DbOrTx): number {
  const row = db.select({ count: sql<number>`count(*)` }).from(apiTokens).get();

  return row?.count ?? 0;
}
