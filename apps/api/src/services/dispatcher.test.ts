import {
  findActivityById,
  findDeliveryByLogActivity,
  findIntegrationById,
  listActivities,
  listAttempts,
  listDeliveries,
} from '@herald/db';
import { DEFAULT_RETRY_SCHEDULE_MS } from '@herald/domain';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addWebhook,
  createManualClock,
  type ManualClock,
  reportPushes,
  seedProject,
  waitForDelivery,
} from '../../test/fixtures.ts';
import { startTestApi, type TestApi } from '../../test/helpers.ts';
import { answerWith, type ScriptedReceiver, startScriptedReceiver } from '../../test/receivers.ts';
import { Dispatcher } from './dispatcher.ts';
import { updateIntegration } from './integrations.ts';
import type { Sender } from './senders.ts';
import { sendWebhook } from './webhook-sender.ts';

const START = Date.parse('2025-05-01T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let clock: ManualClock;
let api: TestApi;
let receiver: ScriptedReceiver;
let status: number;

beforeEach(async () => {
  clock = createManualClock(START);
  // The API's own dispatcher stays off: each test drives one by hand with the manual clock.
  api = await startTestApi({ clock, env: { HERALD_DISPATCHER: 'off' } });
  status = 500;
  receiver = await startScriptedReceiver((arrival, response, index) =>
    answerWith(status)(arrival, response, index),
  );
});

afterEach(async () => {
  await api.close();
  await receiver.close();
});

describe('the retry schedule, walked with an injected clock', () => {
  it('tries at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, ±20 %', async () => {
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    reportPushes(api.herald, project);
    // The spread of each wait: the low end, the high end, the middle, in turn.
    const draws = [0, 0.999_999, 0.5];
    let draw = 0;
    const dispatcher = new Dispatcher(api.herald, { random: () => draws[draw++ % 3]! });

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      expect(await dispatcher.drain()).toBe(1);
      const [delivery] = listDeliveries(api.herald.db, webhook.id, { limit: 1 });
      if (attempt === 8) {
        expect(delivery?.status).toBe('failed');
        break;
      }

      expect(delivery?.status).toBe('pending');
      const wait = delivery!.nextAttemptAt - clock.now();
      waits.push(wait);
      // Not a millisecond early.
      clock.set(delivery!.nextAttemptAt - 1);
      expect(await dispatcher.drain()).toBe(0);
      clock.set(delivery!.nextAttemptAt);
    }

    for (const [index, wait] of waits.entries()) {
      const base = DEFAULT_RETRY_SCHEDULE_MS[index]!;
      expect(wait).toBeGreaterThanOrEqual(Math.round(base * 0.8));
      expect(wait).toBeLessThanOrEqual(Math.round(base * 1.2));
    }
    expect(waits[0]).toBe(4_000);
    expect(waits[1]).toBe(360_000);
    expect(waits[2]).toBe(1_800_000);

    // Eight attempts of the same bytes under the same webhook-id, each one signed.
    expect(receiver.arrivals).toHaveLength(8);
    const verifier = new Webhook(Buffer.from('test-shared-key').toString('base64'));
    const ids = new Set(receiver.arrivals.map((arrival) => arrival.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(receiver.arrivals.map((arrival) => arrival.body)).size).toBe(1);
    for (const arrival of receiver.arrivals) {
      const headers = arrival.headers as Record<string, string>;
      // The manual clock stands in 2025, so check the signature at the stamped time rather
      // than with verify(), which also refuses a timestamp older than 5 minutes.
      const sentAt = new Date(Number(headers['webhook-timestamp']) * 1000);
      const expected = verifier.sign(headers['webhook-id']!, sentAt, arrival.body);
      expect(headers['webhook-signature']).toBe(expected);
    }

    const [log] = listActivities(api.herald.db, {
      projectId: project,
      integrationId: webhook.id,
      limit: 5,
    });
    expect(log).toMatchObject({
      type: 'integration.webhook',
      state: 'complete',
      result: 'failure',
    });
    expect(log?.log).toMatch(/^Attempt 1: HTTP 500 in \d+ ms; next attempt in 4s$/m);
    expect(log?.log).toMatch(/^Attempt 8: HTTP 500 in \d+ ms; no more attempts$/m);

    const attempts = listAttempts(
      api.herald.db,
      findDeliveryByLogActivity(api.herald.db, log!.id)!.id,
    );
    expect(attempts.map((attempt) => [attempt.number, attempt.statusCode])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((number) => [number, 500]),
    );
  });

  it('waits longer when the receiver asks with Retry-After, up to the longest step', async () => {
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    const askFor = ['120', 'Thu, 01 May 2025 09:00:00 GMT', String(30 * 86_400)];
    await receiver.close();
    receiver = await startScriptedReceiver((arrival, response, index) =>
      answerWith(503, 'busy', { 'retry-after': askFor[index]! })(arrival, response, index),
    );
    updateIntegration(api.herald, project, webhook.id, { url: `${receiver.url}/hook` });
    reportPushes(api.herald, project);
    const dispatcher = new Dispatcher(api.herald, { random: () => 0.5 });

    const waits: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await dispatcher.drain();
      const [delivery] = listDeliveries(api.herald.db, webhook.id, { limit: 1 });
      waits.push(delivery!.nextAttemptAt - clock.now());
      clock.set(delivery!.nextAttemptAt);
    }

    // 120 s instead of 5 s; until 09:00 (the clock stood at 08:02); 10 h, not 30 days.
    expect(waits).toEqual([120_000, 58 * 60_000, 10 * HOUR]);
    const [delivery] = listDeliveries(api.herald.db, webhook.id, { limit: 1 });
    expect(listAttempts(api.herald.db, delivery!.id)[0]?.responseHeaders).toMatchObject({
      'retry-after': '120',
    });
  });
});

describe('an integration that keeps failing', () => {
  it('is disabled after 5 days without a success, says why, and comes back on update', async () => {
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    // One retry, 30 h later: the day-before's delivery is still owed when the disable comes.
    const dispatcher = new Dispatcher(api.herald, {
      random: () => 0.5,
      retryScheduleMs: [30 * HOUR],
    });

    // A delivery a day fails; each keeps retrying beside the next.
    for (let day = 0; day < 5; day += 1) {
      reportPushes(api.herald, project);
      await dispatcher.drain();
      expect(findIntegrationById(api.herald.db, webhook.id)?.enabled).toBe(true);
      clock.advance(DAY);
    }
    reportPushes(api.herald, project);
    await dispatcher.drain();

    const integration = findIntegrationById(api.herald.db, webhook.id);
    expect(integration?.enabled).toBe(false);
    expect(integration?.disabledReason).toBe(
      'Every delivery has failed since 2025-05-01T08:00:00.000Z, 5d without one success',
    );
    const activities = listActivities(api.herald.db, {
      projectId: project,
      integrationId: webhook.id,
      limit: 20,
    });
    const disables = activities.filter((activity) => activity.type === 'integration.disable');
    expect(disables).toHaveLength(1);
    expect(disables[0]).toMatchObject({
      state: 'complete',
      result: 'failure',
      integration: webhook.id,
      description: expect.stringContaining('5d without one success'),
    });
    const ended = activities.filter((activity) =>
      activity.log.includes('Not sent: the integration was disabled (Every delivery has failed'),
    );
    expect(ended.length).toBeGreaterThan(0);
    // Nothing is owed any more, and nothing new is enqueued while it is off.
    const owed = listDeliveries(api.herald.db, webhook.id, { limit: 50, statuses: ['pending'] });
    expect(owed).toHaveLength(0);
    reportPushes(api.herald, project);
    expect(listDeliveries(api.herald.db, webhook.id, { limit: 50 })).toHaveLength(6);

    status = 200;
    clock.advance(HOUR);
    const updated = updateIntegration(api.herald, project, webhook.id, {});
    expect(updated.integration).toMatchObject({ enabled: true, disabled_reason: null });
    reportPushes(api.herald, project);
    await dispatcher.drain();
    expect(listDeliveries(api.herald.db, webhook.id, { limit: 1 })[0]?.status).toBe('succeeded');
  });

  it('is not disabled while a success came in between', async () => {
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    const dispatcher = new Dispatcher(api.herald, { random: () => 0.5 });

    for (let day = 0; day < 8; day += 1) {
      status = day === 3 ? 200 : 500;
      reportPushes(api.herald, project);
      await dispatcher.drain();
      clock.advance(DAY);
    }

    expect(findIntegrationById(api.herald.db, webhook.id)?.enabled).toBe(true);
    expect(findIntegrationById(api.herald.db, webhook.id)?.failingSince).toBe(START + 4 * DAY);
  });
});

/**
 * A sender that holds every send until `open` is called, sends them for real, and lets them
 * finish only when all have their answer: their results then come back in one turn.
 */
function createGatedSender() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let answered!: () => void;
  const allAnswered = new Promise<void>((resolve) => {
    answered = resolve;
  });
  const held: string[] = [];
  let sent = 0;
  const send: Sender = async (delivery, integration, herald, signal) => {
    held.push(delivery.id);
    await gate;
    const outcome = await sendWebhook(delivery, integration, herald, signal);
    sent += 1;
    if (sent === held.length) answered();
    await allAnswered;
    return outcome;
  };

  return { send, held, open };
}

describe('results of sends that finish together', () => {
  it('are written together, each with its own outcome', async () => {
    const project = seedProject(api.herald);
    const failing = addWebhook(api.herald, project, `${receiver.url}/failing`);
    const working = addWebhook(api.herald, project, `${receiver.url}/working`);
    await receiver.close();
    receiver = await startScriptedReceiver((arrival, response, index) =>
      answerWith(arrival.url === '/failing' ? 500 : 200)(arrival, response, index),
    );
    updateIntegration(api.herald, project, failing.id, { url: `${receiver.url}/failing` });
    updateIntegration(api.herald, project, working.id, { url: `${receiver.url}/working` });
    reportPushes(api.herald, project, 2);
    const gated = createGatedSender();
    const dispatcher = new Dispatcher(api.herald, { random: () => 0.5, send: gated.send });

    const draining = dispatcher.drain();
    expect(gated.held).toHaveLength(4);
    gated.open();
    expect(await draining).toBe(4);

    const failed = listDeliveries(api.herald.db, failing.id, { limit: 5 });
    expect(failed.map((delivery) => [delivery.status, delivery.attemptCount])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(findIntegrationById(api.herald.db, failing.id)?.failingSince).toBe(START);
    const succeeded = listDeliveries(api.herald.db, working.id, { limit: 5 });
    expect(succeeded.map((delivery) => delivery.status)).toEqual(['succeeded', 'succeeded']);
    expect(findIntegrationById(api.herald.db, working.id)?.failingSince).toBeNull();

    const retrying = findActivityById(api.herald.db, failed[0]!.logActivityId);
    expect(retrying).toMatchObject({ state: 'in_progress', result: null, completed_at: null });
    expect(retrying?.log).toMatch(/^Attempt 1: HTTP 500 in \d+ ms; next attempt in 5s$/);
    expect(retrying?.payload).toEqual({ status_code: 500, attempts: 1 });
    const done = findActivityById(api.herald.db, succeeded[0]!.logActivityId);
    expect(done).toMatchObject({
      state: 'complete',
      result: 'success',
      completion_percent: 100,
      started_at: new Date(START).toISOString(),
      completed_at: new Date(START).toISOString(),
    });
    expect(done?.log).toMatch(/^Attempt 1: HTTP 200 in \d+ ms$/);
  });

  it('drop a result whose lease ran out and was taken, and keep the others', async () => {
    status = 200;
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    const gated = createGatedSender();
    const slow = new Dispatcher(api.herald, { random: () => 0.5, send: gated.send });
    const other = new Dispatcher(api.herald, { random: () => 0.5 });

    // Two deliveries claimed 30 s apart by the slow dispatcher; both sends hang.
    reportPushes(api.herald, project);
    const first = slow.drain();
    clock.advance(30_000);
    reportPushes(api.herald, project);
    const second = slow.drain();
    expect(gated.held).toHaveLength(2);
    const [taken, kept] = gated.held;

    // The first lease (60 s) runs out; another dispatcher takes it, sends and records it.
    clock.advance(31_000);
    expect(await other.drain()).toBe(1);
    expect(listAttempts(api.herald.db, taken!)).toHaveLength(1);

    // Both hung sends now finish in the same turn and are recorded together.
    gated.open();
    await Promise.all([first, second]);

    const deliveries = listDeliveries(api.herald.db, webhook.id, { limit: 5 });
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['succeeded', 'succeeded']);
    expect(listAttempts(api.herald.db, taken!)).toHaveLength(1);
    expect(listAttempts(api.herald.db, kept!)).toHaveLength(1);
    for (const delivery of deliveries) {
      const log = findActivityById(api.herald.db, delivery.logActivityId);
      expect(log?.log).toMatch(/^Attempt 1: HTTP 200 in \d+ ms$/);
      expect(log?.payload).toEqual({ status_code: 200, attempts: 1 });
    }
    // At least once: the taken delivery reached the receiver twice, under one webhook-id.
    const ids = receiver.arrivals.map((arrival) => arrival.headers['webhook-id']);
    expect(ids.filter((id) => id === taken)).toHaveLength(2);
    expect(ids.filter((id) => id === kept)).toHaveLength(1);
  });
});

describe('a running dispatcher', () => {
  it('sends a retry that is due at once, even when its failure was just recorded', async () => {
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    await receiver.close();
    receiver = await startScriptedReceiver((arrival, response, index) =>
      answerWith(index === 0 ? 500 : 200)(arrival, response, index),
    );
    updateIntegration(api.herald, project, webhook.id, { url: `${receiver.url}/hook` });
    // No wait before the retry, and a clock that does not move: it is due in the same batch
    // that records the failure, which also claims for the slot it frees.
    const dispatcher = new Dispatcher(api.herald, { random: () => 0.5, retryScheduleMs: [0] });
    reportPushes(api.herald, project);

    dispatcher.start();
    try {
      const { attempts } = await waitForDelivery(
        api.herald,
        webhook.id,
        (delivery) => delivery.status === 'succeeded',
      );
      expect(attempts.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    } finally {
      await dispatcher.stop();
    }
  });
});
