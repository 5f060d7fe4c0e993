import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

const preparedByConnection = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built and compiled once per connection, then only bound and run. Drizzle builds the
 * SQL and SQLite compiles it again on every ordinary call, which costs tens of times what
 * running a one-row statement does; the dispatcher runs a handful of these per delivery.
 * Inside `db.transaction` the handle shares the connection, so the statement runs in the
 * transaction; `name` must be unique per query shape.
 */
export function prepareOnce<T>(db: DbOrTx, name: string, build: () => T): T {
  // Drizzle keeps the better-sqlite3 connection on the handle's session (db and tx alike).
  const connection = (db as unknown as { session: { client: object } }).session.client;
  let prepared = preparedByConnection.get(connection);
  if (prepared === undefined) {
    prepared = new Map();
    preparedByConnection.set(connection, prepared);
  }
  if (!prepared.has(name)) {
    prepared.set(name, build());
  }

  return prepared.get(name) as T;
}

/**
 * A placeholder where drizzle's `set()` and `values()` types expect a value; at run time drizzle
 * wraps it with the column's encoder (JSON columns are stringified when the statement is bound).
 */
export const slot = <T>(name: string) => sql.placeholder(name) as unknown as T;
