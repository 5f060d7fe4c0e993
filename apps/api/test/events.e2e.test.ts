import { schema } from '@herald/db';
import { EVENT_TYPES } from '@herald/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegration } from '../src/services/integrations.ts';
import { cloneProject, commitFile, mustGit } from './git-helpers.ts';
import {
  type CliResult,
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from './helpers.ts';

/** Every action is an activity that passes through these states, in this order. */
const STATES = ['pending', 'in_progress', 'complete'];
/** A CLI run is bounded, with room for a machine that other work keeps busy. */
const CLI_TIMEOUT_MS = 90_000;

/**
 * Every event of the catalog comes from a real action: a CLI command against the running API,
 * or a real `git push`. One webhook per event type, each subscribed to exactly that type in
 * three states, must receive its event once per state it passes through, and nothing else.
 */
describe('each of the 25 event types comes from a real action', () => {
  let api: TestApi;
  let receiver: Receiver;
  let project: string;

  beforeAll(async () => {
    // Receivers sit on loopback, which the delivery guard refuses unless allowed.
    api = await startTestApi({ env: { HERALD_OUTBOUND_ALLOW: '127.0.0.0/8' } });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  /** Runs a command and fails the test with its stderr when it does not succeed. */
  async function herald(...args: string[]): Promise<CliResult> {
    const result = await api.cli(args, {
      env: { HERALD_PROJECT: project },
      timeoutMs: CLI_TIMEOUT_MS,
    });
    expect(result.code, `herald ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  }

  it('delivers each event once per subscribed state, to its own webhook only', async () => {
    const created = await api.cli(['project:create', '--title', 'Events'], {
      timeoutMs: CLI_TIMEOUT_MS,
    });
    expect(created.code, created.stderr).toBe(0);
    project = created.stdout.trim();

    for (const event of EVENT_TYPES) {
      createIntegration(api.herald, project, {
        type: 'webhook',
        settings: { url: `${receiver.url}/${event}`, events: [event], states: STATES },
      });
    }

    await herald('environment:init'); // environment.initialize
    // While main is the only environment: one access activity each.
    await herald('user:add', 'alice@example.com', '--role', 'contributor');
    await herald('user:delete', 'alice@example.com', '--yes');
    const checkout = await cloneProject(api, project);

    // Two lanes side by side, as two people would work: one on a staging environment, the
    // other on the project, its default environment and a pushed feature branch.
    const staging = async () => {
      await herald('environment:branch', 'staging'); // environment.branch
      await herald(
        'environment:http-access',
        '-e',
        'staging',
        '--access',
        'allow:192.0.2.0/24',
        '--access',
        'deny:any',
      ); // environment.update.http_access
      await herald('environment:info', '-e', 'staging', 'restrict_robots', 'false');
      await herald('environment:info', '-e', 'staging', 'enable_smtp', 'true');
      await herald('variable:create', '-e', 'staging', '--name', 'env:MODE', '--value', 'a');
      await herald('variable:update', '-e', 'staging', 'env:MODE', '--value', 'b');
      await herald('variable:delete', '-e', 'staging', 'env:MODE');
      await herald('route:create', '-e', 'staging', 'https://{default}/', '--upstream', 'app:http');
      await herald(
        'route:update',
        '-e',
        'staging',
        'https://{default}/',
        '--type',
        'redirect',
        '--to',
        'https://www.{default}/',
      );
      await herald('route:delete', '-e', 'staging', 'https://{default}/');
      await herald('environment:synchronize', 'staging', 'code', 'data');
      await herald('environment:merge', 'staging');
    };
    const project_ = async () => {
      await herald('domain:add', 'shop.example.com');
      await herald('domain:update', 'shop.example.com', '--default', 'true');
      await herald('domain:delete', 'shop.example.com');
      await herald('subscription:update', '--plan', 'medium');
      const backup = await herald('backup:create', '-e', 'main');
      await herald('backup:restore', backup.stdout.trim());

      await mustGit(['checkout', '--quiet', '-b', 'feature'], checkout);
      await commitFile(checkout, 'feature.txt', 'a feature\n', 'Add a feature');
      // The push is answered once its activity is recorded: the environment exists by now.
      await mustGit(['push', '--quiet', 'origin', 'feature'], checkout); // environment.push
      await herald('environment:activate', 'feature');
      await herald('environment:deactivate', 'feature');
      await herald('environment:delete', 'feature', '--yes');
    };
    await Promise.all([staging(), project_()]);
    await api.runner.idle();

    // Every delivery owed is in the outbox by now: its count is the whole truth.
    const expected = EVENT_TYPES.length * STATES.length;
    const owed = api.herald.db.select().from(schema.deliveries).all();
    expect(owed).toHaveLength(expected);
    await receiver.waitFor(owed.length, 30_000);
    await waitForDeliveries(owed.length);
    expect(receiver.requests).toHaveLength(expected);

    for (const event of EVENT_TYPES) {
      const bodies = receiver.requests
        .filter((request) => request.url === `/${event}`)
        .map((request) => JSON.parse(request.body));
      expect(
        bodies.map((body) => body.type),
        event,
      ).toEqual(STATES.map(() => event));
      expect(new Set(bodies.map((body) => body.id)).size, event).toBe(1);
      // The dispatcher may send one activity's deliveries side by side, so arrival order is
      // not the activity's order; each body says where in its life the activity was.
      const [pending, inProgress, done] = STATES.map((state) =>
        bodies.find((body) => body.state === state),
      );
      expect([pending?.state, inProgress?.state, done?.state], event).toEqual(STATES);
      expect([pending.started_at, inProgress.completed_at], event).toEqual([null, null]);
      expect(inProgress.started_at, event).not.toBeNull();
      expect(done.completed_at, event).not.toBeNull();
      expect(pending.updated_at <= inProgress.updated_at, event).toBe(true);
      expect(inProgress.updated_at <= done.updated_at, event).toBe(true);
      expect(done.result, `${event}: ${done.log}`).toBe('success');
      expect(done.project).toBe(project);
      expect(done.environments.length > 0, event).toBe(!event.startsWith('project.'));
    }
  }, 400_000);

  async function waitForDeliveries(count: number): Promise<void> {
    for (let tries = 0; tries < 300; tries += 1) {
      const sent = api.herald.db
        .select()
        .from(schema.deliveries)
        .all()
        .filter((delivery) => delivery.status === 'succeeded');
      if (sent.length === count) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Deliveries did not all succeed`);
  }
});
