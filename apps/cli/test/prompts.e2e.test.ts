import { INTEGRATION_TYPES, MASK } from '@herald/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Receiver,
  startReceiver,
  startTestApi,
  type TestApi,
} from '../../api/test/helpers.ts';
import { KEYS, runInTerminal } from './terminal.ts';

let api: TestApi;
let receiver: Receiver;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi();
  receiver = await startReceiver();
  const created = await api.cli(['project:create', '--title', 'Shop']);
  expect(created.code, created.stderr).toBe(0);
  env = { HERALD_API_URL: api.url, HERALD_TOKEN: api.token, HERALD_PROJECT: created.stdout.trim() };
});

afterAll(async () => {
  await api?.close();
  await receiver?.close();
});

async function storedIntegration(id: string) {
  const got = await api.cli(['integration:get', id, '--format', 'json'], { env });
  expect(got.code, got.stderr).toBe(0);
  return JSON.parse(got.stdout) as Record<string, unknown>;
}

function createdId(screen: string): string {
  const id = /Created integration ([a-z2-7]{13}) \(type: /.exec(screen)?.[1];
  expect(id, screen).toBeDefined();
  return id!;
}

describe('integration:add asks, in a terminal, for what was not given', () => {
  it('shows each webhook question as the platform does and stores the answers', async () => {
    const session = runInTerminal(['integration:add', '--type', 'webhook'], env);

    // The screen is read with trailing spaces trimmed: "> " shows as ">".
    await session.waitFor('URL (--url)\nThe URL where activities are POSTed\n>');
    session.type(`not a url${KEYS.enter}`);
    await session.waitFor('must be a valid URL');
    // The refused answer is put back to be corrected: clear it first.
    session.type('\u0015');
    session.type(`${receiver.url}/hooks${KEYS.enter}`);

    await session.waitFor('Shared key (--shared-key)');
    session.type(KEYS.enter);

    await session.waitFor(
      [
        'Events to report (--events)',
        'A list of events to report, e.g. environment.push',
        'Default: *',
        'Enter comma-separated values (or leave this blank)',
        '>',
      ].join('\n'),
    );
    session.type(`environment.push, environment.branch${KEYS.enter}`);

    await session.waitFor('States to report (--states)');
    expect(session.text()).toContain(
      [
        'States to report (--states)',
        'A list of activity states to report, e.g. pending, in_progress, complete',
        'Default: complete',
        'Enter comma-separated values (or leave this blank)',
      ].join('\n'),
    );
    session.type(KEYS.enter);

    await session.waitFor('Result to report (--result)');
    expect(session.text()).toContain('Default: *\nEnter one of: *, success, failure');
    session.type(`sometimes${KEYS.enter}`);
    await session.waitFor('"sometimes" is not a result; use *, success or failure');
    session.type(`\u0015${KEYS.enter}`);

    await session.waitFor('Included environments (--environments)');
    session.type(KEYS.enter);
    await session.waitFor(
      'Excluded environments (--excluded-environments)\nThe environments to exclude\n' +
        'Enter comma-separated values (or leave this blank)\n>',
    );
    session.type(`feature-*${KEYS.enter}`);

    expect(await session.exited).toBe(0);
    const screen = session.text();
    expect(screen).toContain("| excluded_environments | - 'feature-*'");
    const stored = await storedIntegration(createdId(screen));
    expect(stored).toMatchObject({
      type: 'webhook',
      url: `${receiver.url}/hooks`,
      shared_key: MASK,
      events: ['environment.push', 'environment.branch'],
      states: ['complete'],
      result: '*',
      environments: ['*'],
      excluded_environments: ['feature-*'],
      enabled: true,
    });
  });

  it('asks for the type first when --type is missing', async () => {
    const session = runInTerminal(['integration:add', `--url=${receiver.url}/typed`], env);

    await session.waitFor('Integration type (--type)');
    for (const spec of INTEGRATION_TYPES) expect(session.text()).toContain(spec.type);
    const index = INTEGRATION_TYPES.findIndex((spec) => spec.type === 'webhook');
    session.type(KEYS.down.repeat(index) + KEYS.enter);

    // Every remaining question is taken at its default by pressing Enter.
    for (const label of ['Shared key', 'Events to report', 'States to report']) {
      await session.waitFor(`${label} (--`);
      session.type(KEYS.enter);
    }
    for (const label of ['Result to report', 'Included environments', 'Excluded environments']) {
      await session.waitFor(`${label} (--`);
      session.type(KEYS.enter);
    }

    expect(await session.exited).toBe(0);
    const stored = await storedIntegration(createdId(session.text()));
    expect(stored).toMatchObject({
      url: `${receiver.url}/typed`,
      events: ['*'],
      states: ['complete'],
      result: '*',
      environments: ['*'],
      excluded_environments: [],
    });
  });
});

/**
 * Answers for fields a type requires without a default, by field name. A type added to the
 * domain with a required field not listed here fails the test below by name.
 */
function sampleAnswers(type: string): Record<string, string> {
  return {
    url: `${receiver.url}/sample`,
    repository: 'example/shop',
    project: 'example/shop',
    // Slack's schema wants a bot token's shape; the Git sources take any token.
    token: type === 'health.slack' ? 'xoxb-0123456789-abcdef' : 'token-0123456789',
    key: 'app-key',
    secret: 'app-secret',
    username: 'deploy',
    from_address: 'herald@example.com',
    recipients: 'ops@example.com',
    channel: '#alerts',
    routing_key: 'R0123456789abcdef0123456789abcde',
  };
}

const QUESTION = /^(.+) \(--([a-z0-9-]+)\)$/gm;

function questionsShown(text: string): string[] {
  return [...text.matchAll(QUESTION)].map((match) => match[2]!);
}

describe.each(INTEGRATION_TYPES.map((spec) => [spec.type, spec] as const))(
  'integration:add --type %s in a terminal',
  (type, spec) => {
    it('asks in field order, only what applies, and stores the answers', async () => {
      const session = runInTerminal(['integration:add', '--type', type], env);
      const samples = sampleAnswers(type);
      const answers: Record<string, unknown> = {};
      const asked: string[] = [];
      let confirmed = false;

      for (let turn = 0; turn <= spec.fields.length; turn++) {
        await session.waitUntil(
          (text) =>
            session.hasExited() ||
            questionsShown(text).length > asked.length ||
            (!confirmed && /\(Y\/n\)$/m.test(text)),
        );
        if (session.hasExited()) break;
        const text = session.text();
        if (questionsShown(text).length === asked.length) {
          // A type that warns before it is added (a Git source) asks to continue.
          expect(spec.confirmOnCreate, text).toBeDefined();
          expect(text).toContain(`Warning: ${spec.confirmOnCreate}`);
          confirmed = true;
          session.type(`y${KEYS.enter}`);
          continue;
        }

        const option = questionsShown(text).at(-1)!;
        asked.push(option);
        const field = spec.fields.find((candidate) => candidate.option === option)!;
        const fallback = spec.schema.shape[field.name]?.safeParse(undefined);
        const required = field.required && !fallback?.success;
        if (field.kind === 'boolean') {
          // The opposite of the default, so fields that depend on it are skipped or asked.
          const flipped = !(fallback?.success && fallback.data === true);
          answers[field.name] = flipped;
          session.type(`${flipped ? 'yes' : 'no'}${KEYS.enter}`);
        } else if (required) {
          const sample = samples[field.name];
          expect(
            sample,
            `no sample answer for the required field ${type}.${field.name}`,
          ).toBeDefined();
          answers[field.name] = field.kind === 'list' ? sample!.split(',') : sample;
          session.type(`${sample}${KEYS.enter}`);
        } else {
          session.type(KEYS.enter);
        }
      }

      expect(await session.exited, session.text()).toBe(0);
      const defaults = (name: string) => {
        const parsed = spec.schema.shape[name]?.safeParse(undefined);
        return parsed?.success ? { [name]: parsed.data } : {};
      };
      const applies = spec.fields.filter((field) => {
        const known = Object.assign({}, ...spec.fields.map((other) => defaults(other.name)));
        return field.askWhen ? field.askWhen({ ...known, ...answers }) : true;
      });
      expect(asked).toEqual(applies.map((field) => field.option));

      const stored = await storedIntegration(createdId(session.text()));
      const expected = spec.schema.parse(answers) as Record<string, unknown>;
      for (const field of spec.fields) {
        if (!(field.name in expected)) continue;
        expect(stored[field.name], field.name).toEqual(field.secret ? MASK : expected[field.name]);
      }
    });
  },
);

describe('commands that need an integration let a person pick one', () => {
  it('shows a list when the ID is left out, and deletes only after a yes', async () => {
    const added = await api.cli(
      ['integration:add', '--type=webhook', `--url=${receiver.url}/picked`],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
    const id = createdId(added.stderr);

    const picking = runInTerminal(['integration:get', '-P', 'url'], env);
    await picking.waitFor('Choose an integration');
    await picking.waitFor(`${id} (webhook): ${receiver.url}/picked`);
    const lines = picking.text().split('\n');
    const choices = lines.filter((line) => /^[❯ ] [a-z2-7]{13} \(/.test(line));
    const position = choices.findIndex((line) => line.includes(id));
    const current = choices.findIndex((line) => line.includes('❯'));
    picking.type(KEYS.down.repeat(position - current) + KEYS.enter);
    expect(await picking.exited).toBe(0);
    expect(picking.text()).toMatch(new RegExp(`\\n${receiver.url}/picked$`));

    const declining = runInTerminal(['integration:delete', id.slice(0, 6)], env);
    await declining.waitFor(`Delete the integration ${id} (type: webhook)? (Y/n)`);
    declining.type(`n${KEYS.enter}`);
    expect(await declining.exited).toBe(1);
    expect((await api.cli(['integration:get', id], { env })).code).toBe(0);

    const confirming = runInTerminal(['integration:delete', id], env);
    await confirming.waitFor('(Y/n)');
    confirming.type(KEYS.enter);
    expect(await confirming.exited).toBe(0);
    expect(confirming.text()).toContain(`Deleted integration ${id}`);
    const gone = await api.cli(['integration:get', id], { env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`Integration not found: ${id}`);
  });
});

describe('colour', () => {
  it('colours warnings in a terminal, and not when NO_COLOR is set', async () => {
    const coloured = runInTerminal(['integration:list', '--type', 'webhok'], {
      ...env,
      NO_COLOR: '',
    });
    const plain = runInTerminal(['integration:list', '--type', 'webhok'], env);
    expect(await coloured.exited).toBe(0);
    expect(await plain.exited).toBe(0);

    expect(coloured.raw()).toContain('\u001b[33mWarning:\u001b[39m there is no integration type');
    expect(plain.raw()).toContain('Warning: there is no integration type');
    expect(plain.raw()).not.toContain('\u001b[33m');
  });
});
