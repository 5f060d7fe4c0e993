import { EVENT_TYPES, INTEGRATION_TYPE_NAMES } from '@herald/domain';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from '../../api/test/helpers.ts';
import { createHeraldClient, type HeraldClient } from '../src/client.ts';

const SHARED_KEY = 'a-shared-key-the-user-chose';

let api: TestApi;
let receiver: Receiver;
let failing: Receiver;
let client: HeraldClient;
let project: string;

/** Runs the CLI against the test API and its one project. */
function herald(args: string[]) {
  return api.cli([...args, '-p', project]);
}

beforeAll(async () => {
  api = await startTestApi();
  receiver = await startReceiver();
  failing = await startReceiver(() => ({ status: 500, body: 'down for maintenance' }));
  client = createHeraldClient({
    apiUrl: api.url,
    token: api.token,
    project: undefined,
    color: false,
  });
  const created = await api.cli(['project:create', '--title', 'Shop']);
  expect(created.code, created.stderr).toBe(0);
  project = created.stdout.trim();
});

afterAll(async () => {
  await api?.close();
  await receiver?.close();
  await failing?.close();
});

async function addWebhook(url: string, ...extra: string[]): Promise<string> {
  const added = await api.cli([
    'integration:add',
    `--project=${project}`,
    '--type=webhook',
    `--url=${url}`,
    ...extra,
  ]);
  expect(added.code, added.stderr).toBe(0);
  return /Created integration ([a-z2-7]{13})/.exec(added.stderr)![1]!;
}

describe('exit codes', () => {
  it('0: done — integration:add says so on stderr, the table on stdout', async () => {
    const added = await api.cli([
      'integration:add',
      '-p',
      project,
      '--type',
      'webhook',
      '--url',
      `${receiver.url}/zero`,
      '--shared-key',
      SHARED_KEY,
      '--events',
      'environment.push',
      '--events',
      'environment.branch',
      '--excluded-environments',
      'feature-*',
    ]);

    expect(added.code, added.stderr).toBe(0);
    const id = /^Created integration ([a-z2-7]{13}) \(type: webhook\)$/m.exec(added.stderr)?.[1];
    expect(id).toBeDefined();
    const url = `${receiver.url}/zero`;
    const rows: [string, string][] = [
      ['id', id!],
      ['type', 'webhook'],
      ['url', url],
      ['shared_key', '******'],
      ['events', '- environment.push'],
      ['', '- environment.branch'],
      ['states', '- complete'],
      ['result', '*'],
      ['environments', "- '*'"],
      ['excluded_environments', "- 'feature-*'"],
      ['enabled', 'true'],
    ];
    const width = Math.max(url.length, '- environment.branch'.length);
    const rule = `+-----------------------+-${'-'.repeat(width)}-+`;
    const line = ([property, value]: [string, string]) =>
      `| ${property.padEnd(21)} | ${value.padEnd(width)} |`;
    expect(added.stdout).toBe(
      [rule, line(['Property', 'Value']), rule, ...rows.map(line), rule, ''].join('\n'),
    );
    expect(added.stdout + added.stderr).not.toContain(SHARED_KEY);
  });

  it('1: not found, nothing to do, or declined', async () => {
    const missing = await herald(['integration:get', 'zzzzzzzzzzzzz']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Integration not found: zzzzzzzzzzzzz');

    const id = await addWebhook(`${receiver.url}/one`, '--states=complete');
    const unchanged = await herald(['integration:update', id, '--states', 'complete']);
    expect(unchanged.code).toBe(1);
    expect(unchanged.stderr).toContain('No changed values were provided to update');

    const undecided = await herald(['integration:delete', id]);
    expect(undecided.code).toBe(1);
    expect(undecided.stderr).toContain('confirm with -y');
    expect((await herald(['integration:get', id])).code).toBe(0);
  });

  it('2: usage errors, before anything is sent', async () => {
    const unknownOption = await herald(['integration:list', '--colour']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--colour'");

    const format = await herald(['integration:list', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain(
      'Unknown format "xml"; use one of table, csv, tsv, plain, json',
    );

    const noType = await herald(['integration:add', '--url', `${receiver.url}/x`]);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain(
      `--type is required; use one of: ${INTEGRATION_TYPE_NAMES.join(', ')}`,
    );

    const noUrl = await herald(['integration:add', '--type', 'webhook']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain(
      'Missing settings for the type webhook:\n  --url: a URL is required',
    );

    const noId = await herald(['integration:get']);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('An integration ID is required');

    const column = await herald(['integration:list', '-c', 'colour']);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain(
      'Column not found: colour (available columns: id*, type*, summary*, enabled)',
    );
  });

  it('4: input the API refused, each field named by its option', async () => {
    const refused = await herald([
      'integration:add',
      '--type=webhook',
      '--url=ftp://example.com/hook',
      '--events=environment.push,environment.pushed',
      '--states=finished',
    ]);

    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('The API refused the input:');
    expect(refused.stderr).toContain('--url: must be an http:// or https:// URL');
    expect(refused.stderr).toContain(
      '--events: "environment.pushed" is not an event type; run "herald integration:events"',
    );
    expect(refused.stderr).toContain('--states: "finished" is not a state');
    const listed = await herald(['integration:list', '--format', 'json']);
    expect(JSON.parse(listed.stdout).map((row: { summary: string }) => row.summary)).not.toContain(
      'ftp://example.com/hook',
    );
  });
});

describe('output', () => {
  it('keeps --format json parseable on stdout while a warning goes to stderr', async () => {
    await addWebhook(`${receiver.url}/json`);
    const listed = await herald(['integration:list', '--type', 'webhok', '--format', 'json']);

    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(listed.stderr).toContain('Warning: there is no integration type "webhok"');
  });

  it('lists integrations as table, csv, tsv, plain and json', async () => {
    const id = await addWebhook(`${receiver.url}/formats`);
    const row = { id, type: 'webhook', summary: `${receiver.url}/formats` };

    const table = await herald(['integration:list']);
    expect(table.stdout).toMatch(/^\+-+\+-+\+-+\+\n\| ID {12}\| Type {4}\| Summary +\|\n/);
    expect(table.stdout).toContain(`| ${id} | webhook | ${row.summary}`);

    const csv = await herald(['integration:list', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('ID,Type,Summary');
    expect(csv.stdout).toContain(`${id},webhook,${row.summary}\n`);

    const tsv = await herald(['integration:list', '--format', 'tsv', '--no-header']);
    expect(tsv.stdout).toContain(`${id}\twebhook\t${row.summary}\n`);
    expect(tsv.stdout).not.toContain('Summary');

    const plain = await herald(['integration:list', '--format', 'plain', '-c', 'id']);
    expect(plain.stdout.split('\n')).toContain(id);

    const json = await herald(['integration:list', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toContainEqual(row);
    expect(json.stderr).toBe('');
  });

  it('finds an integration by a unique start of its ID, refusing an ambiguous one', async () => {
    const id = await addWebhook(`${receiver.url}/partial`);

    const got = await herald(['integration:get', id.slice(0, 8), '-P', 'url']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toBe(`${receiver.url}/partial\n`);

    const ambiguous = await herald(['integration:get', '']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('The ID  is ambiguous; it matches:');
    expect(ambiguous.stderr).toContain(`  ${id} (webhook): ${receiver.url}/partial`);
  });

  it('shows one property with -P, lists as YAML, and refuses an unknown one', async () => {
    const id = await addWebhook(`${receiver.url}/property`, '--events=environment.push');

    const events = await herald(['integration:get', id, '-P', 'events']);
    expect(events.stdout).toBe('- environment.push\n');
    const first = await herald(['integration:get', id, '-P', 'events.0', '--format', 'json']);
    expect(JSON.parse(first.stdout)).toBe('environment.push');
    const unknown = await herald(['integration:get', id, '-P', 'colour']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Property not found: colour');
  });

  it('lists the events integrations can report', async () => {
    const events = await herald(['integration:events', '--format', 'csv', '--no-header']);

    expect(events.code).toBe(0);
    const lines = events.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(',')[0])).toEqual(EVENT_TYPES);
  });
});

describe('integration:update and integration:delete', () => {
  it('sends only what changed and prints the platform message', async () => {
    const id = await addWebhook(`${receiver.url}/update`);

    const updated = await herald(['integration:update', id.slice(0, 7), '--states', 'pending']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stderr).toContain(`Integration ${id} (webhook) updated`);
    expect(updated.stdout).toContain('| states                | - pending ');

    const deleted = await herald(['integration:delete', id, '-y']);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain(`Deleted integration ${id}`);
  });
});

describe('integration:validate', () => {
  it('sends a signed test delivery and exits 0 when the URL accepts it', async () => {
    const id = await addWebhook(`${receiver.url}/validate`, `--shared-key=${SHARED_KEY}`);
    const before = receiver.requests.length;

    const validated = await herald(['integration:validate', id]);

    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).toContain(`Validating the integration ${id} (type: webhook)...`);
    expect(validated.stderr).toContain('The integration is valid');
    const request = receiver.requests[before]!;
    expect(request.url).toBe('/validate');
    const webhook = new Webhook(Buffer.from(SHARED_KEY).toString('base64'));
    const body = webhook.verify(request.body, request.headers as Record<string, string>);
    expect(body).toMatchObject({ type: 'integration.webhook.validate', project });
  });

  it('exits 4 with the reason when the URL refuses it', async () => {
    const id = await addWebhook(`${failing.url}/hook`);

    const validated = await herald(['integration:validate', id, '--format', 'json']);

    expect(validated.code).toBe(4);
    expect(validated.stderr).toContain('The integration is invalid:');
    expect(validated.stderr).toContain('The URL answered HTTP 500 to a test delivery');
    expect(JSON.parse(validated.stdout)).toMatchObject({ id, valid: false });
  });
});

describe('integration:activity:list, :get and :log', () => {
  let activityProject: string;
  let integration: string;

  beforeAll(async () => {
    const created = await api.cli(['project:create', '--title', 'Activities']);
    activityProject = created.stdout.trim();
    const added = await api.cli([
      'integration:add',
      '-p',
      activityProject,
      '--type=webhook',
      `--url=${receiver.url}/activities`,
      '--events=environment.push,environment.variable.*',
    ]);
    integration = /Created integration ([a-z2-7]{13})/.exec(added.stderr)![1]!;

    for (const type of ['environment.push', 'environment.variable.create', 'environment.push']) {
      await client.activity.report.mutate({
        project: activityProject,
        type,
        environments: ['main'],
        state: 'complete',
        result: 'success',
      });
    }
    // Bounded: three deliveries to a receiver on loopback.
    for (let round = 0; round < 100; round++) {
      const page = await client.integration.activities.query({
        project: activityProject,
        id: integration,
        incomplete: true,
        limit: 10,
      });
      const all = await client.integration.activities.query({
        project: activityProject,
        id: integration,
        limit: 10,
      });
      if (page.activities.length === 0 && all.activities.length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  function activities(args: string[]) {
    return api.cli([...args, '-p', activityProject]);
  }

  it('lists the deliveries as integration.webhook activities, newest first', async () => {
    const listed = await activities(['integration:activity:list', integration]);

    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(
      `Activities on the project ${activityProject}, integration ${integration} (webhook):`,
    );
    const lines = listed.stdout.trim().split('\n');
    expect(lines[1]).toMatch(
      /^\| ID +\| Created +\| Description +\| Type +\| State +\| Result +\|$/,
    );
    expect(lines).toHaveLength(3 + 3 + 1);
    expect(lines[3]).toMatch(
      new RegExp(
        String.raw`\| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \| Delivery of environment\.push ` +
          String.raw`\(complete\) .*\| integration\.webhook \| complete +\| success \|$`,
      ),
    );
  });

  it('filters by type (wildcards, environment. left out), state and result', async () => {
    const typed = await activities([
      'integration:activities',
      integration,
      '--type',
      'integration.*',
      '--format',
      'json',
    ]);
    expect(JSON.parse(typed.stdout)).toHaveLength(3);

    const excluded = await activities([
      'integration:activities',
      integration,
      '-x',
      'integration.web%',
    ]);
    expect(excluded.code).toBe(1);
    expect(excluded.stderr).toContain('No activities found');

    const done = await activities([
      'integration:activities',
      integration,
      '--state',
      'complete',
      '--result',
      'success',
      '--format',
      'csv',
      '--no-header',
      '-c',
      'state,result',
    ]);
    expect(done.stdout).toBe('complete,success\n'.repeat(3));

    const running = await activities(['integration:activities', integration, '-i']);
    expect(running.code).toBe(1);

    const old = await activities(['integration:activities', integration, '--start', '2000-01-01']);
    expect(old.code).toBe(1);

    const badState = await activities(['integration:activities', integration, '--state', 'done']);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain('"done" is not a state');
  });

  it('says when more activities exist, on stderr, with json still parseable', async () => {
    const paged = await activities([
      'integration:activity:list',
      integration,
      '--limit',
      '2',
      '--format',
      'json',
    ]);

    expect(paged.code).toBe(0);
    expect(JSON.parse(paged.stdout)).toHaveLength(2);
    expect(paged.stderr).toContain('More activities are available');
    expect(paged.stderr).toContain('increase --limit above 2');
  });

  it('shows one activity and its log, by a unique start of its ID', async () => {
    const page = await client.integration.activities.query({
      project: activityProject,
      id: integration,
      limit: 1,
    });
    const latest = page.activities[0]!;

    const got = await activities([
      'integration:activity:get',
      integration,
      latest.id.slice(0, 6),
      '-P',
      'state',
    ]);
    expect(got.stdout).toBe('complete\n');

    const table = await activities(['integration:activity:get', integration]);
    expect(table.stdout).toContain(`| id                 | ${latest.id}`);
    expect(table.stdout).toMatch(/\| parameters +\| activity: [a-z2-7]{13} +\|/);

    const log = await activities(['integration:activity:log', integration, latest.id, '-t']);
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout).toMatch(
      /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\] Attempt 1: HTTP 200 in \d+ ms\n$/,
    );
  });
});

describe('--help', () => {
  const commands = [
    'integration:add',
    'integration:list',
    'integration:get',
    'integration:update',
    'integration:delete',
    'integration:validate',
    'integration:events',
    'integration:activity:list',
    'integration:activity:get',
    'integration:activity:log',
  ];

  it('every integration command says what it does and shows an example', {
    timeout: 300_000,
  }, async () => {
    for (const command of commands) {
      const help = await api.cli([command, '--help'], { timeoutMs: 60_000 });
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: herald ${command}`);
      expect(help.stdout, command).toMatch(/\nExamples?:\n {2}herald /);
      for (const option of ['--project', '--format', '--columns', '--no-header', '--yes']) {
        expect(help.stdout, command).toContain(option);
      }
    }
  });
});
