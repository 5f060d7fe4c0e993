import { findIntegrationById, listActivities } from '@herald/db';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addWebhook, reportPushes, seedProject, waitForDelivery } from './fixtures.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import {
  type Answer,
  answerWith,
  type ScriptedReceiver,
  startScriptedReceiver,
} from './receivers.ts';

let api: TestApi;
const receivers: ScriptedReceiver[] = [];

beforeAll(async () => {
  api = await startTestApi({
    env: {
      // The whole-request limit is 15 s in production (delivery-timeout.e2e.test.ts proves
      // it); 2 s keeps these tests short. The first retry comes at once, the next much later.
      HERALD_OUTBOUND_TIMEOUT: '2s',
      HERALD_RETRY_SCHEDULE: '50ms,1h',
    },
  });
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

afterAll(async () => {
  await api.close();
});

async function receiver(answer: Answer): Promise<ScriptedReceiver> {
  const started = await startScriptedReceiver(answer);
  receivers.push(started);
  return started;
}

/** A project with one webhook to `url`, and one delivery owed to it. */
function deliverOneTo(url: string) {
  const project = seedProject(api.herald);
  const webhook = addWebhook(api.herald, project, url);
  reportPushes(api.herald, project);
  return { project, webhook };
}

describe('a delivery is retried until the receiver takes it', () => {
  it('retries a 500 and is done at the 200', async () => {
    const statuses = [500, 200];
    const hook = await receiver((arrival, response, index) =>
      answerWith(statuses[index] ?? 200)(arrival, response, index),
    );
    const { webhook } = deliverOneTo(`${hook.url}/hook`);

    const { delivery, attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (row) => row.status === 'succeeded',
    );

    expect(
      attempts.map((attempt) => [attempt.number, attempt.statusCode, attempt.errorKind]),
    ).toEqual([
      [1, 500, 'http_status'],
      [2, 200, null],
    ]);
    expect(hook.arrivals).toHaveLength(2);
    expect(hook.arrivals.map((arrival) => arrival.headers['webhook-id'])).toEqual([
      delivery.id,
      delivery.id,
    ]);
    expect(hook.arrivals[1]?.body).toBe(hook.arrivals[0]?.body);
    expect(attempts[0]).toMatchObject({
      responseBody: 'ok',
      responseHeaders: { 'content-type': 'text/plain' },
    });
  });

  it('waits as long as Retry-After asks', async () => {
    const hook = await receiver((arrival, response, index) =>
      (index === 0 ? answerWith(429, 'slow down', { 'retry-after': '1' }) : answerWith(200))(
        arrival,
        response,
        index,
      ),
    );
    const { webhook } = deliverOneTo(`${hook.url}/hook`);

    const { attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (row) => row.status === 'succeeded',
    );

    expect(attempts.map((attempt) => attempt.statusCode)).toEqual([429, 200]);
    const gap = Date.parse(attempts[1]!.startedAt) - Date.parse(attempts[0]!.startedAt);
    // The schedule said 50 ms; the receiver asked for a second.
    expect(gap).toBeGreaterThanOrEqual(1_000);
  });
});

describe('a receiver cannot make Herald misbehave', () => {
  it('disables the integration on 410 Gone and says so in its activities', async () => {
    const hook = await receiver(answerWith(410, 'gone'));
    const { project, webhook } = deliverOneTo(`${hook.url}/hook`);

    await waitForDelivery(api.herald, webhook.id, (row) => row.status === 'failed');

    expect(hook.arrivals).toHaveLength(1);
    const integration = findIntegrationById(api.herald.db, webhook.id);
    expect(integration).toMatchObject({
      enabled: false,
      disabledReason: 'The receiver answered 410 Gone: it no longer wants these deliveries',
    });
    const activities = listActivities(api.herald.db, {
      projectId: project,
      integrationId: webhook.id,
      limit: 10,
    });
    expect(activities.map((activity) => activity.type).sort()).toEqual([
      'integration.disable',
      'integration.webhook',
    ]);
    expect(activities.find((activity) => activity.type === 'integration.disable')).toMatchObject({
      description:
        `Herald disabled webhook integration ${webhook.id}: ` +
        'The receiver answered 410 Gone: it no longer wants these deliveries',
      result: 'failure',
    });
  });

  it('does not follow a 302, even to another receiver, and counts it as a failure', async () => {
    const elsewhere = await receiver(answerWith(200));
    const hook = await receiver(answerWith(302, '', { location: `${elsewhere.url}/inside` }));
    const { webhook } = deliverOneTo(`${hook.url}/hook`);

    const { delivery, attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (_row, rows) => rows.length === 2,
    );

    expect(delivery.status).toBe('pending');
    expect(attempts[0]).toMatchObject({
      statusCode: 302,
      errorKind: 'redirect',
      errorMessage:
        `The receiver answered 302 (a redirect to ${elsewhere.url}/inside); ` +
        'Herald does not follow redirects',
      responseHeaders: { location: `${elsewhere.url}/inside` },
    });
    expect(hook.arrivals).toHaveLength(2);
    expect(elsewhere.arrivals).toHaveLength(0);
  });

  it('retries a receiver that resets the connection', async () => {
    const hook = await receiver((_arrival, response) => response.socket?.destroy());
    const { webhook } = deliverOneTo(`${hook.url}/hook`);

    const { attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (_row, rows) => rows.length === 2,
    );

    expect(attempts.map((attempt) => [attempt.statusCode, attempt.errorKind])).toEqual([
      [0, 'reset'],
      [0, 'reset'],
    ]);
  });

  it('cuts off a receiver trickling a byte a second at the whole-request limit', async () => {
    const timers = new Set<NodeJS.Timeout>();
    const hook = await receiver((_arrival, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('.'), 1_000);
      timers.add(timer);
      response.on('close', () => clearInterval(timer));
    });
    const { webhook } = deliverOneTo(`${hook.url}/hook`);

    const { attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (_row, rows) => rows.length === 1,
    );
    for (const timer of timers) clearInterval(timer);

    expect(attempts[0]).toMatchObject({
      statusCode: 0,
      errorKind: 'timeout',
      errorMessage: 'The receiver answered 200 but did not finish within 2s',
    });
    expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(2_000);
  });

  it('reads 16 KiB of a 100 MB answer and drops the rest, with memory bounded', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const total = 100 * 1024 * 1024;
    let written = 0;
    const hook = await receiver((_arrival, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(total) });
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('error', () => {});
      pump();
    });
    const before = process.memoryUsage();
    const { webhook } = deliverOneTo(`${hook.url}/hook`);

    const { delivery, attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (row) => row.status === 'succeeded',
    );
    const after = process.memoryUsage();

    expect(delivery.attemptCount).toBe(1);
    expect(attempts[0]!.responseBody).toBe('x'.repeat(16 * 1024));
    // Herald closed the connection: the receiver could push no more than socket buffers hold.
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('one slow receiver beside a fast one', () => {
  it('does not hold up the fast one', async () => {
    const slowApi = await startTestApi({
      env: { HERALD_DISPATCH_CONCURRENCY: '4', HERALD_DISPATCH_PER_INTEGRATION: '2' },
    });
    const held: (() => void)[] = [];
    let holding = true;
    const release = () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    };
    try {
      const slow = await receiver((arrival, response, index) => {
        const answer = () => answerWith(200)(arrival, response, index);
        if (holding) held.push(answer);
        else answer();
      });
      const fast = await receiver(answerWith(200));
      const project = seedProject(slowApi.herald);
      addWebhook(slowApi.herald, project, `${slow.url}/hook`);
      // Ten deliveries owed to the slow receiver first, more than every send slot there is.
      reportPushes(slowApi.herald, project, 10);
      await slow.waitFor(2);
      addWebhook(slowApi.herald, project, `${fast.url}/hook`);
      reportPushes(slowApi.herald, project, 5);

      await fast.waitFor(5);

      // The slow receiver still holds its two; it never got more than its share.
      expect(slow.arrivals).toHaveLength(2);
      expect(held).toHaveLength(2);
      release();
      await slow.waitFor(15);
    } finally {
      release();
      await slowApi.close();
    }
  });
});
