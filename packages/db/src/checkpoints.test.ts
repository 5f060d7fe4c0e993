import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from './client.ts';
import { insertProject } from './projects.ts';

const ISO = '2025-03-01T12:00:00.000Z';
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Projects in the database file alone, read from a copy without its WAL. */
function countProjectsInMainFile(dir: string): number {
  const copy = join(dir, `copy-${Date.now()}.sqlite`);
  copyFileSync(join(dir, 'herald.sqlite'), copy);
  const database = new Database(copy, { readonly: true });
  try {
    const table = database
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'projects'")
      .get();
    if (table === undefined) return 0;
    return (database.prepare('select count(*) as n from projects').get() as { n: number }).n;
  } finally {
    database.close();
    rmSync(copy);
  }
}

describe('background checkpoints', () => {
  it('copy committed writes into the database file without a commit doing it', {
    timeout: 20_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-checkpoints-'));
    const { db, close } = openDatabase(join(dir, 'herald.sqlite'), { backgroundCheckpointMs: 10 });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(close);
    migrateDatabase(db);

    // A handful of rows: far below the 1,000 pages at which a commit would checkpoint itself.
    for (let index = 0; index < 5; index += 1) {
      insertProject(db, {
        id: `p${index}`,
        title: `P${index}`,
        defaultBranch: 'main',
        createdAt: ISO,
        updatedAt: ISO,
      });
    }

    const deadline = Date.now() + 10_000;
    let inMainFile = 0;
    while (Date.now() < deadline) {
      inMainFile = countProjectsInMainFile(dir);
      if (inMainFile === 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(inMainFile).toBe(5);
  });
});
