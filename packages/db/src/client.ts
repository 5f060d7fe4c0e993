import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { startBackgroundCheckpoints } from './checkpoints.ts';
import * as schema from './schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema>;

/** A handle inside `db.transaction(...)`: the store's functions take either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface OpenedDatabase {
  db: Db;
  close: () => void;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', 'drizzle');

export interface OpenOptions {
  /**
   * Checkpoint the WAL from a worker thread this often (milliseconds) instead of inside
   * commits: for the long-running API and dispatcher, whose event loop must not wait on fsync.
   */
  backgroundCheckpointMs?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
  }

  const sqlite = new Database(file);
  // WAL lets the API read while the dispatcher writes; the busy timeout covers the short write
  // transactions of a second process (a standalone dispatcher) instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const checkpoints =
    options.backgroundCheckpointMs !== undefined && file !== ':memory:'
      ? startBackgroundCheckpoints(sqlite, file, options.backgroundCheckpointMs)
      : null;

  return {
    db: drizzle(sqlite, { schema }),
    close: () => {
      checkpoints?.stop();
      sqlite.close();
    },
  };
}

/** Applies the committed migrations that this database has not seen yet. */
export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS });
}
