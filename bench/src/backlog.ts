import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '@herald/api/app';
import { readEnv } from '@herald/api/env';
import Database from 'better-sqlite3';
import { createHeraldClient, pushReport, setUpProject } from './herald-client.ts';

/** Columns that hold the id of a row the copy makes: they get the copy's suffix. */
const ID_COLUMNS = new Set(['id', 'activity_id', 'log_activity_id']);

export interface Backlog {
  dataDir: string;
  project: string;
  integrations: string[];
  deliveries: number;
  fillSeconds: number;
  databaseBytes: number;
}

/**
 * A data directory holding `deliveries` deliveries waiting to be sent to `receiverUrl`.
 * Herald's own path writes the first activity (its deliveries, their log activities, with the
 * real bodies and columns); SQLite then copies those rows in batched transactions, each copy
 * with ids of its own, which is what a million reports would leave, written in seconds.
 */
export async function fillBacklog(
  receiverUrl: string,
  webhooks: number,
  deliveries: number,
): Promise<Backlog> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-backlog-'));
  const api = await startApi({
    env: readEnv({
      HERALD_DATA_DIR: dataDir,
      HERALD_API_PORT: '0',
      HERALD_LOG_LEVEL: 'silent',
      HERALD_DISPATCHER: 'off',
      HERALD_OUTBOUND_ALLOW: '127.0.0.0/8',
    }),
  });
  let template: string;
  let setUp: { project: string; integrations: string[] };
  try {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const client = createHeraldClient(api.url, token);
    setUp = await setUpProject(client, receiverUrl, webhooks);
    template = (await client.activity.report.mutate(pushReport(setUp.project, 0))).id;
  } finally {
    await api.stop();
  }

  const file = join(dataDir, 'herald.sqlite');
  copyActivity(file, template, Math.ceil(deliveries / webhooks) - 1);

  return {
    dataDir,
    ...setUp,
    deliveries: Math.ceil(deliveries / webhooks) * webhooks,
    fillSeconds: (performance.now() - started) / 1000,
    databaseBytes: databaseSize(file),
  };
}

function copyActivity(file: string, activityId: string, copies: number): void {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  const columns = (table: string) =>
    (
      sqlite.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[]
    ).map((column) => column.name);
  const copy = (table: string, where: string) => {
    const names = columns(table);
    const values = names.map((name) => (ID_COLUMNS.has(name) ? `${name} || '-' || n.i` : name));
    return sqlite.prepare(
      `with recursive n(i) as (select cast(? as integer) union all select i + 1 from n where i < ?)
       insert into ${table} (${names.join(', ')})
       select ${values.join(', ')} from ${table}, n where ${where}`,
    );
  };
  const logActivities = copy(
    'activities',
    'id in (select log_activity_id from deliveries where activity_id = @activity)',
  );
  const activity = copy('activities', 'id = @activity');
  const outbox = copy('deliveries', 'activity_id = @activity');

  const batch = 20_000;
  const copyBatch = sqlite.transaction((from: number, to: number) => {
    for (const statement of [activity, logActivities, outbox]) {
      statement.run(from, to, { activity: activityId });
    }
  });
  for (let from = 1; from <= copies; from += batch) {
    copyBatch(from, Math.min(copies, from + batch - 1));
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}

function databaseSize(file: string): number {
  const sqlite = new Database(file, { readonly: true });
  const pages = sqlite.pragma('page_count', { simple: true }) as number;
  const size = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.close();

  return pages * size;
}
