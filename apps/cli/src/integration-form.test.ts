import { Writable } from 'node:stream';
import type { IntegrationTypeSpec } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CliContext } from './context.ts';
import {
  parseFieldValue,
  promptForFields,
  questionFor,
  readFieldOptions,
} from './integration-form.ts';
import type { FieldQuestion, Prompter } from './prompts.ts';

/**
 * A type shaped like the Git sources and health types other work adds: booleans with
 * defaults, fields that apply only when another is on, an enum and a secret.
 */
const sourceType: IntegrationTypeSpec = {
  type: 'example.source',
  label: 'Example source',
  description: 'A source integration for tests',
  schema: z
    .object({
      repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'use owner/repo'),
      token: z.string().min(1),
      build_pull_requests: z.boolean().default(true),
      build_draft_pull_requests: z.boolean().default(true),
      fetch_branches: z.boolean().default(true),
      prune_branches: z.boolean().default(true),
      visibility: z.enum(['public', 'private']).default('public'),
    })
    .strict(),
  fields: [
    {
      name: 'repository',
      option: 'repository',
      label: 'Repository',
      description: 'The repository, owner/repo',
      kind: 'string',
      required: true,
    },
    {
      name: 'token',
      option: 'token',
      label: 'Token',
      description: 'An access token',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'build_pull_requests',
      option: 'build-pull-requests',
      label: 'Build pull requests',
      description: 'Build every pull request as an environment',
      kind: 'boolean',
    },
    {
      name: 'build_draft_pull_requests',
      option: 'build-draft-pull-requests',
      label: 'Build draft pull requests',
      description: 'Build draft pull requests too',
      kind: 'boolean',
      askWhen: (values) => values.build_pull_requests === true,
    },
    {
      name: 'fetch_branches',
      option: 'fetch-branches',
      label: 'Fetch branches',
      description: 'Make an environment of every branch',
      kind: 'boolean',
    },
    {
      name: 'prune_branches',
      option: 'prune-branches',
      label: 'Prune branches',
      description: 'Delete environments whose branch is gone',
      kind: 'boolean',
      askWhen: (values) => values.fetch_branches === true,
    },
    {
      name: 'visibility',
      option: 'visibility',
      label: 'Visibility',
      description: 'Who may see it',
      kind: 'enum',
      choices: ['public', 'private'],
    },
  ],
  summarize: (config) => `Repository: ${String(config.repository)}`,
  hasFilters: false,
};

/** Answers questions from a script, checking each answer as the terminal prompt would. */
function scriptedContext(answers: Record<string, string>) {
  const asked: FieldQuestion[] = [];
  const prompter: Prompter = {
    async askField(question) {
      asked.push(question);
      const answer = answers[question.option] ?? '';
      const verdict = question.validate?.(answer) ?? true;
      if (verdict !== true) throw new Error(`--${question.option} refused: ${verdict}`);
      return answer;
    },
    choose: () => Promise.reject(new Error('not expected')),
    confirm: () => Promise.reject(new Error('not expected')),
  };
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });

  return { ctx: { prompter, stderr } as unknown as CliContext, asked };
}

describe('promptForFields', () => {
  it('asks in field order and skips what depends on a field answered no', async () => {
    const { ctx, asked } = scriptedContext({
      repository: 'example/shop',
      token: 'secret-token',
      'build-pull-requests': 'no',
      'fetch-branches': 'yes',
      'prune-branches': '',
      visibility: '',
    });

    const values = await promptForFields(ctx, sourceType, {});

    expect(asked.map((question) => question.option)).toEqual([
      'repository',
      'token',
      'build-pull-requests',
      'fetch-branches',
      'prune-branches',
      'visibility',
    ]);
    expect(values).toEqual({
      repository: 'example/shop',
      token: 'secret-token',
      build_pull_requests: false,
      fetch_branches: true,
    });
  });

  it('asks nothing given as an option, and lets options decide what applies', async () => {
    const { ctx, asked } = scriptedContext({ token: 't' });
    const given = readFieldOptions(sourceType, {
      repository: 'example/shop',
      buildPullRequests: 'true',
      fetchBranches: '0',
      visibility: 'private',
    });

    const values = await promptForFields(ctx, sourceType, given);

    expect(asked.map((question) => question.option)).toEqual([
      'token',
      'build-draft-pull-requests',
    ]);
    expect(values).toMatchObject({ build_pull_requests: true, fetch_branches: false });
  });
});

describe('questionFor', () => {
  it('says the default and how to answer each kind of field', () => {
    const [repository, token, build, , , , visibility] = sourceType.fields.map((field) =>
      questionFor(sourceType, field),
    );

    expect(repository).toMatchObject({
      label: 'Repository',
      defaultText: undefined,
      hint: undefined,
    });
    expect(token?.secret).toBe(true);
    expect(build).toMatchObject({
      defaultText: 'yes',
      hint: 'Enter yes or no (or leave this blank)',
    });
    expect(visibility).toMatchObject({
      defaultText: 'public',
      hint: 'Enter one of: public, private (or leave this blank)',
    });
  });

  it("checks answers against the type's own schema", () => {
    const [repository, , build, , , , visibility] = sourceType.fields.map((field) =>
      questionFor(sourceType, field),
    );

    expect(repository?.validate?.('')).toBe('A value is required');
    expect(repository?.validate?.('not a repository')).toBe('use owner/repo');
    expect(repository?.validate?.('example/shop')).toBe(true);
    expect(build?.validate?.('maybe')).toBe(
      '--build-pull-requests takes true or false, not "maybe"',
    );
    expect(visibility?.validate?.('secret')).toMatch(/public|private/);
    expect(visibility?.validate?.('')).toBe(true);
  });
});

describe('options', () => {
  it("refuses another type's option, naming the option and the type", () => {
    expect(() => readFieldOptions(sourceType, { url: 'https://example.com' })).toThrow(
      'The option --url does not apply to the type example.source',
    );
  });

  it('splits list options on commas and spaces, and list answers on commas', () => {
    const events = { name: 'events', option: 'events', label: '', description: '' } as const;
    const list = { ...events, kind: 'list' as const };

    expect(parseFieldValue(list, ['a,b', 'c d'], 'option')).toEqual(['a', 'b', 'c', 'd']);
    expect(parseFieldValue(list, 'a b, c', 'prompt')).toEqual(['a b', 'c']);
  });
});
