import Database from 'better-sqlite3';

/**
 * Reads the API's SQLite file from outside, as an operator's query would: the truth about
 * what is owed and what has an attempt recorded. Every SQL the benchmarks read is here, so a
 * schema change touches one file.
 */
export interface OutboxReader {
  /** Deliveries whose attempt has been recorded as a success. */
  succeeded: () => number;
  /** Deliveries still owed (not yet attempted, or waiting for a retry). */
  pending: () => number;
  total: () => number;
  /** The exact bytes Herald enqueued, for the bare loop to post the same bodies. */
  bodies: (limit: number) => string[];
  close: () => void;
}

export function openOutboxReader(file: string): OutboxReader {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  const count = (where: string) => {
    const statement = sqlite.prepare(`select count(*) as n from deliveries where ${where}`);
    return () => (statement.get() as { n: number }).n;
  };
  const bodies = sqlite.prepare('select body from deliveries order by rowid limit ?');

  return {
    succeeded: count("status = 'succeeded'"),
    pending: count("status = 'pending'"),
    total: count('1 = 1'),
    bodies: (limit) => (bodies.all(limit) as { body: string }[]).map((row) => row.body),
    close: () => sqlite.close(),
  };
}
