import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers.ts';

describe('herald health commands and health integration types', () => {
  let api: TestApi;
  let project: string;

  beforeAll(async () => {
    api = await startTestApi({ env: { HERALD_DISPATCHER: 'off' } });
    const created = await api.cli(['project:create', '--title', 'Cli Health']);
    expect(created.code, created.stderr).toBe(0);
    project = created.stdout.trim();
  });

  afterAll(async () => {
    await api?.close();
  });

  // Each step runs the real CLI: a few seconds each on a loaded two-core machine.
  it('adds each health type from options and lists them with their summaries', {
    timeout: 180_000,
  }, async () => {
    const email = await api.cli([
      'integration:add',
      '--type=health.email',
      '--from-address=alerts@shop.example',
      '--recipients=ops@shop.example,#admins',
      '--format=json',
    ]);
    expect(email.code, email.stderr).toBe(0);
    expect(JSON.parse(email.stdout)).toMatchObject({
      id: expect.any(String),
      type: 'health.email',
      from_address: 'alerts@shop.example',
      recipients: ['ops@shop.example', '#admins'],
    });

    const webhook = await api.cli([
      'integration:add',
      '--type=health.webhook',
      '--url=https://hooks.example/health',
    ]);
    expect(webhook.code, webhook.stderr).toBe(0);
    expect(webhook.stderr).toMatch(/Generated shared_key \(shown once, keep it now\): whsec_/);

    const slack = await api.cli([
      'integration:add',
      '--type=health.slack',
      '--token=xoxb-secret-bot-token',
      '--channel=#ops',
    ]);
    expect(slack.code, slack.stderr).toBe(0);
    expect(slack.stdout).not.toContain('xoxb-secret-bot-token');

    const listed = await api.cli(['integration:list', '--format=csv']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(
      'health.email,"From: alerts@shop.example; To: ops@shop.example, #admins"',
    );
    expect(listed.stdout).toContain('health.webhook,https://hooks.example/health');
    expect(listed.stdout).toContain('health.slack,#ops');
  });

  it('refuses bad settings, naming the option and how to fix it', {
    timeout: 180_000,
  }, async () => {
    const pagerduty = await api.cli([
      'integration:add',
      '--type=health.pagerduty',
      '--routing-key=too-short',
    ]);
    expect(pagerduty.code).toBe(4);
    expect(pagerduty.stderr).toContain(
      '--routing-key: must be the 32-character integration key of a PagerDuty ' +
        "service's Events API v2",
    );

    const email = await api.cli([
      'integration:add',
      '--type=health.email',
      '--recipients=ops@shop.example,#everyone',
    ]);
    expect(email.code).toBe(4);
    expect(email.stderr).toContain(
      '--recipients: "#everyone" is not an e-mail address, #admins or #viewers',
    );

    const foreign = await api.cli([
      'integration:add',
      '--type=health.slack',
      '--token=xoxb-a',
      '--channel=#ops',
      '--events=environment.push',
    ]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('The option --events does not apply to the type health.slack');
  });

  it('reports health and refuses bad readings', { timeout: 180_000 }, async () => {
    const reading = ['health:report', '-e', 'main', '--service', 'db', '--total', '1000'];

    const ok = await api.cli([...reading, '--metric', 'inodes', '--used', '850']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe(
      'db in main: inodes warning (15 % free), first report; notified 3 integration(s)\n',
    );

    const metric = await api.cli([...reading, '--metric', 'memory', '--used', '850']);
    expect(metric.code).toBe(4);
    expect(metric.stderr).toContain('--metric: "memory" is not a metric; use disk or inodes');

    const fraction = await api.cli([...reading, '--metric', 'disk', '--used', '85.5']);
    expect(fraction.code).toBe(2);
    expect(fraction.stderr).toContain('--used takes a whole number');

    const tooMuch = await api.cli([...reading, '--metric', 'disk', '--used', '1001']);
    expect(tooMuch.code).toBe(4);
    expect(tooMuch.stderr).toContain('--used: used cannot be more than total');

    const nowhere = await api.cli([
      'health:report',
      '-e',
      'nowhere',
      '--service',
      'db',
      '--metric',
      'disk',
      '--used',
      '1',
      '--total',
      '2',
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain(`Environment nowhere not found in project ${project}`);

    const listed = await api.cli([
      'health:list',
      '--format=csv',
      '--columns=environment,service,metric,state,free_percent',
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(
      'environment,service,metric,state,free_percent\nmain,db,inodes,warning,15\n',
    );
  });
});
