import { Writable } from 'node:stream';
import examples from '@octokit/webhooks-examples';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createProject,
  type HookStep,
  listEnvironments,
  listIntegrationActivities,
  postHook,
  providerHeaders,
  runHookStep,
  type SourceUnderTest,
  setUpSource,
} from './git-hooks.ts';
import { startTestApi, type TestApi } from './helpers.ts';

const REPOSITORY = 'Codertocat/Hello-World';
const TOKEN = { token: 'ghp_not_a_real_token' };

type Payload = Record<string, unknown> & { action?: string };

function examplesOf(name: string): Payload[] {
  const definition = examples.find((candidate) => candidate.name === name);
  if (definition === undefined) throw new Error(`@octokit/webhooks-examples has no ${name}`);
  return definition.examples as unknown as Payload[];
}

function bytes(payload: unknown): Buffer {
  return Buffer.from(JSON.stringify(payload));
}

function label(event: string, payload: Payload, index: number) {
  const ref = typeof payload.ref === 'string' ? ` ${payload.ref}` : '';
  return `${event} #${index}${payload.action ? ` ${payload.action}` : ''}${ref}`;
}

describe('GitHub hooks drive a project', () => {
  let api: TestApi;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) {
          logLines.push(JSON.parse(line));
        }
        done();
      },
    });
    api = await startTestApi({ logger: pino({ level: 'info' }, sink) });
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('with every example of @octokit/webhooks-examples', () => {
    let source: SourceUnderTest;

    beforeAll(async () => {
      source = await setUpSource(api, {
        type: 'github',
        // A pasted URL is reduced to owner/repo.
        repository: `https://github.com/${REPOSITORY}`,
        defaultBranch: 'main',
        settings: TOKEN,
      });
    });

    it('turns pushes into environments and ignores tags', async () => {
      let masterBuilt = false;
      for (const [index, payload] of examplesOf('push').entries()) {
        const isTag = String(payload.ref).startsWith('refs/tags/');
        const step: HookStep = {
          event: 'push',
          body: bytes(payload),
          label: label('push', payload, index),
          expect: isTag
            ? { ignored: /refs\/tags\/simple-tag is not a branch/ }
            : masterBuilt
              ? { activities: [], log: /master is already at 6113728f27ae/ }
              : { activities: ['environment.push master'] },
        };
        const { created } = await runHookStep(source, step);
        if (!isTag && !masterBuilt) {
          masterBuilt = true;
          expect(created[0]?.parameters).toEqual({
            environment: 'master',
            user: 'Codertocat',
            old_commit: null,
            new_commit: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
            commits: [
              {
                sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
                message: 'Initial commit',
                author: 'Codertocat',
                timestamp: '2019-05-15T15:19:25Z',
              },
            ],
            new_branch: true,
            source: 'github',
          });
        }
      }

      expect(masterBuilt).toBe(true);
      expect(await listEnvironments(api, source.project)).toContainEqual(
        expect.objectContaining({
          name: 'master',
          status: 'inactive',
          parent: 'main',
          head_commit: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        }),
      );
    });

    it('ignores every create and delete example: they are all tags', async () => {
      for (const event of ['create', 'delete']) {
        for (const [index, payload] of examplesOf(event).entries()) {
          await runHookStep(source, {
            event,
            body: bytes(payload),
            label: label(event, payload, index),
            expect: { ignored: /the tag simple-tag was (created|deleted)/ },
          });
        }
      }
    });

    it('builds pull request #2 as pr-2 under master, and deletes it when closed', async () => {
      const builds = ['opened', 'reopened', 'ready_for_review', 'synchronize'];
      let built = false;
      for (const [index, payload] of examplesOf('pull_request').entries()) {
        const action = payload.action ?? '';
        let expectation: HookStep['expect'];
        if (builds.includes(action)) {
          expectation = built
            ? { activities: [], log: /pr-2 is already at ec26c3e57ca3/ }
            : { activities: ['environment.branch pr-2'] };
          built = true;
        } else if (action === 'closed') {
          expectation = built
            ? { activities: ['environment.delete pr-2'], log: /pull request #2 was closed/ }
            : { activities: [], log: /has no environment/ };
          built = false;
        } else {
          expectation = { ignored: new RegExp(`pull request #2 ${action.replaceAll('_', ' ')}`) };
        }
        await runHookStep(source, {
          event: 'pull_request',
          body: bytes(payload),
          label: label('pull_request', payload, index),
          expect: expectation,
        });
      }

      expect(await listEnvironments(api, source.project)).toContainEqual(
        expect.objectContaining({
          name: 'pr-2',
          status: 'active',
          parent: 'master',
          head_commit: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        }),
      );
    });

    it('ignores an issue comment', async () => {
      const [comment] = examplesOf('issue_comment');
      await runHookStep(source, {
        event: 'issue_comment',
        body: bytes(comment),
        label: 'issue_comment',
        expect: { ignored: /does not act on GitHub issue_comment events/ },
      });
    });
  });

  it('waits for a draft to be ready when drafts are not built', async () => {
    const source = await setUpSource(api, {
      type: 'github',
      repository: REPOSITORY,
      defaultBranch: 'master',
      settings: { ...TOKEN, build_draft_pull_requests: false },
    });
    const pullRequests = examplesOf('pull_request');
    const opened = pullRequests.find((payload) => payload.action === 'opened')!;
    const ready = pullRequests.find((payload) => payload.action === 'ready_for_review')!;
    // The examples hold no draft opened; the first one, marked draft, stands for one.
    const draft = { ...opened, pull_request: { ...(opened.pull_request as object), draft: true } };

    await runHookStep(source, {
      event: 'pull_request',
      body: bytes(draft),
      label: 'draft opened',
      expect: { activities: [], log: /Pull request #2 is a draft; drafts are not built/ },
    });
    await runHookStep(source, {
      event: 'pull_request',
      body: bytes(ready),
      label: 'ready for review',
      expect: { activities: ['environment.branch pr-2'] },
    });
  });

  it('builds the test merge commit when building pull requests post-merge', async () => {
    const source = await setUpSource(api, {
      type: 'github',
      repository: REPOSITORY,
      defaultBranch: 'master',
      settings: {
        ...TOKEN,
        build_pull_requests_post_merge: true,
        pull_requests_clone_parent_data: false,
      },
    });
    // GitHub computes the test merge after `opened`; the later events of the same pull request
    // in the examples carry it. Opened without it, the head is built; with it, the merge.
    const pullRequests = examplesOf('pull_request');
    const opened = pullRequests.find((payload) => payload.action === 'opened')!;
    const later = pullRequests.find(
      (payload) => (payload.pull_request as { merge_commit_sha: string | null }).merge_commit_sha,
    )!;
    const mergeCommit = (later.pull_request as { merge_commit_sha: string }).merge_commit_sha;
    await runHookStep(source, {
      event: 'pull_request',
      body: bytes(opened),
      label: 'opened before the test merge exists',
      expect: { activities: ['environment.branch pr-2'] },
    });
    const closed = pullRequests.find((payload) => payload.action === 'closed')!;
    await runHookStep(source, {
      event: 'pull_request',
      body: bytes(closed),
      label: 'closed',
      expect: { activities: ['environment.delete pr-2'] },
    });
    const reopened = pullRequests.find((payload) => payload.action === 'reopened')!;
    const withMerge = {
      ...reopened,
      pull_request: { ...(reopened.pull_request as object), merge_commit_sha: mergeCommit },
    };
    const { created } = await runHookStep(source, {
      event: 'pull_request',
      body: bytes(withMerge),
      label: 'reopened with its test merge',
      expect: { activities: ['environment.branch pr-2'] },
    });
    expect(created[0]?.parameters).toMatchObject({
      head_commit: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
      clone_parent_data: false,
    });
  });

  describe('refuses what GitHub did not send for this repository', () => {
    let source: SourceUnderTest;
    const push = bytes(examplesOf('push').find((payload) => payload.ref === 'refs/heads/master'));

    beforeAll(async () => {
      source = await setUpSource(api, {
        type: 'github',
        repository: REPOSITORY,
        defaultBranch: 'master',
        settings: TOKEN,
      });
    });

    async function fetchCount() {
      return (await listIntegrationActivities(api, source.project, source.integration)).length;
    }

    it('answers 401 to an unsigned or wrongly signed hook, and logs it', async () => {
      const signed = providerHeaders('github', 'push', push, source.secret);
      const { 'x-hub-signature-256': _, ...unsigned } = signed;
      expect(await postHook(source.hookUrl, push, unsigned)).toMatchObject({
        status: 401,
        body: { error: expect.stringMatching(/X-Hub-Signature-256 is missing/) },
      });

      const otherKey = providerHeaders('github', 'push', push, 'a-secret-that-is-not-it');
      expect(await postHook(source.hookUrl, push, otherKey)).toMatchObject({
        status: 401,
        body: { error: expect.stringMatching(/X-Hub-Signature-256 does not match/) },
      });

      // Signed over other bytes than those sent: a tampered body.
      const tampered = Buffer.from(push.toString('utf8').replace('Initial commit', 'Tampered'));
      expect((await postHook(source.hookUrl, tampered, signed)).status).toBe(401);

      expect(await fetchCount()).toBe(0);
      const refusals = logLines.filter(
        (line) =>
          line.msg === 'hook refused: authentication' && line.integration_id === source.integration,
      );
      expect(refusals.map((line) => line.reason)).toEqual([
        'not signed',
        'signature does not match',
        'signature does not match',
      ]);
      expect(JSON.stringify(logLines)).not.toContain(source.secret);
    });

    it('answers 413 to a body over 1 MiB, declared or streamed', async () => {
      const large = Buffer.alloc(1024 * 1024 + 1, ' ');
      const headers = providerHeaders('github', 'push', large, source.secret);
      expect(await postHook(source.hookUrl, large, headers)).toMatchObject({ status: 413 });

      const streamed = Buffer.alloc(4 * 1024 * 1024, ' ');
      const streamedHeaders = providerHeaders('github', 'push', streamed, source.secret);
      const answer = await postHook(source.hookUrl, streamed, streamedHeaders, { chunked: true });
      expect(answer).toMatchObject({
        status: 413,
        body: { error: expect.stringMatching(/1 MiB/) },
      });
      expect(await fetchCount()).toBe(0);
    });

    it("refuses another repository's events, even signed with the right secret", async () => {
      const other = await setUpSource(api, {
        type: 'github',
        repository: 'octo-org/another-repo',
        defaultBranch: 'master',
        settings: TOKEN,
      });
      const headers = providerHeaders('github', 'push', push, other.secret);
      expect(await postHook(other.hookUrl, push, headers)).toMatchObject({
        status: 403,
        body: {
          error: expect.stringMatching(
            /about Codertocat\/Hello-World.*follows octo-org\/another-repo/,
          ),
        },
      });
      const comment = bytes(examplesOf('issue_comment')[0]);
      const commentHeaders = providerHeaders('github', 'issue_comment', comment, other.secret);
      expect((await postHook(other.hookUrl, comment, commentHeaders)).status).toBe(403);
      expect(await listEnvironments(api, other.project)).toHaveLength(1);
    });

    it('acts once on a delivery GitHub retries', async () => {
      const headers = providerHeaders('github', 'push', push, source.secret, 'delivery-retried-1');
      const first = await postHook(source.hookUrl, push, headers);
      expect(first).toMatchObject({ status: 202, body: { status: 'accepted' } });
      const retry = await postHook(source.hookUrl, push, headers);
      expect(retry).toMatchObject({
        status: 200,
        body: { status: 'duplicate', activity: first.body.activity },
      });
      expect(await fetchCount()).toBe(1);
    });

    it('answers 404 for an unknown integration and 405 to anything but POST', async () => {
      const unknown = source.hookUrl.replace(source.integration, 'aaaaaaaaaaaaa');
      const headers = providerHeaders('github', 'push', push, source.secret);
      expect((await postHook(unknown, push, headers)).status).toBe(404);
      expect((await fetch(source.hookUrl)).status).toBe(405);
    });
  });

  it('adds a source from the CLI with a warning, and makes a hook secret shown once', async () => {
    const project = await createProject(api, 'Generated secret', 'master');
    const added = await api.cli([
      'integration:add',
      '-p',
      project,
      '--type',
      'github',
      '--token',
      TOKEN.token,
      '--repository',
      `https://github.com/${REPOSITORY}.git`,
      '--format',
      'csv',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain(
      'Warning: Adding this integration makes the repository the source of truth',
    );
    const id = /Created integration (\S+) \(type: github\)/.exec(added.stderr)?.[1];
    const secret = /Generated hook_secret \(shown once, keep it now\): (\S+)/.exec(
      added.stderr,
    )?.[1];
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const hookUrl = `${api.url}/api/projects/${project}/integrations/${id}/hook`;
    expect(added.stdout).toContain(`repository,${REPOSITORY}\n`);
    expect(added.stdout).toContain(`hook_url,${hookUrl}\n`);
    expect(added.stdout).not.toContain(secret);
    expect(added.stdout).not.toContain(TOKEN.token);

    const fetched = await callApi<unknown>(api, 'integration.get', { project, id }, 'query');
    expect(JSON.stringify(fetched)).not.toContain(secret);
    expect(JSON.stringify(fetched)).not.toContain(TOKEN.token);

    const listed = await api.cli(['integration:list', '-p', project, '--format', 'csv']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`Hook URL: ${hookUrl}`);

    const push = bytes(examplesOf('push').find((payload) => payload.ref === 'refs/heads/master'));
    const answer = await postHook(hookUrl, push, providerHeaders('github', 'push', push, secret!));
    expect(answer).toMatchObject({ status: 202, body: { status: 'accepted' } });
  });
});
