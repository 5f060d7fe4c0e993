import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from './api-client.ts';
import { type Receiver, startReceiver, startTestApi, type TestApi } from './helpers.ts';
import { type PagerDutyStandIn, startPagerDutyStandIn } from './stand-ins/pagerduty.ts';
import { type SlackStandIn, startSlackStandIn } from './stand-ins/slack.ts';
import { type SmtpStandIn, startSmtpStandIn } from './stand-ins/smtp.ts';

const GIB = 1024 ** 3;
const SLACK_TOKEN = 'xoxb-1234-5678-right-token';
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const SHARED_KEY = 'health-hook-shared-key';

/** normal -> warning -> warning -> critical -> normal, on a 10 GiB disk. */
const READINGS = [
  { used: 5 * GIB, state: 'normal' },
  { used: 8.5 * GIB, state: 'warning' },
  { used: 8.8 * GIB, state: 'warning' },
  { used: 9.5 * GIB, state: 'critical' },
  { used: 4 * GIB, state: 'normal' },
].map((reading) => ({ ...reading, used: Math.round(reading.used) }));

describe('health notifications', () => {
  let api: TestApi;
  let client: ApiClient;
  let smtp: SmtpStandIn;
  let slack: SlackStandIn;
  let pagerduty: PagerDutyStandIn;
  let hook: Receiver;

  beforeAll(async () => {
    smtp = await startSmtpStandIn();
    slack = await startSlackStandIn({ token: SLACK_TOKEN, channels: { ops: 'C0OPS0001' } });
    pagerduty = await startPagerDutyStandIn({ routingKeys: [ROUTING_KEY] });
    hook = await startReceiver();
    api = await startTestApi({
      env: {
        HERALD_SMTP_URL: smtp.url,
        HERALD_SMTP_FROM: 'Herald <herald@hosting.example>',
        HERALD_SLACK_API_URL: slack.apiUrl,
        HERALD_PAGERDUTY_API_URL: pagerduty.url,
      },
      // Failed attempts come back within a fraction of a second instead of 5 s, 5 min, …
      dispatcher: { retryScheduleMs: Array(40).fill(150) },
    });
    client = createApiClient(api);
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([smtp?.close(), slack?.close(), pagerduty?.close(), hook?.close()]);
  });

  async function createProject(title: string): Promise<string> {
    const created = await client.project.create.mutate({ title });
    return created.project.id;
  }

  async function addIntegration(
    project: string,
    type: string,
    settings: Record<string, unknown>,
  ): Promise<string> {
    const created = await client.integration.create.mutate({ project, type, settings });
    return created.integration.id;
  }

  async function report(project: string, used: number, total = 10 * GIB) {
    return api.cli([
      'health:report',
      '-p',
      project,
      '-e',
      'main',
      '--service',
      'app',
      '--metric',
      'disk',
      `--used=${used}`,
      `--total=${total}`,
      '--format=json',
    ]);
  }

  type Delivery = Awaited<ReturnType<ApiClient['integration']['deliveries']['query']>>[number];

  /** Polls the delivery log until every delivery of the integration is where the test wants. */
  async function waitForDeliveries(
    project: string,
    id: string,
    done: (delivery: Delivery) => boolean = (delivery) => delivery.status === 'succeeded',
  ) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const deliveries = await client.integration.deliveries.query({ project, id, limit: 100 });
      if (deliveries.length > 0 && deliveries.every(done)) {
        return deliveries;
      }
      if (Date.now() > deadline) {
        throw new Error(`Deliveries of ${id} not done: ${JSON.stringify(deliveries)}`);
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }

  // Five CLI runs: on a loaded two-core machine each can take a few seconds.
  it('sends exactly three notifications of the right kinds to each type for five readings', {
    timeout: 180_000,
  }, async () => {
    const project = await createProject('Shop');
    const email = await addIntegration(project, 'health.email', {
      from_address: 'alerts@shop.example',
      recipients: ['ops@shop.example', 'oncall@shop.example'],
    });
    const slackId = await addIntegration(project, 'health.slack', {
      token: SLACK_TOKEN,
      channel: '#ops',
    });
    const pagerdutyId = await addIntegration(project, 'health.pagerduty', {
      routing_key: ROUTING_KEY,
    });
    const webhookId = await addIntegration(project, 'health.webhook', {
      url: `${hook.url}/health`,
      shared_key: SHARED_KEY,
    });

    const messages: string[] = [];
    for (const reading of READINGS) {
      const reported = await report(project, reading.used);
      expect(reported.code, reported.stderr).toBe(0);
      expect(JSON.parse(reported.stdout)[0]).toMatchObject({ state: reading.state });
      messages.push(reported.stderr.trim());
    }
    expect(messages).toEqual([
      'app in main: disk normal (50 % free), first report; nobody notified',
      'app in main: disk warning (15 % free), was normal; notified 4 integration(s)',
      'app in main: disk warning (12 % free), unchanged; nobody notified',
      'app in main: disk critical (5 % free), was warning; notified 4 integration(s)',
      'app in main: disk normal (60 % free), was critical; notified 4 integration(s)',
    ]);

    for (const id of [email, slackId, pagerdutyId, webhookId]) {
      const deliveries = await waitForDeliveries(project, id);
      expect(deliveries).toHaveLength(3);
    }

    const mails = smtp.received.items.filter((mail) => mail.message.subject?.startsWith('[Shop]'));
    expect(mails.map((mail) => mail.message.subject)).toEqual([
      '[Shop] Warning: app in main is low on disk space (15 % free)',
      '[Shop] Critical: app in main is critically low on disk space (5 % free)',
      '[Shop] Recovered: app in main is back to normal on disk space (60 % free)',
    ]);

    expect(slack.accepted.items.map((post) => [post.channel, post.text])).toEqual([
      ['#ops', 'Warning: app in main is low on disk space (15 % free) (project Shop)'],
      ['#ops', 'Critical: app in main is critically low on disk space (5 % free) (project Shop)'],
      ['#ops', 'Recovered: app in main is back to normal on disk space (60 % free) (project Shop)'],
    ]);

    const dedupKey = `herald/${project}/main/app/disk`;
    expect(
      pagerduty.accepted.items.map((event) => [
        event.event_action,
        event.payload?.severity,
        event.dedup_key,
      ]),
    ).toEqual([
      ['trigger', 'warning', dedupKey],
      ['trigger', 'critical', dedupKey],
      ['resolve', undefined, dedupKey],
    ]);
    expect(pagerduty.alerts.get(dedupKey)).toEqual({ status: 'resolved', severity: 'critical' });

    expect(hook.requests).toHaveLength(3);
    const verifier = new Webhook(Buffer.from(SHARED_KEY).toString('base64'));
    const hooks = hook.requests.map((request) =>
      verifier.verify(request.body, request.headers as Record<string, string>),
    );
    expect(hooks).toMatchObject([
      { type: 'health.warning', state: 'warning', previous_state: 'normal', free_percent: 15 },
      { type: 'health.critical', state: 'critical', previous_state: 'warning', free_percent: 5 },
      { type: 'health.recovery', state: 'normal', previous_state: 'critical', free_percent: 60 },
    ]);
    expect(hooks[0]).toMatchObject({ project, environment: 'main', service: 'app' });

    // Each notification is an integration.health.* activity in the integration's own log.
    const types = { email, slack: slackId, pagerduty: pagerdutyId, webhook: webhookId };
    for (const [kind, id] of Object.entries(types)) {
      const activities = await client.activity.list.query({ project, integration: id });
      expect(
        activities.map((activity) => [activity.type, activity.state, activity.result]),
      ).toEqual(Array(3).fill([`integration.health.${kind}`, 'complete', 'success']));
      expect(activities.map((activity) => activity.parameters.kind)).toEqual([
        'recovery',
        'critical',
        'warning',
      ]);
    }
  });

  it('e-mails every recipient, role addresses resolved, with text and HTML parts', async () => {
    const project = await createProject('Mail <Test>');
    // Project users: who #admins and #viewers stand for. A user named without an address gets
    // no mail; a contributor is neither an admin nor a viewer.
    const members = [
      ['alice@shop.example', 'admin'],
      ['ci-deploy', 'admin'],
      ['bob@shop.example', 'viewer'],
      ['carol@shop.example', 'contributor'],
      ['ops@shop.example', 'viewer'],
    ] as const;
    for (const [user, role] of members) {
      await client.auth.token.create.mutate({ name: user, user, project, role });
    }
    await addIntegration(project, 'health.email', {
      recipients: ['dev@shop.example', '#admins', 'Ops@Shop.example', '#viewers'],
    });
    const before = smtp.received.items.length;

    const reported = await report(project, 9.5 * GIB);
    expect(reported.code, reported.stderr).toBe(0);
    const [mail] = (await smtp.received.waitFor(before + 1)).slice(before);

    // One copy per mailbox: an address given twice, in any case, is written once.
    expect(mail!.envelope).toEqual({
      from: 'herald@hosting.example',
      to: ['dev@shop.example', 'alice@shop.example', 'Ops@shop.example', 'bob@shop.example'],
    });
    expect(mail!.message.from?.text).toBe('"Herald" <herald@hosting.example>');
    expect(mail!.message.subject).toBe(
      '[Mail <Test>] Critical: app in main is critically low on disk space (5 % free)',
    );
    const text = mail!.message.text ?? '';
    expect(text).toContain(`Project:     Mail <Test> (${project})`);
    expect(text).toContain('Environment: main');
    expect(text).toContain('Service:     app');
    expect(text).toContain('Disk space:  9.5 GiB used of 10 GiB (5 % free)');
    expect(text).toContain('What to do: Act now.');
    const html = String(mail!.message.html);
    expect(html).toContain(`<td>Mail &lt;Test&gt; (${project})</td>`);
    expect(html).toContain('<strong>What to do:</strong> Act now.');
  });

  it('fails an attempt that has nobody to send to, saying which role is empty', async () => {
    const project = await createProject('Nobody');
    const id = await addIntegration(project, 'health.email', { recipients: ['#viewers'] });

    await client.health.report.mutate({
      project,
      environment: 'main',
      service: 'app',
      metric: 'disk',
      used: 95,
      total: 100,
    });
    const [delivery] = await waitForDeliveries(
      project,
      id,
      (delivery) => delivery.attempt_count > 0,
    );

    expect(delivery!.last_attempt).toMatchObject({
      error_kind: 'no_recipients',
      error_message: 'No one to send to: #viewers has no users yet',
    });
  });
});
