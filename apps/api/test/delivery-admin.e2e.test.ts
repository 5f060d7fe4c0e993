import { listDeliveries } from '@herald/db';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import { ActivityRunner } from '../src/services/activity-runner.ts';
import type { Resolver } from '../src/services/outbound/resolver.ts';
import { RateLimiter } from '../src/services/rate-limit.ts';
import { authenticate } from '../src/services/tokens.ts';
import {
  addWebhook,
  createShiftedClock,
  reportPushes,
  seedProject,
  waitForDelivery,
} from './fixtures.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { answerWith, type ScriptedReceiver, startScriptedReceiver } from './receivers.ts';

// Names the tests make up: one resolves to a private address, one does not resolve at all.
const resolver: Resolver = async (hostname) => {
  if (hostname === 'internal.example.test') return [{ address: '10.1.2.3', family: 4 }];
  if (hostname === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

let api: TestApi;
let status = 500;
let receiver: ScriptedReceiver;
const clock = createShiftedClock();

beforeAll(async () => {
  api = await startTestApi({
    clock,
    resolver,
    env: { HERALD_RETRY_SCHEDULE: '50ms' },
  });
  receiver = await startScriptedReceiver((arrival, response, index) =>
    answerWith(status)(arrival, response, index),
  );
});

afterAll(async () => {
  await receiver.close();
  await api.close();
});

function caller() {
  return appRouter.createCaller({
    herald: api.herald,
    runner: new ActivityRunner(api.herald),
    token: authenticate(api.herald, `Bearer ${api.token}`),
    limiter: new RateLimiter(0, api.herald.clock),
    clientAddress: '127.0.0.1',
  });
}

describe('redelivering failed deliveries', () => {
  it('sends every failed delivery since a time again, with the same webhook-id', async () => {
    status = 500;
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    reportPushes(api.herald, project);
    await waitForDelivery(api.herald, webhook.id, (row) => row.status === 'failed');
    clock.advance(60_000);
    const since = new Date(clock.now()).toISOString();
    reportPushes(api.herald, project, 2);
    await waitForDelivery(
      api.herald,
      webhook.id,
      () =>
        listDeliveries(api.herald.db, webhook.id, { limit: 10, statuses: ['failed'] }).length === 3,
    );
    const failedSince = listDeliveries(api.herald.db, webhook.id, { limit: 2 }).map(
      (row) => row.id,
    );
    const before = receiver.arrivals.length;

    status = 200;
    const result = await api.cli([
      'integration:activity:redeliver',
      webhook.id,
      `--failed-since=${since}`,
      '--format=plain',
      '--no-header',
      `--project=${project}`,
    ]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `Redelivering 2 failed deliveries of integration ${webhook.id} since ${since}`,
    );
    expect(result.stdout.trim().split('\n').sort()).toEqual([...failedSince].sort());
    await receiver.waitFor(before + 2);
    const resent = receiver.arrivals.slice(before).map((arrival) => arrival.headers['webhook-id']);
    expect(resent.sort()).toEqual([...failedSince].sort());
    await waitForDelivery(api.herald, webhook.id, () =>
      failedSince.every(
        (id) =>
          listDeliveries(api.herald.db, webhook.id, { limit: 10 }).find((row) => row.id === id)
            ?.status === 'succeeded',
      ),
    );

    const nothing = await api.cli([
      'integration:activity:redeliver',
      webhook.id,
      `--failed-since=${new Date(clock.now()).toISOString()}`,
      `--project=${project}`,
    ]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain(`No failed deliveries of integration ${webhook.id} since`);
  });

  it('sends one delivery again, named by its activity, as one more attempt', async () => {
    status = 200;
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/hook`);
    reportPushes(api.herald, project);
    const { delivery } = await waitForDelivery(
      api.herald,
      webhook.id,
      (row) => row.status === 'succeeded',
    );
    const before = receiver.arrivals.length;

    const result = await caller().integration.redeliver({
      project,
      id: webhook.id,
      delivery: delivery.logActivityId,
    });

    expect(result).toMatchObject({ id: delivery.id, status: 'pending', attempt_count: 1 });
    const [again] = (await receiver.waitFor(before + 1)).slice(before);
    expect(again?.headers['webhook-id']).toBe(delivery.id);
    const { attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (row, rows) => rows.length === 2 && row.status === 'succeeded',
    );
    expect(attempts.map((attempt) => attempt.number)).toEqual([1, 2]);
  });

  it('refuses to redeliver to a disabled integration and says how to enable it', async () => {
    const gone = await startScriptedReceiver(answerWith(410));
    try {
      const project = seedProject(api.herald);
      const webhook = addWebhook(api.herald, project, `${gone.url}/hook`);
      reportPushes(api.herald, project);
      await waitForDelivery(api.herald, webhook.id, (row) => row.status === 'failed');

      const result = await api.cli([
        'integration:activity:redeliver',
        webhook.id,
        '--failed-since=1h',
        `--project=${project}`,
      ]);

      expect(result.code).toBe(4);
      expect(result.stderr).toContain(
        `Integration ${webhook.id} is disabled (The receiver answered 410 Gone`,
      );
      expect(result.stderr).toContain('update it (herald integration:update) to enable it again');
    } finally {
      await gone.close();
    }
  });
});

describe('rotating a signing secret', () => {
  it('signs with the new and the old secret for 24 hours, then with the new one only', async () => {
    status = 200;
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${receiver.url}/rotate-hook`);

    const rotated = await api.cli([
      'integration:secret:rotate',
      webhook.id,
      `--project=${project}`,
    ]);

    expect(rotated.code, rotated.stderr).toBe(0);
    const secret = rotated.stdout.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const until = Date.parse(
      /The previous secret keeps signing until (\S+)/.exec(rotated.stderr)?.[1] ?? '',
    );
    expect(until - clock.now()).toBeGreaterThan(23 * 3_600_000);
    expect(until - clock.now()).toBeLessThanOrEqual(24 * 3_600_000);

    const rotateHook = () => receiver.arrivals.filter((arrival) => arrival.url === '/rotate-hook');
    const signers = (arrivalIndex: number) => {
      const arrival = rotateHook()[arrivalIndex]!;
      const headers = arrival.headers as Record<string, string>;
      const sentAt = new Date(Number(headers['webhook-timestamp']) * 1000);
      const signatures = headers['webhook-signature']!.split(' ');
      const keys = {
        new: secret.slice('whsec_'.length),
        old: Buffer.from('test-shared-key').toString('base64'),
      };
      return Object.entries(keys)
        .filter(([, key]) =>
          signatures.includes(new Webhook(key).sign(headers['webhook-id']!, sentAt, arrival.body)),
        )
        .map(([name]) => name);
    };

    reportPushes(api.herald, project);
    await waitForDelivery(api.herald, webhook.id, (row) => row.status === 'succeeded');
    expect(signers(0)).toEqual(['new', 'old']);

    clock.advance(24 * 3_600_000);
    reportPushes(api.herald, project);
    await waitForDelivery(api.herald, webhook.id, (row) => row.status === 'succeeded');
    expect(rotateHook()).toHaveLength(2);
    expect(signers(1)).toEqual(['new']);
  });
});

describe('where an integration may send', () => {
  it('refuses a URL whose name resolves to a private address, naming the option', async () => {
    const project = seedProject(api.herald);

    const result = await api.cli([
      'integration:add',
      '--type=webhook',
      '--url=https://internal.example.test/hook',
      `--project=${project}`,
    ]);

    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      '--url: internal.example.test resolves to 10.1.2.3, is a private address; Herald does ' +
        'not send to it unless HERALD_OUTBOUND_ALLOW includes its range',
    );
    expect(await caller().integration.list({ project })).toEqual([]);
  });

  it('refuses on update too; a name that does not resolve yet saves with a warning', async () => {
    const project = seedProject(api.herald);
    const created = await caller().integration.create({
      project,
      type: 'webhook',
      settings: { url: 'https://not-yet.example.test/hook' },
    });

    expect(created.warnings).toEqual([
      'url: not-yet.example.test does not resolve yet (ENOTFOUND); ' +
        'every send will look it up again',
    ]);
    await expect(
      caller().integration.update({
        project,
        id: created.integration.id,
        settings: { url: 'http://169.254.169.254/latest/meta-data' },
      }),
    ).rejects.toThrow('169.254.169.254 is a link-local address');
    const kept = await caller().integration.get({ project, id: created.integration.id });
    expect(kept.settings.url).toBe('https://not-yet.example.test/hook');
  });
});

describe('/metrics', () => {
  it('counts deliveries by outcome, latency and the outbox, without project data', async () => {
    status = 200;
    const project = seedProject(api.herald, 'Very Secret Project');
    const webhook = addWebhook(api.herald, project, `${receiver.url}/metrics-hook`);
    reportPushes(api.herald, project);
    await waitForDelivery(api.herald, webhook.id, (row) => row.status === 'succeeded');

    const response = await fetch(`${api.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^herald_deliveries\{status="succeeded"\} [1-9]\d*$/m);
    expect(text).toMatch(/^herald_deliveries\{status="failed"\} [1-9]\d*$/m);
    expect(text).toMatch(/^herald_deliveries_finished_total\{outcome="succeeded"\} [1-9]\d*$/m);
    expect(text).toMatch(
      /^herald_delivery_attempts_total\{outcome="failure",error_kind="http_status"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^herald_delivery_attempt_duration_seconds_bucket\{le="0.1",outcome="success"\} \d+$/m,
    );
    expect(text).toMatch(/^herald_outbox_depth \d+$/m);
    expect(text).toMatch(/^herald_outbox_oldest_due_age_seconds [\d.]+$/m);
    for (const secret of [
      project,
      webhook.id,
      'Very Secret Project',
      'metrics-hook',
      receiver.url,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
