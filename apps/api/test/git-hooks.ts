import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity } from '@herald/domain';
import { signHubSignature } from '@herald/domain';
import { expect } from 'vitest';
import { REPO_ROOT, type TestApi } from './helpers.ts';

/** The shared fixtures sit beside the clone: in a worktree and in CI alike. */
export const FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures');

/** A fixture's exact bytes: signatures are computed over what is sent, byte for byte. */
export function readFixture(provider: string, file: string): Buffer {
  return readFileSync(join(FIXTURES, provider, file));
}

/** Calls a tRPC procedure over HTTP as any client would, with the admin token. */
export async function callApi<T>(
  api: TestApi,
  path: string,
  input: unknown,
  kind: 'query' | 'mutation',
): Promise<T> {
  const url = `${api.url}/trpc/${path}`;
  const response =
    kind === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { authorization: `Bearer ${api.token}` },
        })
      : await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
  const json = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok || json.result === undefined) {
    throw new Error(`${path} failed (${response.status}): ${JSON.stringify(json.error)}`);
  }

  return json.result.data;
}

/** Polls until the activity is complete (bounded): the hook answers before its work is done. */
export async function waitForActivity(
  api: TestApi,
  project: string,
  id: string,
  timeoutMs = 15_000,
): Promise<Activity> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const activity = await callApi<Activity>(api, 'activity.get', { project, id }, 'query');
    if (activity.state === 'complete' || activity.state === 'cancelled') return activity;
    if (Date.now() > deadline) throw new Error(`Activity ${id} is still ${activity.state}`);
    await sleep(20);
  }
}

export interface EnvironmentView {
  name: string;
  parent: string | null;
  status: string;
  head_commit: string | null;
  is_default: boolean;
}

export function listEnvironments(api: TestApi, project: string) {
  return callApi<EnvironmentView[]>(api, 'environment.list', { project }, 'query');
}

/** The project's platform activities (not integrations' own), newest first. */
export function listPlatformActivities(api: TestApi, project: string) {
  return callApi<Activity[]>(api, 'activity.list', { project, limit: 1000 }, 'query');
}

export function listIntegrationActivities(api: TestApi, project: string, integration: string) {
  return callApi<Activity[]>(api, 'activity.list', { project, integration, limit: 1000 }, 'query');
}

/** A project whose default environment is initialized and active. */
export async function createProject(api: TestApi, title: string, defaultBranch: string) {
  const created = await callApi<{ project: { id: string }; activity: Activity }>(
    api,
    'project.create',
    { title, default_branch: defaultBranch },
    'mutation',
  );
  await waitForActivity(api, created.project.id, created.activity.id);

  return created.project.id;
}

export interface CreatedSource {
  integration: { id: string; hook_url: string; summary: string; settings: Record<string, unknown> };
  generated_secrets: Record<string, string>;
}

export function createGitSource(
  api: TestApi,
  project: string,
  type: string,
  settings: Record<string, unknown>,
) {
  return callApi<CreatedSource>(api, 'integration.create', { project, type, settings }, 'mutation');
}

export interface HookResponse {
  status: number;
  body: { status?: string; activity?: string; reason?: string; error?: string };
}

/** POSTs raw bytes to a hook URL with node's own client, so every header is what we say. */
export function postHook(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  options: { chunked?: boolean } = {},
): Promise<HookResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.chunked ? {} : { 'content-length': String(body.length) }),
        ...headers,
      },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
      });
    });
    // A server that refuses a large body may close before it is all sent: the answer counts.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.chunked) {
      // Written before end(): Node sends it chunked. end(body) alone would declare its length.
      request.write(body);
      request.end();
    } else {
      request.end(body);
    }
  });
}

/** The headers each provider sends, signed as it signs (see shared/fixtures/*\/HEADERS.md). */
export function providerHeaders(
  type: string,
  event: string,
  body: Buffer,
  secret: string,
  delivery: string = randomUUID(),
): Record<string, string> {
  switch (type) {
    case 'github':
      return {
        'user-agent': 'GitHub-Hookshot/a1b2c3d',
        'x-github-event': event,
        'x-github-delivery': delivery,
        'x-github-hook-id': '1',
        'x-hub-signature-256': signHubSignature(secret, body),
      };
    case 'gitlab':
      return {
        'user-agent': 'GitLab/17.1.0-pre',
        'x-gitlab-event': event,
        'x-gitlab-token': secret,
        'x-gitlab-instance': 'https://gitlab.example.com',
        'x-gitlab-webhook-uuid': '3c5c0404-c866-44bc-a5f6-452bb1bfc76e',
        'x-gitlab-event-uuid': delivery,
        'idempotency-key': randomUUID(),
      };
    case 'bitbucket':
      return {
        'user-agent': 'Bitbucket-Webhooks/2.0',
        'x-event-key': event,
        'x-hook-uuid': '{5e2e7a3c-1d6c-4d3c-9c1a-2f6f3b0e6b1d}',
        'x-request-uuid': delivery,
        'x-attempt-number': '1',
        'x-hub-signature': signHubSignature(secret, body),
      };
    case 'bitbucket_server':
      return {
        'user-agent': 'Atlassian HttpClient 4.2.0 / Bitbucket-9.5.2 (9005002) / Default',
        'content-type': 'application/json; charset=utf-8',
        'x-event-key': event,
        'x-request-id': delivery,
        'x-hub-signature': signHubSignature(secret, body),
      };
    default:
      throw new Error(`No headers for ${type}`);
  }
}

export interface HookStep {
  /** A fixture file, or the bytes of a payload from a package of examples. */
  body: Buffer;
  event: string;
  label: string;
  /** ignored: 202 and nothing recorded; accepted: a fetch activity and these activities. */
  expect: { ignored: RegExp } | { activities: string[]; log?: RegExp };
}

export interface SourceUnderTest {
  api: TestApi;
  type: string;
  project: string;
  integration: string;
  hookUrl: string;
  secret: string;
}

/**
 * Posts one signed hook and checks its outcome: an ignored one records nothing; an accepted one
 * becomes a successful fetch activity whose environment activities are exactly `activities`
 * ("<type> <environment>", in any order).
 */
export async function runHookStep(source: SourceUnderTest, step: HookStep) {
  const { api, project } = source;
  const before = new Set((await listPlatformActivities(api, project)).map((a) => a.id));
  const ignored = 'ignored' in step.expect;
  const fetchesBefore = ignored
    ? (await listIntegrationActivities(api, project, source.integration)).length
    : 0;
  const headers = providerHeaders(source.type, step.event, step.body, source.secret);
  const response = await postHook(source.hookUrl, step.body, headers);

  if ('ignored' in step.expect) {
    expect(response, step.label).toMatchObject({ status: 202, body: { status: 'ignored' } });
    expect(response.body.reason, step.label).toMatch(step.expect.ignored);
    const fetchesAfter = await listIntegrationActivities(api, project, source.integration);
    expect(fetchesAfter.length, step.label).toBe(fetchesBefore);
    return { response, fetch: null, created: [] as Activity[] };
  }

  expect(response, step.label).toMatchObject({ status: 202, body: { status: 'accepted' } });
  const fetch = await waitForActivity(api, project, response.body.activity!);
  expect(fetch, step.label).toMatchObject({
    type: `integration.${source.type}.fetch`,
    integration: source.integration,
    result: 'success',
  });
  if (step.expect.log) expect(fetch.log, step.label).toMatch(step.expect.log);

  // The fetch waited for each environment activity it started: they are all complete now.
  const created = (await listPlatformActivities(api, project)).filter((a) => !before.has(a.id));
  expect(
    created.map((a) => `${a.type} ${a.environments.join(',')}`).sort(),
    `${step.label}\n${fetch.log}`,
  ).toEqual([...step.expect.activities].sort());
  for (const activity of created) {
    expect(activity, step.label).toMatchObject({ state: 'complete', result: 'success' });
  }

  return { response, fetch, created };
}

/** Creates a project and a Git source following `repository`, with a known hook secret. */
export async function setUpSource(
  api: TestApi,
  input: {
    type: string;
    repository: string;
    defaultBranch: string;
    settings: Record<string, unknown>;
  },
): Promise<SourceUnderTest> {
  const project = await createProject(api, input.repository, input.defaultBranch);
  const secret = `hook-secret-${randomUUID()}`;
  const repositoryField = input.type === 'gitlab' ? 'project' : 'repository';
  const created = await createGitSource(api, project, input.type, {
    ...input.settings,
    [repositoryField]: input.repository,
    hook_secret: secret,
  });

  return {
    api,
    type: input.type,
    project,
    integration: created.integration.id,
    hookUrl: created.integration.hook_url,
    secret,
  };
}
