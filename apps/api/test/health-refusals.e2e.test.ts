import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from './api-client.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { type PagerDutyStandIn, startPagerDutyStandIn } from './stand-ins/pagerduty.ts';
import { type SlackStandIn, startSlackStandIn } from './stand-ins/slack.ts';

const SLACK_TOKEN = 'xoxb-1234-5678-right-token';
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

describe('health notifications that Slack or PagerDuty refuse', () => {
  let api: TestApi;
  let client: ApiClient;
  let slack: SlackStandIn;
  let pagerduty: PagerDutyStandIn;

  beforeAll(async () => {
    slack = await startSlackStandIn({ token: SLACK_TOKEN, channels: { ops: 'C0OPS0001' } });
    pagerduty = await startPagerDutyStandIn({ routingKeys: [ROUTING_KEY] });
    api = await startTestApi({
      env: { HERALD_SLACK_API_URL: slack.apiUrl, HERALD_PAGERDUTY_API_URL: pagerduty.url },
      // A fast schedule, long enough to fix an integration while its delivery is retried.
      dispatcher: { retryScheduleMs: Array(100).fill(200) },
    });
    client = createApiClient(api);
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([slack?.close(), pagerduty?.close()]);
  });

  /** A project with one integration and one critical reading, so one delivery is owed. */
  async function notifyOnce(type: string, settings: Record<string, unknown>) {
    const { project } = await client.project.create.mutate({ title: `Refusals ${type}` });
    const { integration } = await client.integration.create.mutate({
      project: project.id,
      type,
      settings,
    });
    const reported = await client.health.report.mutate({
      project: project.id,
      environment: 'main',
      service: 'db',
      metric: 'inodes',
      used: 950,
      total: 1000,
    });
    expect(reported).toMatchObject({ state: 'critical', notifications: 1 });

    return { project: project.id, id: integration.id };
  }

  /** Polls the integration's only delivery until `done` says it is where the test wants it. */
  async function waitForDelivery(
    where: { project: string; id: string },
    done: (delivery: Awaited<ReturnType<ApiClient['integration']['delivery']['query']>>) => boolean,
  ) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [listed] = await client.integration.deliveries.query({ ...where, limit: 1 });
      const delivery = await client.integration.delivery.query({
        ...where,
        delivery: listed!.id,
      });
      if (done(delivery)) return delivery;
      if (Date.now() > deadline) throw new Error(`Delivery not there: ${JSON.stringify(delivery)}`);
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }

  it('retries a message Slack refuses with invalid_auth until the token is fixed', async () => {
    const where = await notifyOnce('health.slack', { token: 'xoxb-wrong-token', channel: '#ops' });

    const refused = await waitForDelivery(where, (delivery) => delivery.attempt_count >= 2);
    expect(refused.status).toBe('pending');
    expect(refused.attempts[0]).toMatchObject({
      status_code: 200,
      error_kind: 'provider_error',
      error_message: 'Slack refused it: invalid_auth',
    });
    const [log] = await client.activity.list.query({
      project: where.project,
      integration: where.id,
    });
    expect(log).toMatchObject({ type: 'integration.health.slack', state: 'in_progress' });
    expect(log!.log).toMatch(/^Attempt 1: Slack error invalid_auth \(HTTP 200\) in \d+ ms/);

    await client.integration.update.mutate({ ...where, settings: { token: SLACK_TOKEN } });
    const sent = await waitForDelivery(where, (delivery) => delivery.status !== 'pending');

    expect(sent.status).toBe('succeeded');
    expect(sent.attempts.at(-1)).toMatchObject({ status_code: 200, error_kind: null });
    const accepted = slack.accepted.items.filter((post) => post.text?.includes('Refusals'));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.text).toContain('db in main is critically low on inodes (5 % free)');
  });

  it('retries a message to a channel Slack does not know (channel_not_found)', async () => {
    const where = await notifyOnce('health.slack', { token: SLACK_TOKEN, channel: '#nowhere' });

    const refused = await waitForDelivery(where, (delivery) => delivery.attempt_count >= 1);
    expect(refused.attempts[0]).toMatchObject({
      error_message: 'Slack refused it: channel_not_found',
    });

    await client.integration.update.mutate({ ...where, settings: { channel: 'C0OPS0001' } });
    const sent = await waitForDelivery(where, (delivery) => delivery.status !== 'pending');
    expect(sent.status).toBe('succeeded');
  });

  it('retries when Slack answers 429, as any failed delivery', async () => {
    slack.rateLimitNext(2, 1);
    const where = await notifyOnce('health.slack', { token: SLACK_TOKEN, channel: 'C0OPS0001' });

    const sent = await waitForDelivery(where, (delivery) => delivery.status !== 'pending');

    expect(sent.status).toBe('succeeded');
    expect(sent.attempts.map((attempt) => attempt.status_code)).toEqual([429, 429, 200]);
    expect(sent.attempts[0]).toMatchObject({
      error_kind: 'http_status',
      response_headers: { 'retry-after': '1' },
    });
  });

  it('retries an event PagerDuty refuses for its routing key until the key is fixed', async () => {
    const wrongKey = 'WRONGKEY0123456789abcdefABCDEF01';
    const where = await notifyOnce('health.pagerduty', { routing_key: wrongKey });
    const acceptedBefore = pagerduty.accepted.items.length;

    const refused = await waitForDelivery(where, (delivery) => delivery.attempt_count >= 1);
    expect(refused.attempts[0]).toMatchObject({ status_code: 400, error_kind: 'http_status' });
    expect(JSON.parse(refused.attempts[0]!.response_body)).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ['Invalid routing key'],
    });
    expect(pagerduty.accepted.items).toHaveLength(acceptedBefore);

    await client.integration.update.mutate({ ...where, settings: { routing_key: ROUTING_KEY } });
    const sent = await waitForDelivery(where, (delivery) => delivery.status !== 'pending');
    expect(sent.status).toBe('succeeded');
    expect(sent.attempts.at(-1)).toMatchObject({ status_code: 202 });
    expect(pagerduty.accepted.items.at(-1)).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: `herald/${where.project}/main/db/inodes`,
      payload: { severity: 'critical', source: `${where.project}/main/db`, class: 'inodes' },
    });
  });

  it('never reopens a resolved PagerDuty alert with a trigger retried after it', async () => {
    pagerduty.setOutage(true);
    const where = await notifyOnce('health.pagerduty', { routing_key: ROUTING_KEY });
    await waitForDelivery(where, (delivery) => delivery.attempt_count >= 1);
    const recovered = await client.health.report.mutate({
      project: where.project,
      environment: 'main',
      service: 'db',
      metric: 'inodes',
      used: 100,
      total: 1000,
    });
    expect(recovered).toMatchObject({ state: 'normal', notifications: 1 });
    pagerduty.setOutage(false);

    const deadline = Date.now() + 20_000;
    let deliveries = await client.integration.deliveries.query({ ...where, limit: 10 });
    while (deliveries.some((delivery) => delivery.status === 'pending')) {
      if (Date.now() > deadline) throw new Error(`Still pending: ${JSON.stringify(deliveries)}`);
      await new Promise((wake) => setTimeout(wake, 100));
      deliveries = await client.integration.deliveries.query({ ...where, limit: 10 });
    }

    const dedupKey = `herald/${where.project}/main/db/inodes`;
    const events = pagerduty.accepted.items.filter((event) => event.dedup_key === dedupKey);
    expect(events.map((event) => event.event_action)).toEqual(['resolve']);
    const [resolve, trigger] = deliveries;
    expect(resolve).toMatchObject({ status: 'succeeded', last_attempt: { status_code: 202 } });
    expect(trigger).toMatchObject({ status: 'succeeded', last_attempt: { status_code: 0 } });
    const [, triggerLog] = await client.activity.list.query({
      project: where.project,
      integration: where.id,
    });
    expect(triggerLog!.log).toMatch(/^Attempt 1: HTTP 500/);
    expect(triggerLog!.log).toContain(
      `: not sent: superseded by the newer notification ${resolve!.id} of the same alert`,
    );
  });

  it('fails e-mail attempts with a clear reason while no SMTP server is configured', async () => {
    const where = await notifyOnce('health.email', { recipients: ['ops@shop.example'] });

    const failed = await waitForDelivery(where, (delivery) => delivery.attempt_count >= 1);
    expect(failed.attempts[0]).toMatchObject({
      status_code: 0,
      error_kind: 'not_configured',
      error_message: 'HERALD_SMTP_URL is not set: this Herald sends no e-mail',
    });
  });

  it('keeps tokens and routing keys out of the stored delivery bodies', async () => {
    const where = await notifyOnce('health.pagerduty', { routing_key: ROUTING_KEY });
    const sent = await waitForDelivery(where, (delivery) => delivery.status !== 'pending');

    expect(sent.body).not.toContain(ROUTING_KEY);
    expect(JSON.parse(sent.body)).not.toHaveProperty('routing_key');
  });
});

describe('the stand-ins refuse what the real services refuse', () => {
  let slack: SlackStandIn;
  let pagerduty: PagerDutyStandIn;

  beforeAll(async () => {
    slack = await startSlackStandIn({ token: SLACK_TOKEN, channels: { ops: 'C0OPS0001' } });
    pagerduty = await startPagerDutyStandIn({ routingKeys: [ROUTING_KEY] });
  });

  afterAll(async () => {
    await Promise.all([slack?.close(), pagerduty?.close()]);
  });

  async function post(url: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const answer = (await response.json()) as {
      ok?: boolean;
      error?: string;
      status?: string;
      message?: string;
      errors: string[];
    };
    return { status: response.status, body: answer };
  }

  it('Slack: no token, a wrong token, no channel, no text, a bad block', async () => {
    const url = `${slack.apiUrl}/chat.postMessage`;
    const auth = { authorization: `Bearer ${SLACK_TOKEN}` };
    const message = { channel: '#ops', text: 'hello' };

    expect(await post(url, JSON.stringify(message))).toEqual({
      status: 200,
      body: { ok: false, error: 'not_authed' },
    });
    expect(
      (await post(url, JSON.stringify(message), { authorization: 'Bearer xoxb-nope' })).body,
    ).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await post(url, JSON.stringify({ text: 'hello' }), auth)).body.error).toBe(
      'channel_not_found',
    );
    expect((await post(url, JSON.stringify({ channel: '#ops' }), auth)).body.error).toBe('no_text');
    const badBlock = { channel: '#ops', blocks: [{ type: 'header', text: { type: 'mrkdwn' } }] };
    expect((await post(url, JSON.stringify(badBlock), auth)).body.error).toBe('invalid_blocks');
    expect((await post(url, JSON.stringify(message), auth)).body).toMatchObject({
      ok: true,
      channel: 'C0OPS0001',
    });
  });

  it('PagerDuty: a bad routing key and malformed events get 400', async () => {
    const url = `${pagerduty.url}/v2/enqueue`;
    const trigger = {
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      payload: { summary: 'Disk low', source: 'main/app', severity: 'warning' },
    };
    const refusals = [
      ['not json', 'Event object is not valid JSON'],
      [JSON.stringify({ ...trigger, routing_key: 'short' }), 'Routing key is the wrong length'],
      [JSON.stringify({ ...trigger, routing_key: 'X'.repeat(32) }), 'Invalid routing key'],
      [JSON.stringify({ ...trigger, event_action: 'explode' }), "'event_action' must be one"],
      [JSON.stringify({ ...trigger, payload: undefined }), "'payload' is missing"],
      [
        JSON.stringify({ ...trigger, payload: { ...trigger.payload, severity: 'meh' } }),
        "'payload.severity' must be one",
      ],
      [
        JSON.stringify({ routing_key: ROUTING_KEY, event_action: 'resolve' }),
        "'dedup_key' is required to resolve",
      ],
    ];
    for (const [body, error] of refusals) {
      const answer = await post(url, body!);
      expect(answer.status, body).toBe(400);
      expect(answer.body).toMatchObject({
        status: 'invalid event',
        message: 'Event object is invalid',
      });
      expect(answer.body.errors.join('; ')).toContain(error);
    }

    const accepted = await post(url, JSON.stringify(trigger));
    expect(accepted).toMatchObject({
      status: 202,
      body: { status: 'success', message: 'Event processed' },
    });
  });
});
