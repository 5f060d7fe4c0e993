import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertActivity } from './activities.ts';
import { type Db, migrateDatabase, openDatabase } from './client.ts';
import {
  claimDueDeliveries,
  findDelivery,
  insertDeliveries,
  nextDeliveryDueAt,
  releaseLeases,
  requeueFailedDeliveries,
  settleLeasedDelivery,
} from './deliveries.ts';
import { insertIntegration, updateIntegration } from './integrations.ts';
import { insertProject } from './projects.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const ISO = new Date(NOW).toISOString();
let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDatabase(':memory:'));
  migrateDatabase(db);
  insertProject(db, { id: 'p', title: 'P', defaultBranch: 'main', createdAt: ISO, updatedAt: ISO });
  insertActivity(db, {
    id: 'a',
    type: 'environment.push',
    project: 'p',
    environments: ['main'],
    state: 'complete',
    result: 'success',
    created_at: ISO,
    started_at: ISO,
    updated_at: ISO,
    completed_at: ISO,
    cancelled_at: null,
    completion_percent: 100,
    parameters: {},
    payload: {},
    description: 'push',
    text: 'push',
    log: '',
    integration: null,
  });
});

afterEach(() => close());

function addIntegration(id: string, deliveries: number, dueAt = NOW) {
  insertIntegration(db, {
    id,
    projectId: 'p',
    type: 'webhook',
    config: {},
    secrets: {},
    createdAt: ISO,
    updatedAt: ISO,
  });
  insertDeliveries(
    db,
    Array.from({ length: deliveries }, (_, index) => ({
      id: `${id}-${index}`,
      integrationId: id,
      activityId: 'a',
      logActivityId: `log-${id}-${index}`,
      body: '{}',
      status: 'pending',
      nextAttemptAt: dueAt + index,
      createdAt: new Date(dueAt + index).toISOString(),
    })),
  );
}

const done = (status: string) => ({
  status,
  attemptCount: 1,
  nextAttemptAt: NOW,
  completedAt: ISO,
});

const claim = (limit: number, inFlight = new Map<string, number>(), now = NOW + 100) =>
  claimDueDeliveries(db, { now, leaseMs: 60_000, owner: 'me', limit, perIntegration: 2, inFlight });

describe('claiming due deliveries', () => {
  it('takes the oldest first and no more per integration than it has room for', () => {
    addIntegration('slow', 10);
    addIntegration('fast', 3, NOW + 50);

    const first = claim(10, new Map([['slow', 1]]));

    expect(first.map((row) => row.id)).toEqual(['slow-0', 'fast-0', 'fast-1']);
    expect(first.every((row) => row.leaseOwner === 'me')).toBe(true);
  });

  it('leaves leased deliveries alone until their lease runs out', () => {
    addIntegration('hook', 1);
    expect(claim(5)).toHaveLength(1);
    expect(claim(5)).toHaveLength(0);

    const later = claim(5, new Map(), NOW + 100 + 60_000);
    expect(later.map((row) => row.id)).toEqual(['hook-0']);
  });

  it('skips disabled integrations, also when saying when work is next due', () => {
    addIntegration('off', 2);
    updateIntegration(db, 'off', { enabled: false });

    expect(claim(5)).toHaveLength(0);
    expect(nextDeliveryDueAt(db, { now: NOW })).toBeNull();
  });

  it('writes a result only while the lease is still held', () => {
    addIntegration('hook', 1);
    claim(1);

    expect(settleLeasedDelivery(db, 'hook-0', 'someone-else', done('succeeded'))).toBe(false);
    expect(settleLeasedDelivery(db, 'hook-0', 'me', done('succeeded'))).toBe(true);
    expect(findDelivery(db, 'hook-0')).toMatchObject({
      status: 'succeeded',
      attemptCount: 1,
      leaseOwner: null,
      leaseUntil: null,
      completedAt: ISO,
    });
  });

  it('gives leases back so they can be claimed at once', () => {
    addIntegration('hook', 2);
    claim(2);

    expect(releaseLeases(db, 'me', ['hook-1'])).toBe(1);
    expect(findDelivery(db, 'hook-1')?.leaseOwner).toBeNull();
    expect(findDelivery(db, 'hook-0')?.leaseOwner).toBe('me');
  });
});

describe('requeueing failed deliveries', () => {
  it('takes only failed ones created since the given time', () => {
    addIntegration('hook', 3);
    claim(3);
    settleLeasedDelivery(db, 'hook-0', 'me', done('failed'));
    settleLeasedDelivery(db, 'hook-1', 'me', done('failed'));
    settleLeasedDelivery(db, 'hook-2', 'me', done('succeeded'));

    const requeued = requeueFailedDeliveries(db, 'hook', new Date(NOW + 1).toISOString(), NOW);

    expect(requeued.map((row) => row.id)).toEqual(['hook-1']);
    expect(findDelivery(db, 'hook-1')?.status).toBe('pending');
  });
});
