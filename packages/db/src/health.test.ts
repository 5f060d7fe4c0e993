import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, type OpenedDatabase, openDatabase } from './client.ts';
import {
  findHealthState,
  type HealthStateRow,
  listHealthStates,
  saveHealthState,
} from './health.ts';
import { insertProject } from './projects.ts';

describe('health states', () => {
  let database: OpenedDatabase;

  beforeEach(() => {
    database = openDatabase(':memory:');
    migrateDatabase(database.db);
    insertProject(database.db, {
      id: 'p1',
      title: 'Shop',
      defaultBranch: 'main',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  afterEach(() => database.close());

  const reading = (changes: Partial<HealthStateRow>): HealthStateRow => ({
    projectId: 'p1',
    environment: 'main',
    service: 'app',
    metric: 'disk',
    state: 'normal',
    used: 10,
    total: 100,
    reportedAt: '2026-01-01T00:00:00.000Z',
    changedAt: '2026-01-01T00:00:00.000Z',
    ...changes,
  });

  it('keeps one row per environment, service and metric, replaced by each reading', () => {
    saveHealthState(database.db, reading({}));
    saveHealthState(
      database.db,
      reading({ state: 'warning', used: 85, reportedAt: '2026-01-02T00:00:00.000Z' }),
    );
    saveHealthState(database.db, reading({ metric: 'inodes' }));

    const key = { projectId: 'p1', environment: 'main', service: 'app', metric: 'disk' };
    expect(findHealthState(database.db, key)).toMatchObject({
      state: 'warning',
      used: 85,
      reportedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(listHealthStates(database.db, 'p1').map((row) => row.metric)).toEqual([
      'disk',
      'inodes',
    ]);
    expect(findHealthState(database.db, { ...key, service: 'db' })).toBeUndefined();
  });
});
