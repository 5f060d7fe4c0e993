import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { listActivities } from '@herald/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { postHook, providerHeaders, readFixture } from './git-hooks.ts';
import {
  type CliResult,
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from './helpers.ts';
import { callProcedure, listProcedures } from './trpc-http.ts';

/**
 * Secrets are write-only: once written, no read command in any format, no API answer, no
 * webhook body and no log line may show them again. Each kind of secret Herald keeps is a
 * fixture here; a new kind (a provider token, a routing key, a sensitive variable) joins by
 * adding one to SECRET_FIXTURES, and a new read command by running without arguments or by
 * an entry in READ_COMMAND_ARGUMENTS.
 */

interface World {
  api: TestApi;
  receiver: Receiver;
  project: string;
  /** Ids of the integrations the fixtures made; a webhook's receiver path, else null. */
  integrations: { id: string; path: string | null }[];
}

interface SecretFixture {
  kind: string;
  /** Writes the secret the way a user would and returns the values never to be shown again. */
  write: (world: World) => Promise<string[]>;
}

function expectOk(result: CliResult): CliResult {
  expect(result.code, result.stderr).toBe(0);
  return result;
}

/** Adds a webhook that hears everything, so every activity's body reaches the receiver. */
async function addWebhook(world: World, extra: string[]) {
  const path = `/hooks/${world.integrations.length + 1}`;
  const added = expectOk(
    await world.api.cli([
      'integration:add',
      '--type=webhook',
      `--url=${world.receiver.url}${path}`,
      '--events=*',
      '--states=pending,in_progress,complete',
      '--format=csv',
      ...extra,
    ]),
  );
  const id = added.stdout.match(/^id,(\w+)$/m)?.[1];
  expect(id, added.stdout).toBeDefined();
  world.integrations.push({ id: id!, path });

  return added;
}

/** Adds a Git source from the CLI; its warning is answered by the lack of a terminal. */
async function addGitSource(world: World, type: string, options: string[]) {
  const added = expectOk(
    await world.api.cli(['integration:add', `--type=${type}`, '--format=csv', ...options]),
  );
  const id = added.stdout.match(/^id,(\w+)$/m)?.[1];
  expect(id, added.stdout).toBeDefined();
  world.integrations.push({ id: id!, path: null });

  return added;
}

/** A secret Herald made, from the one message that shows it. */
function generatedSecret(added: CliResult, name: string): string {
  const secret = new RegExp(`Generated ${name} \\(shown once.*\\): (\\S+)`).exec(added.stderr)?.[1];
  expect(secret, added.stderr).toBeDefined();
  return secret!;
}

function hookUrl(world: World, added: CliResult): string {
  const url = added.stdout.match(/^hook_url,(\S+)$/m)?.[1];
  expect(url, added.stdout).toBeDefined();
  return url!.replace(/^http:\/\/[^/]+/, world.api.url);
}

const SECRET_FIXTURES: SecretFixture[] = [
  {
    kind: 'webhook shared_key given with --shared-key',
    write: async (world) => {
      const key = 'a-shared-key-only-the-user-knows-1f4e';
      const added = await addWebhook(world, [`--shared-key=${key}`]);
      expect(added.stdout + added.stderr).not.toContain(key);
      return [key];
    },
  },
  {
    kind: 'webhook shared_key that Herald made',
    write: async (world) => {
      const added = await addWebhook(world, []);
      // Shown once, on stderr, at creation: the one place it may appear.
      const generated = generatedSecret(added, 'shared_key');
      expect(generated).toMatch(/^whsec_/);
      return [generated];
    },
  },
  {
    kind: 'webhook shared_key replaced by an update',
    write: async (world) => {
      const added = await addWebhook(world, ['--shared-key=the-first-key-9c1d']);
      const id = added.stdout.match(/^id,(\w+)$/m)![1]!;
      const key = 'the-replacing-key-77ab';
      const updated = await callProcedure(
        world.api.url,
        { path: 'integration.update', type: 'mutation' },
        { project: world.project, id, settings: { shared_key: key } },
        world.api.token,
      );
      expect(updated.status, updated.error?.message).toBe(200);
      expect(JSON.stringify(updated.data)).not.toContain(key);
      return ['the-first-key-9c1d', key];
    },
  },
  {
    kind: 'GitHub token and hook secret given',
    write: async (world) => {
      const token = 'ghp_secretsTestTokenNobodyMayRead0001';
      const hookSecret = 'github-hook-secret-chosen-by-user-42';
      await addGitSource(world, 'github', [
        `--token=${token}`,
        '--repository=acme/shop',
        `--hook-secret=${hookSecret}`,
      ]);
      return [token, hookSecret];
    },
  },
  {
    kind: 'GitLab token and the hook secret Herald made, then used by a hook',
    write: async (world) => {
      const token = 'glpat-secretsTestTokenNobodyMayRead02';
      const added = await addGitSource(world, 'gitlab', [
        `--token=${token}`,
        '--server-project=gitlab-org/hello-world',
      ]);
      const hookSecret = generatedSecret(added, 'hook_secret');
      // A real hook, so that its handling (and its log lines) see the secret too.
      const body = readFixture('gitlab', 'push-new-branch.json');
      const hook = await postHook(
        hookUrl(world, added),
        body,
        providerHeaders('gitlab', 'Push Hook', body, hookSecret),
      );
      expect(hook.status, JSON.stringify(hook.body)).toBe(202);
      return [token, hookSecret];
    },
  },
  {
    kind: 'Bitbucket key, secret and hook secret',
    write: async (world) => {
      const values = ['bb-key-secretsTest-0003', 'bb-secret-secretsTest-0004'];
      const hookSecret = 'bitbucket-hook-secret-chosen-by-user';
      await addGitSource(world, 'bitbucket', [
        `--key=${values[0]}`,
        `--secret=${values[1]}`,
        '--repository=acme/shop',
        `--hook-secret=${hookSecret}`,
      ]);
      return [...values, hookSecret];
    },
  },
  {
    kind: 'Bitbucket Server token',
    write: async (world) => {
      const token = 'bbs-token-secretsTest-0005';
      const added = await addGitSource(world, 'bitbucket_server', [
        '--url=https://bitbucket.example.com',
        '--username=deploy',
        `--token=${token}`,
        '--repository=PROJ/shop',
      ]);
      return [token, generatedSecret(added, 'hook_secret')];
    },
  },
  {
    kind: 'health.webhook shared_key given, then signing a health notification',
    write: async (world) => {
      const key = 'health-hook-key-secretsTest-0006';
      const added = expectOk(
        await world.api.cli([
          'integration:add',
          '--type=health.webhook',
          `--url=${world.receiver.url}/health`,
          `--shared-key=${key}`,
          '--format=csv',
        ]),
      );
      world.integrations.push({ id: added.stdout.match(/^id,(\w+)$/m)![1]!, path: null });
      // A critical reading: the health webhook is sent a signed notification.
      expectOk(
        await world.api.cli([
          'health:report',
          '-e',
          'main',
          '--service=app',
          '--metric=disk',
          '--used=95',
          '--total=100',
        ]),
      );
      return [key];
    },
  },
  {
    // Added after the reading: nothing is sent to Slack or PagerDuty from here.
    kind: 'Slack bot token and PagerDuty routing key',
    write: async (world) => {
      const token = 'xoxb-secretsTest-slack-token-0007';
      const routingKey = 'secretsTestRoutingKey0008ABCDEFG';
      for (const options of [
        ['--type=health.slack', `--token=${token}`, '--channel=#ops'],
        ['--type=health.pagerduty', `--routing-key=${routingKey}`],
      ]) {
        const added = expectOk(
          await world.api.cli(['integration:add', '--format=csv', ...options]),
        );
        world.integrations.push({ id: added.stdout.match(/^id,(\w+)$/m)![1]!, path: null });
      }
      return [token, routingKey];
    },
  },
  {
    kind: 'sensitive variable',
    write: async (world) => {
      const value = 'variable-value-secretsTest-0006';
      const next = 'variable-value-secretsTest-0007';
      expectOk(
        await world.api.cli([
          'variable:create',
          '--name=env:API_KEY',
          `--value=${value}`,
          '--sensitive=true',
        ]),
      );
      expectOk(await world.api.cli(['variable:update', 'env:API_KEY', `--value=${next}`]));
      // Things the read commands show, so each of them has something to show.
      expectOk(await world.api.cli(['route:create', 'https://{default}/', '--upstream=app:http']));
      expectOk(await world.api.cli(['domain:add', 'shop.example.com']));
      expectOk(await world.api.cli(['user:add', 'alice@example.com', '--role=viewer']));
      return [value, next];
    },
  },
  {
    kind: 'HTTP access password',
    write: async (world) => {
      const password = 'basic-auth-secretsTest-0008';
      expectOk(await world.api.cli(['environment:http-access', `--auth=reviewer:${password}`]));
      return [password];
    },
  },
  {
    kind: 'API token',
    write: async (world) => {
      const created = expectOk(
        await world.api.cli(['auth:token:create', '--name=deployer', '--role=contributor']),
      );
      // The installation's own admin token is sent on every call: it must not echo either.
      return [created.stdout.trim(), world.api.token];
    },
  },
];

const everyIntegration = (world: World) => world.integrations.map(({ id }) => [id]);

/** The first webhook: it has activities (its deliveries); another type may have none yet. */
const firstWebhook = (world: World) =>
  world.integrations
    .filter(({ path }) => path !== null)
    .slice(0, 1)
    .map(({ id }) => [id]);

/** Arguments for read commands that need some: a command missing here runs without any. */
const READ_COMMAND_ARGUMENTS: Record<string, (world: World) => string[][]> = {
  // Without an ID, these ask in a terminal and refuse elsewhere.
  'integration:get': everyIntegration,
  'integration:validate': firstWebhook,
  'integration:activity:list': firstWebhook,
  'integration:activity:get': firstWebhook,
  'integration:activity:log': firstWebhook,
  'variable:get': () => [['env:API_KEY']],
  'route:get': () => [['https://{default}/']],
  'domain:get': () => [['shop.example.com']],
  'user:get': () => [['alice@example.com']],
  // The activities about the variable and the HTTP access password, parameters and log.
  'activity:get': secretActivities,
  'activity:log': secretActivities,
};

function secretActivities(world: World): string[][] {
  return listActivities(world.api.herald.db, {
    projectId: world.project,
    integrationId: null,
    types: [
      'environment.variable.create',
      'environment.variable.update',
      'environment.update.http_access',
    ],
    limit: 10,
  }).map((activity) => [activity.id]);
}

/** Inputs for read procedures beyond `{ project }`, to reach what each one shows. */
const READ_PROCEDURE_INPUTS: Record<string, (world: World) => unknown[]> = {
  'integration.get': (world) =>
    world.integrations.map(({ id }) => ({ project: world.project, id })),
  'integration.deliveries': (world) =>
    world.integrations.map(({ id }) => ({ project: world.project, id, limit: 500 })),
  'activity.list': (world) => [{ project: world.project, limit: 1000 }],
};

/** Commands that change something; every other command with --format is a read command. */
const CHANGE_VERB = new RegExp(
  `:(${[
    'add',
    'create',
    'update',
    'delete',
    'remove',
    'revoke',
    'redeliver',
    'branch',
    'merge',
    'sync',
    'synchronize',
    'activate',
    'deactivate',
    'restore',
    'cancel',
    'rotate',
    'test',
    'report',
    'transition',
    'init',
  ].join('|')})$`,
);

interface CliCommand {
  name: string;
  options: string[];
  required: number;
}

async function listReadCommands(): Promise<CliCommand[]> {
  const script = new URL('./cli-commands.mjs', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [script]);

  return (JSON.parse(stdout) as CliCommand[])
    .filter((command) => command.options.includes('--format'))
    .filter((command) => !CHANGE_VERB.test(command.name));
}

const FORMATS = ['table', 'csv', 'tsv', 'plain', 'json'];

/** Runs `work` over `items`, a few at a time: each CLI call is a process of its own. */
async function mapConcurrently<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);

  return results;
}

describe('secrets are write-only', () => {
  const logLines: string[] = [];
  const secrets: { kind: string; value: string }[] = [];
  let world: World;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const api = await startTestApi({ logger: createLogger('trace', sink) });
    const receiver = await startReceiver();
    const created = await api.cli(['project:create', '--title', 'Shop']);
    expect(created.code, created.stderr).toBe(0);
    world = { api, receiver, project: created.stdout.trim(), integrations: [] };

    for (const fixture of SECRET_FIXTURES) {
      for (const value of await fixture.write(world)) {
        secrets.push({ kind: fixture.kind, value });
      }
    }

    // An activity after every secret is in place: each webhook gets its bodies, signed.
    expectOk(await api.cli(['environment:branch', 'feature-x']));
    await waitForEveryWebhook(world);
  }, 300_000);

  afterAll(async () => {
    await world?.api.close();
    await world?.receiver.close();
  });

  function findSecrets(where: string, text: string): string[] {
    return secrets
      .filter((secret) => text.includes(secret.value))
      .map((secret) => `${secret.kind} in ${where}`);
  }

  it('never shows one in any format of any read command', { timeout: 600_000 }, async () => {
    const runs = (await listReadCommands()).flatMap((command) => {
      const argumentLists = READ_COMMAND_ARGUMENTS[command.name]?.(world) ?? [[]];
      if (command.required > 0 && !READ_COMMAND_ARGUMENTS[command.name]) {
        throw new Error(`Add the arguments of ${command.name} to READ_COMMAND_ARGUMENTS`);
      }
      return argumentLists.flatMap((args) =>
        FORMATS.map((format) => [command.name, ...args, `--format=${format}`]),
      );
    });
    expect(runs.length).toBeGreaterThanOrEqual(FORMATS.length * 5);

    const found = await mapConcurrently(runs, 3, async (args) => {
      const result = await world.api.cli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return findSecrets(`herald ${args.join(' ')}`, result.stdout + result.stderr);
    });

    expect(found.flat()).toEqual([]);
  });

  it('never shows one in an answer of the API', async () => {
    const found: string[] = [];
    const reads = listProcedures().filter((procedure) => procedure.type === 'query');
    for (const procedure of reads) {
      const inputs = READ_PROCEDURE_INPUTS[procedure.path]?.(world) ?? [{ project: world.project }];
      for (const input of inputs) {
        const answer = await callProcedure(world.api.url, procedure, input, world.api.token);
        found.push(...findSecrets(procedure.path, JSON.stringify(answer)));
      }
    }

    // Each delivery as the console's delivery log shows it, body and response included.
    for (const { id } of world.integrations) {
      const deliveries = await callProcedure(
        world.api.url,
        { path: 'integration.deliveries', type: 'query' },
        { project: world.project, id, limit: 500 },
        world.api.token,
      );
      for (const delivery of deliveries.data as { id: string }[]) {
        const shown = await callProcedure(
          world.api.url,
          { path: 'integration.delivery', type: 'query' },
          { project: world.project, id, delivery: delivery.id },
          world.api.token,
        );
        expect(shown.status).toBe(200);
        found.push(...findSecrets(`delivery ${delivery.id}`, JSON.stringify(shown.data)));
      }
    }

    expect(found).toEqual([]);
  });

  it('never sends one in a webhook body or header', () => {
    expect(world.receiver.requests.length).toBeGreaterThan(0);
    const found = world.receiver.requests.flatMap((request) =>
      findSecrets(`a POST to ${request.url}`, request.body + JSON.stringify(request.headers)),
    );

    expect(found).toEqual([]);
  });

  it('never writes one to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(findSecrets('the log', logLines.join(''))).toEqual([]);
  });
});

/** Waits until every webhook has received the complete environment.branch activity. */
async function waitForEveryWebhook(world: World): Promise<void> {
  const done = (path: string) =>
    world.receiver.requests.some(
      (request) =>
        request.url === path &&
        /"type":"environment.branch"/.test(request.body) &&
        /"state":"complete"/.test(request.body),
    );

  const webhooks = world.integrations.flatMap(({ path }) => (path === null ? [] : [path]));
  for (let count = 1; count <= 500; count += 1) {
    if (webhooks.every(done)) return;
    await world.receiver.waitFor(world.receiver.requests.length + 1, 30_000);
  }
}
