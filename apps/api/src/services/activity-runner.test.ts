import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deleteProject,
  findActivity,
  insertProject,
  migrateDatabase,
  openDatabase,
} from '@herald/db';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelActivity } from './activities.ts';
import { ActivityRunner } from './activity-runner.ts';
import { createHerald, type Herald, systemClock } from './herald.ts';

describe('ActivityRunner', () => {
  let herald: Herald;
  let runner: ActivityRunner;
  let close: () => void;

  beforeEach(() => {
    const database = openDatabase(join(mkdtempSync(join(tmpdir(), 'herald-runner-')), 'db'));
    migrateDatabase(database.db);
    close = database.close;
    herald = createHerald({
      db: database.db,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      config: {
        dataDir: tmpdir(),
        publicUrl: 'http://127.0.0.1',
        maxBodyBytes: 1 << 20,
        maxGitBodyBytes: 1 << 20,
        rateLimitPerMinute: 0,
        hookRateLimitPerMinute: 0,
        smtpUrl: null,
        smtpFrom: 'Herald <herald@localhost>',
        slackApiUrl: 'http://127.0.0.1:9',
        pagerDutyApiUrl: 'http://127.0.0.1:9',
      },
    });
    runner = new ActivityRunner(herald);
    const now = new Date().toISOString();
    insertProject(herald.db, {
      id: 'project',
      title: 'P',
      defaultBranch: 'main',
      createdAt: now,
      updatedAt: now,
    });
  });

  afterEach(async () => {
    await runner.idle();
    close();
  });

  const start = (environment: string, work: () => Promise<string> | string) =>
    runner.start(
      { project: 'project', type: 'test.action', environments: [environment], description: 'd' },
      work,
    );
  const stateOf = (id: string) => findActivity(herald.db, 'project', id);

  it('completes a failed action with result failure and the reason in its log', async () => {
    const failed = start('main', () => {
      throw new Error('the disk is full');
    });
    const next = start('main', () => 'fine');
    await runner.idle();

    expect(stateOf(failed.id)).toMatchObject({
      state: 'complete',
      result: 'failure',
      log: 'Failed: the disk is full',
    });
    // A failure does not stall what waits behind it in the same environment.
    expect(stateOf(next.id)).toMatchObject({ state: 'complete', result: 'success', log: 'fine' });
  });

  it('runs one environment in order and lets another pass', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = start('main', async () => {
      await gate;
      order.push('main-1');
      return '';
    });
    const second = start('main', () => {
      order.push('main-2');
      return '';
    });
    const other = start('staging', () => {
      order.push('staging');
      return '';
    });

    for (let tries = 0; stateOf(other.id)?.state !== 'complete'; tries += 1) {
      expect(tries).toBeLessThan(200);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(stateOf(first.id)?.state).toBe('in_progress');
    expect(stateOf(second.id)?.state).toBe('pending');

    release();
    await runner.idle();
    expect(order).toEqual(['staging', 'main-1', 'main-2']);
  });

  it('skips a cancelled activity and survives its project being deleted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let ran = false;
    start('main', () => gate.then(() => ''));
    const cancelled = start('main', () => {
      ran = true;
      return '';
    });
    cancelActivity(herald, 'project', cancelled.id, 'a test');
    const orphan = start('staging', async () => {
      deleteProject(herald.db, 'project');
      return 'done';
    });

    release();
    await runner.idle();
    expect(ran).toBe(false);
    expect(stateOf(orphan.id)).toBeUndefined();
  });
});
