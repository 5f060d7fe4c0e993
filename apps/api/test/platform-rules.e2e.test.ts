import { Writable } from 'node:stream';
import { findActivity, findVariable, schema } from '@herald/db';
import type { Activity } from '@herald/domain';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegration } from '../src/services/integrations.ts';
import { createProject } from '../src/services/projects.ts';
import {
  type CliResult,
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from './helpers.ts';

/** Each test runs a dozen CLI processes; a busy two-core machine needs the margin. */
const E2E_TIMEOUT_MS = 120_000;
/** A CLI run is bounded too, with room for a machine that other work keeps busy. */
const CLI_TIMEOUT_MS = 90_000;

describe('the rules of platform actions', () => {
  let api: TestApi;
  let receiver: Receiver;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Every log line the API writes, at every level, to search for secrets.
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    api = await startTestApi({
      logger: pino({ level: 'trace' }, sink),
      env: { HERALD_OUTBOUND_ALLOW: '127.0.0.0/8' },
    });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  /** Setup, not the action under test: made through the service, without a CLI process. */
  async function setUpProject(title: string): Promise<string> {
    const created = createProject(api.herald, api.runner, { title, default_branch: 'main' });
    await api.runner.settled(created.activity.id);
    return created.project.id;
  }

  function cli(project: string, ...args: string[]): Promise<CliResult> {
    return api.cli(args, { env: { HERALD_PROJECT: project }, timeoutMs: CLI_TIMEOUT_MS });
  }

  async function ok(project: string, ...args: string[]): Promise<CliResult> {
    const result = await cli(project, ...args);
    expect(result.code, `herald ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  }

  /** The activity a `--no-wait` command recorded, as it says on stderr. */
  function activityIdOf(result: CliResult): string {
    const id = result.stderr.match(/Activity ([a-z2-7]{13}):/)?.[1];
    expect(id, result.stderr).toBeDefined();
    return id!;
  }

  function activity(project: string, id: string): Activity {
    const found = findActivity(api.herald.db, project, id);
    expect(found).toBeDefined();
    return found!;
  }

  /**
   * Occupies an environment's queue with an action that finishes only when released, so the
   * test can see what waits behind it and what does not.
   */
  async function holdEnvironment(project: string, environment: string) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = api.runner.start(
      {
        project,
        type: 'test.hold',
        environments: [environment],
        description: `Held ${environment}`,
      },
      async () => {
        await gate;
        return 'Released.';
      },
    );
    for (let tries = 0; activity(project, held.id).state === 'pending'; tries += 1) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    return { held, release };
  }

  it(
    'runs one environment in order and different environments side by side',
    async () => {
      const project = await setUpProject('Order');
      await ok(project, 'environment:branch', 'staging');
      const { held, release } = await holdEnvironment(project, 'main');

      const queued: string[] = [];
      for (const name of ['FIRST', 'SECOND', 'THIRD']) {
        const result = await ok(
          project,
          'variable:create',
          '-e',
          'main',
          '--name',
          name,
          '--value',
          'x',
          '--no-wait',
        );
        queued.push(activityIdOf(result));
      }
      const pending = await ok(
        project,
        'activity:list',
        '-e',
        'main',
        '--state',
        'pending',
        '--format',
        'json',
      );
      expect(
        JSON.parse(pending.stdout)
          .map((row: { id: string }) => row.id)
          .sort(),
      ).toEqual([...queued].sort());

      // main is busy; staging is not held up by it.
      await ok(project, 'variable:create', '-e', 'staging', '--name', 'OTHER', '--value', 'y');
      expect(activity(project, held.id).state).toBe('in_progress');
      expect(queued.map((id) => activity(project, id).state)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);

      release();
      await api.runner.idle();
      const ran = [held.id, ...queued].map((id) => activity(project, id));
      expect(ran.map((each) => each.result)).toEqual(['success', 'success', 'success', 'success']);
      for (let index = 1; index < ran.length; index += 1) {
        // Each one started only after the one before it had completed.
        expect(ran[index]!.started_at! >= ran[index - 1]!.completed_at!).toBe(true);
      }
      const variables = await ok(project, 'variable:list', '-e', 'main', '--format', 'json');
      expect(JSON.parse(variables.stdout).map((row: { name: string }) => row.name)).toEqual([
        'FIRST',
        'SECOND',
        'THIRD',
      ]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'cancels a pending activity, which then never runs, and refuses to cancel twice',
    async () => {
      const project = await setUpProject('Cancel');
      const states = ['pending', 'in_progress', 'complete', 'cancelled'];
      createIntegration(api.herald, project, {
        type: 'webhook',
        settings: {
          url: `${receiver.url}/cancel`,
          events: ['environment.variable.create'],
          states,
        },
      });
      const { release } = await holdEnvironment(project, 'main');
      const queued = await ok(
        project,
        'variable:create',
        '-e',
        'main',
        '--name',
        'DOOMED',
        '--value',
        'x',
        '--no-wait',
      );
      const id = activityIdOf(queued);

      const cancelled = await ok(project, 'activity:cancel', id);
      expect(cancelled.stderr).toContain(`Activity ${id}`);
      expect(cancelled.stderr).toContain('is cancelled');
      const again = await cli(project, 'activity:cancel', id);
      expect(again.code).toBe(4);
      expect(again.stderr).toContain('only a pending activity can be cancelled');

      release();
      await api.runner.idle();
      const shown = await ok(project, 'activity:get', id, '--format', 'json');
      expect(JSON.parse(shown.stdout)).toMatchObject({ state: 'cancelled', started_at: null });
      const log = await ok(project, 'activity:log', id);
      expect(log.stdout).toBe('Cancelled by admin.\n');
      const missing = await cli(project, 'variable:get', '-e', 'main', 'DOOMED');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('Variable DOOMED not found');

      const owed = api.herald.db
        .select()
        .from(schema.deliveries)
        .all()
        .filter((delivery) => delivery.activityId === id);
      expect(owed).toHaveLength(2);
      const requests = (await receiver.waitFor(2)).filter((request) => request.url === '/cancel');
      expect(requests.map((request) => JSON.parse(request.body).state).sort()).toEqual([
        'cancelled',
        'pending',
      ]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'refuses to delete the default environment or an active one',
    async () => {
      const project = await setUpProject('Keep');
      await ok(project, 'environment:branch', 'staging');

      const main = await cli(project, 'environment:delete', 'main', '--yes');
      expect(main.code).toBe(4);
      expect(main.stderr).toContain(
        "Environment main is the project's default and is never deleted",
      );
      const staging = await cli(project, 'environment:delete', 'staging', '--yes');
      expect(staging.code).toBe(4);
      expect(staging.stderr).toContain('Environment staging is active; deactivate it first');

      const listed = await ok(project, 'environment:list', '--format', 'json');
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: 'main', status: 'active' },
        { id: 'staging', status: 'active' },
      ]);
      const deletions = await ok(
        project,
        'activity:list',
        '--type',
        'environment.delete',
        '--format',
        'json',
      );
      expect(JSON.parse(deletions.stdout)).toEqual([]);

      await ok(project, 'environment:deactivate', 'staging');
      await ok(project, 'environment:delete', 'staging', '--yes');
      const after = await ok(project, 'environment:list', '--format', 'json');
      expect(JSON.parse(after.stdout).map((row: { id: string }) => row.id)).toEqual(['main']);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'refuses a bad host name, saying what is wrong, and adds nothing',
    async () => {
      const project = await setUpProject('Domains');
      // One of each kind; packages/domain's tests go through every rule.
      const refusals: [string, string][] = [
        ['https://shop.example.com', 'without a scheme'],
        ['192.0.2.10', 'not an IP address'],
        ['shop_1.example.com', 'the label "shop_1"'],
      ];
      for (const [name, reason] of refusals) {
        const refused = await cli(project, 'domain:add', name);
        expect(refused.code, name).toBe(4);
        expect(refused.stderr, name).toContain('domain name');
        expect(refused.stderr, name).toContain(reason);
      }

      const domains = await ok(project, 'domain:list', '--format', 'json');
      expect(JSON.parse(domains.stdout)).toEqual([]);
      const activities = await ok(
        project,
        'activity:list',
        '--type',
        'project.domain.create',
        '--format',
        'json',
      );
      expect(JSON.parse(activities.stdout)).toEqual([]);

      await ok(project, 'domain:add', 'Shop.Example.com.');
      const added = await ok(project, 'domain:list', '--format', 'json');
      expect(JSON.parse(added.stdout)).toMatchObject([
        { name: 'shop.example.com', is_default: true },
      ]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'runs access changes as activities in their environment; the access itself holds at once',
    async () => {
      const project = await setUpProject('Access');
      await ok(project, 'environment:branch', 'staging');
      const { release } = await holdEnvironment(project, 'main');

      const added = await ok(
        project,
        'user:add',
        'dana@example.com',
        '--role',
        'viewer',
        '--no-wait',
      );
      const shown = await ok(project, 'user:get', 'dana@example.com', '--format', 'json');
      expect(JSON.parse(shown.stdout)).toMatchObject({ role: 'viewer' });
      const ids = [...added.stderr.matchAll(/Activity ([a-z2-7]{13}):/g)].map((match) => match[1]!);
      expect(ids).toHaveLength(2);
      const [onMain] = ids.filter((id) => activity(project, id).environments[0] === 'main');
      expect(activity(project, onMain!).state).toBe('pending');

      const refused = await cli(project, 'activity:cancel', onMain!);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain('change the access back with user:update or user:delete');

      // Only staging's role changes: one activity, on staging, with the role before and after.
      const updated = await ok(
        project,
        'user:update',
        'dana@example.com',
        '--role',
        'contributor',
        '--role',
        'staging:contributor',
        '--role',
        'main:viewer',
        '--no-wait',
      );
      const [changed] = [...updated.stderr.matchAll(/Activity ([a-z2-7]{13}):/g)];
      expect(updated.stderr.match(/Activity /g)).toHaveLength(1);
      expect(activity(project, changed![1]!)).toMatchObject({
        type: 'environment.access.add',
        environments: ['staging'],
        parameters: { user: 'dana@example.com', role: 'contributor', previous_role: 'viewer' },
      });

      release();
      await api.runner.idle();
      const log = await ok(project, 'activity:log', onMain!);
      expect(log.stdout).toBe('dana@example.com has viewer access to main.\n');
      for (const id of [...ids, changed![1]!]) {
        expect(activity(project, id)).toMatchObject({ state: 'complete', result: 'success' });
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'never shows a sensitive value: not in output, webhook bodies or logs',
    async () => {
      const project = await setUpProject('Secrets');
      createIntegration(api.herald, project, {
        type: 'webhook',
        settings: { url: `${receiver.url}/secrets`, events: ['*'], states: ['*'] },
      });
      const secrets = ['first-SECRET-value-1', 'second-SECRET-value-2', 'basic-auth-SECRET-3'];
      const outputs: CliResult[] = [];
      const run = async (...args: string[]) => {
        outputs.push(await ok(project, ...args));
        return outputs.at(-1)!;
      };

      await run(
        'variable:create',
        '-e',
        'main',
        '--name',
        'env:API_TOKEN',
        '--value',
        secrets[0]!,
        '--sensitive',
        'true',
      );
      await run('variable:update', '-e', 'main', 'env:API_TOKEN', '--value', secrets[1]!);
      await run('environment:http-access', '-e', 'main', '--auth', `reviewer:${secrets[2]}`);
      for (const format of ['table', 'csv']) {
        await run('variable:list', '-e', 'main', '--format', format);
      }
      const shown = await run('variable:get', '-e', 'main', 'env:API_TOKEN', '--format', 'json');
      expect(JSON.parse(shown.stdout)).toMatchObject({ value: '******', is_sensitive: true });
      await run('environment:info', '-e', 'main', '--format', 'json');
      const listed = await run('activity:list', '--limit', '50', '--format', 'json');
      const activities = JSON.parse(listed.stdout) as { id: string; type: string }[];
      const touched = activities.filter((row) => !row.type.startsWith('environment.initialize'));
      expect(touched).toHaveLength(3);
      for (const { id } of touched) {
        await run('activity:get', id, '--format', 'json');
      }

      // The environment can still use it: the value is stored, only never shown.
      expect(findVariable(api.herald.db, project, 'main', 'env:API_TOKEN')?.value).toBe(secrets[1]);

      await api.runner.idle();
      const owed = api.herald.db.select().from(schema.deliveries).all();
      await receiver.waitFor(owed.length);
      const bodies = receiver.requests
        .filter((request) => request.url === '/secrets')
        .map((request) => request.body);
      expect(bodies.length).toBeGreaterThanOrEqual(9);
      const seen = [
        ...outputs.flatMap((output) => [output.stdout, output.stderr]),
        ...bodies,
        ...logLines,
      ];
      for (const secret of secrets) {
        expect(seen.filter((text) => text.includes(secret))).toEqual([]);
      }
    },
    E2E_TIMEOUT_MS,
  );
});
