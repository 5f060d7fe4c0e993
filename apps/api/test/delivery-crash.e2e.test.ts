import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  countDeliveries,
  countDeliveryAttempts,
  type Db,
  listDeliveries,
  listIntegrations,
  migrateDatabase,
  openDatabase,
} from '@herald/db';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createHerald, type Herald, systemClock } from '../src/services/herald.ts';
import { spawnDispatcher } from './dispatcher-process.ts';
import { addWebhook, reportPushes, seedProject } from './fixtures.ts';
import { answerWith, type ScriptedReceiver, startScriptedReceiver } from './receivers.ts';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data directory with a project, `webhooks` webhooks to `url`, and `pushes` owed to each. */
function seedBacklog(url: string, webhooks: number, pushes: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-crash-'));
  const database = openDatabase(join(dataDir, 'herald.sqlite'));
  migrateDatabase(database.db);
  const herald: Herald = createHerald({
    db: database.db,
    clock: systemClock,
    logger: createLogger('silent'),
    config: {
      dataDir,
      publicUrl: 'http://127.0.0.1:0',
      maxBodyBytes: 1 << 20,
      maxGitBodyBytes: 1 << 20,
      rateLimitPerMinute: 0,
      hookRateLimitPerMinute: 0,
      smtpUrl: null,
      smtpFrom: 'herald@localhost',
      slackApiUrl: 'https://slack.com/api',
      pagerDutyApiUrl: 'https://events.pagerduty.com',
    },
  });
  const project = seedProject(herald);
  for (let index = 0; index < webhooks; index += 1) {
    addWebhook(herald, project, `${url}/hook-${index}`);
  }
  database.db.transaction(() => reportPushes(herald, project, pushes));
  cleanups.push(async () => {
    await herald.outbound.close();
    database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  return { dataDir, db: database.db, project };
}

function listDeliveryIds(db: Db, project: string): string[] {
  return listIntegrations(db, project)
    .flatMap((integration) => listDeliveries(db, integration.id, { limit: 10_000 }))
    .map((delivery) => delivery.id)
    .sort();
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function dispatcherEnv(dataDir: string, extra: Record<string, string> = {}) {
  return {
    HERALD_DATA_DIR: dataDir,
    HERALD_OUTBOUND_ALLOW: '127.0.0.0/8',
    HERALD_DISPATCH_CONCURRENCY: '64',
    HERALD_DISPATCH_PER_INTEGRATION: '32',
    ...extra,
  };
}

async function startSlowishReceiver(delayMs: number): Promise<ScriptedReceiver> {
  const receiver = await startScriptedReceiver((arrival, response, index) => {
    setTimeout(() => answerWith(200)(arrival, response, index), delayMs);
  });
  cleanups.push(() => receiver.close());
  return receiver;
}

describe('a dispatcher process killed while a backlog drains', () => {
  // Two process starts and 2,000 real sends: about 15 s on an idle machine. The bounds are wide
  // because a machine shared with other work can be ten times slower; nothing here is timed.
  it('loses nothing, and sends again no more than what was in flight', {
    timeout: 240_000,
  }, async () => {
    const receiver = await startSlowishReceiver(5);
    // 4 webhooks × 500 activities: 2,000 deliveries waiting before the dispatcher starts.
    const { dataDir, db, project } = seedBacklog(receiver.url, 4, 500);
    const all = listDeliveryIds(db, project);
    expect(all).toHaveLength(2_000);
    // A short lease (and the request timeout under it) so the restart need not wait a minute
    // for the dead process's claims to run out.
    const env = dispatcherEnv(dataDir, {
      HERALD_OUTBOUND_TIMEOUT: '3s',
      HERALD_DISPATCH_LEASE: '6s',
    });

    const first = spawnDispatcher(env);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    await receiver.waitFor(600, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output()}`);
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const inFlightAtKill = countDeliveries(db, { status: 'pending', leased: true });
    const doneAtKill = countDeliveries(db, { status: 'succeeded' });
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(doneAtKill).toBeLessThan(2_000);

    const second = spawnDispatcher(env);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    await waitUntil(
      () => countDeliveries(db, { status: 'succeeded' }) === 2_000,
      120_000,
      () => `${countDeliveries(db, { status: 'succeeded' })} of 2000\n${second.output()}`,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const received = receiver.arrivals.map((arrival) => String(arrival.headers['webhook-id']));
    const unique = new Set(received);
    expect([...unique].sort()).toEqual(all);
    // Sends the attempt log does not know of are those the kill cut off: at most what was in
    // flight. Any other second send follows a recorded failed attempt (a timeout on a busy
    // machine), which is at-least-once working as meant; on an idle machine there are none.
    const retries = countDeliveryAttempts(db) - 2_000;
    const duplicates = received.length - unique.size;
    expect(received.length - countDeliveryAttempts(db)).toBeLessThanOrEqual(inFlightAtKill);
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKill + retries);
  });
});

describe('a dispatcher process asked to stop', () => {
  it('finishes what is in flight, gives back the rest, and the next start sends it', {
    timeout: 180_000,
  }, async () => {
    const receiver = await startSlowishReceiver(300);
    const { dataDir, db } = seedBacklog(receiver.url, 2, 100);
    // A ten-minute lease: only a released lease lets the next start send within the wait below.
    const port = await findFreePort();
    const env = dispatcherEnv(dataDir, {
      HERALD_DISPATCH_CONCURRENCY: '16',
      HERALD_DISPATCH_LEASE: '10m',
      HERALD_DISPATCHER_PORT: String(port),
    });

    const first = spawnDispatcher(env);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    await receiver.waitFor(20, 60_000);
    // The standalone dispatcher answers for its own sends.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^herald_outbox_depth \d+$/m);
    expect(metrics).toContain('herald_delivery_attempt_duration_seconds_bucket');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Every request that reached the receiver was answered and recorded; nothing is held.
    const arrived = new Set(receiver.arrivals.map((arrival) => arrival.headers['webhook-id']));
    expect(countDeliveries(db, { status: 'succeeded' })).toBe(arrived.size);
    expect(countDeliveries(db, { leased: true })).toBe(0);
    expect(countDeliveries(db, { status: 'pending' })).toBe(200 - arrived.size);

    const second = spawnDispatcher(env);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    await waitUntil(
      () => countDeliveries(db, { status: 'succeeded' }) === 200,
      60_000,
      () => second.output(),
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(receiver.arrivals).toHaveLength(200);
  });
});
