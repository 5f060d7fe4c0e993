import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.ts';
import {
  type CliResult,
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from './helpers.ts';

/** What a tester following the README tried: common options, short IDs, messages. */
describe('herald: what the README promises of every command', () => {
  let api: TestApi;
  let receiver: Receiver;
  let emptyDir: string;
  let project: string;

  beforeAll(async () => {
    api = await startTestApi();
    receiver = await startReceiver();
    emptyDir = mkdtempSync(join(tmpdir(), 'herald-no-token-'));
    project = ok(await api.cli(['project:create', '--title', 'Shop'])).stdout.trim();
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  /** Until the webhook's latest delivery is complete: redelivering one in flight is refused. */
  async function waitForDelivery(projectId: string, integration: string) {
    const client = createApiClient(api);
    for (let tries = 0; tries < 200; tries += 1) {
      const latest = await client.integration.activity
        .query({ project: projectId, id: integration })
        .catch(() => undefined);
      if (latest?.state === 'complete') return;
      await sleep(100);
    }
    throw new Error(`integration ${integration} has no complete delivery`);
  }

  function ok(result: CliResult): CliResult {
    expect(result.code, result.stderr).toBe(0);
    return result;
  }

  /** A start of an ID that is long enough to be unique among a handful. */
  const short = (id: string) => id.slice(0, 6);

  // Each step runs the real CLI: a few seconds each on a loaded two-core machine.
  const CLI_STEPS = { timeout: 300_000 };

  it(
    'takes --format, -y and --no-interaction on commands outside integration:*',
    CLI_STEPS,
    async () => {
      const branched = ok(await api.cli(['environment:branch', 'feature-x', '--format', 'json']));
      const activity = JSON.parse(branched.stdout);
      expect(activity).toMatchObject({ type: 'environment.branch', state: 'complete' });
      expect(branched.stderr).toContain(`Activity ${activity.id}`);

      const listed = ok(await api.cli(['project:list', '-y', '--no-interaction', '--format=csv']));
      expect(listed.stdout).toMatch(/^ID,Title,Default branch,Created\n[a-z2-7]{13},Shop,main,/);

      ok(await api.cli(['user:add', 'bob@example.com', '--role', 'viewer']));
      const declined = await api.cli(['user:delete', 'bob@example.com', '--no-interaction']);
      expect(declined.code).toBe(1);
      expect(declined.stderr).toContain('Add --yes to confirm without asking.');
      const removed = ok(await api.cli(['user:delete', 'bob@example.com', '-y', '--format=json']));
      expect(JSON.stringify(JSON.parse(removed.stdout))).toContain('environment.access.remove');

      // The refusal comes before the question, not after a "yes".
      const refused = await api.cli(['environment:delete', 'main']);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toBe(
        "Environment main is the project's default and is never deleted\n",
      );

      const nameless = await api.cli(['environment:branch', '']);
      expect(nameless.code).toBe(4);
      expect(nameless.stderr).toBe(
        'The API refused the input:\n  name: an environment name is required\n',
      );
      const huge = await api.cli([
        'health:report',
        '-e=main',
        '--service=app',
        '--metric=disk',
        '--used=99999999999999999998',
        '--total=99999999999999999999',
      ]);
      expect(huge.code).toBe(4);
      expect(huge.stderr).toContain('--used: used is too large: at most 9007199254740991');
      expect(huge.stderr).not.toContain('must be a number');

      const listing = ok(await api.cli([]));
      expect(listing.stdout).toContain('Available commands:\n');
      expect(listing.stdout).toMatch(/^ {2}integration:add +Add an integration/m);
    },
  );

  it('takes a unique start of every kind of ID', CLI_STEPS, async () => {
    const added = ok(
      await api.cli(['integration:add', '--type=webhook', `--url=${receiver.url}/hook`]),
    );
    const integration = /Created integration ([a-z2-7]{13})/.exec(added.stderr)![1]!;

    const shown = ok(await api.cli(['integration:get', short(integration), '--format=csv']));
    expect(shown.stdout).toContain('\nexcluded_environments,\n');
    expect(shown.stdout).toContain('\nenabled,true\n');
    const listed = ok(await api.cli(['integration:list', '-c', '+,enabled', '--format=csv']));
    expect(listed.stdout).toMatch(new RegExp(`^${integration},webhook,.*,true$`, 'm'));

    const rotated = ok(
      await api.cli(['integration:secret:rotate', short(integration), '--format=json']),
    );
    expect(JSON.parse(rotated.stdout)).toMatchObject({
      id: integration,
      generated_secret: expect.stringMatching(/^whsec_/),
    });

    const branched = ok(await api.cli(['environment:branch', 'feature-y', '--format=json']));
    const activity = JSON.parse(branched.stdout).id as string;
    await waitForDelivery(project, integration);
    const got = ok(await api.cli(['activity:get', short(activity), '--format=json']));
    expect(JSON.parse(got.stdout).id).toBe(activity);
    const log = ok(await api.cli(['activity:log', short(activity), '--format=json']));
    expect(JSON.parse(log.stdout)).toMatchObject({ id: activity, state: 'complete' });
    const cancel = await api.cli(['activity:cancel', short(activity)]);
    expect(cancel.code).toBe(4);
    expect(cancel.stderr).toContain(`Activity ${activity} is complete`);

    // The branch's delivery to the webhook, by its integration.webhook activity, once sent.
    const deliveries = ok(
      await api.cli([
        'integration:activity:list',
        short(integration),
        '--state=complete',
        '--format=json',
      ]),
    );
    const delivery = JSON.parse(deliveries.stdout)[0].id as string;
    const redelivered = ok(
      await api.cli([
        'integration:activity:redeliver',
        short(integration),
        short(delivery),
        '--format=json',
      ]),
    );
    expect(JSON.parse(redelivered.stdout)[0]).toMatchObject({ log_activity: delivery });

    ok(await api.cli(['backup:create', '-e', 'feature-y']));
    const backups = ok(await api.cli(['backup:list', '-e', 'feature-y', '--format=json']));
    const backup = JSON.parse(backups.stdout)[0].id as string;
    const restored = ok(await api.cli(['backup:restore', short(backup), '--format=json']));
    expect(JSON.parse(restored.stdout)).toMatchObject({
      type: 'environment.restore',
      result: 'success',
    });

    const token = ok(await api.cli(['auth:token:create', '--name=ci', '--role=viewer']));
    const tokens = ok(await api.cli(['auth:token:list', '--format=json']));
    const tokenId = JSON.parse(tokens.stdout).find((row: { name: string }) => row.name === 'ci').id;
    const revoked = ok(await api.cli(['auth:token:revoke', short(tokenId), '--format=json']));
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: tokenId, name: 'ci' });
    expect(token.stdout.trim()).toMatch(/^hrld_/);
  });

  it('says when no token was found at all, and where it looked', CLI_STEPS, async () => {
    const anonymous = await api.cli(['project:list'], {
      env: { HERALD_TOKEN: undefined, HERALD_DATA_DIR: emptyDir },
    });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toBe(
      `No API token found in HERALD_TOKEN or ${join(emptyDir, 'admin-token')}; set ` +
        'HERALD_TOKEN, or run the CLI from the directory holding data/ (or set ' +
        'HERALD_DATA_DIR).\n',
    );
  });
});
