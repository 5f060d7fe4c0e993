import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEnvironmentFiles } from '../src/services/environment-files.ts';
import {
  type HookStep,
  listEnvironments,
  listIntegrationActivities,
  postHook,
  providerHeaders,
  readFixture,
  runHookStep,
  setUpSource,
} from './git-hooks.ts';
import { startTestApi, type TestApi } from './helpers.ts';

const CLOUD = { key: 'consumer-key', secret: 'consumer-secret' };
const SERVER = {
  url: 'https://bitbucket.example.com',
  username: 'herald',
  token: 'not-a-real-token',
};

/** Bitbucket Cloud's `X-Event-Key` for each fixture, as its HEADERS.md lists them. */
function cloud(file: string, expectation: HookStep['expect']): HookStep {
  const prefix = file.split('_')[0]!;
  const event =
    prefix === 'repo'
      ? 'repo:push'
      : `pullrequest:${file.replace(/^pullrequest_/, '').split(/[-.]/)[0]}`;
  return { body: readFixture('bitbucket', file), event, label: file, expect: expectation };
}

/** Bitbucket Server's event key is also in the body's `eventKey`. */
function server(file: string, expectation: HookStep['expect']): HookStep {
  const body = readFixture('bitbucket_server', file);
  const event = JSON.parse(body.toString('utf8')).eventKey as string;
  return { body, event, label: file, expect: expectation };
}

describe('Bitbucket hooks drive a project', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('Bitbucket Cloud', () => {
    it('builds brydzewski/foo: pushes, a branch, a pull request and its commits', async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'https://bitbucket.org/brydzewski/foo/src/master/',
        defaultBranch: 'master',
        settings: CLOUD,
      });

      const push = await runHookStep(
        source,
        cloud('repo_push-existing-branch.json', { activities: ['environment.push master'] }),
      );
      expect(push.created[0]?.parameters).toMatchObject({
        user: 'brydzewski',
        old_commit: expect.stringMatching(/^40e7580c/),
        new_commit: expect.stringMatching(/^141977fe/),
        commits: [expect.objectContaining({ author: 'Brad Rydzewski' })],
      });

      await runHookStep(
        source,
        cloud('repo_push-new-branch.json', { activities: ['environment.push develop'] }),
      );
      await runHookStep(
        source,
        cloud('pullrequest_created.json', { activities: ['environment.branch pr-1'] }),
      );

      // `updated` names no old commit: the environment's head is the old one.
      const updated = await runHookStep(
        source,
        cloud('pullrequest_updated-new-commits.json', { activities: ['environment.push pr-1'] }),
      );
      expect(updated.created[0]?.parameters).toMatchObject({
        old_commit: '507a576e59b3',
        new_commit: '0704fc5beccc',
      });
      // The same update again (an edit, not new commits) changes nothing.
      await runHookStep(
        source,
        cloud('pullrequest_updated-new-commits.json', {
          activities: [],
          log: /pr-1 is already at 0704fc5beccc/,
        }),
      );

      await runHookStep(
        source,
        cloud('pullrequest_fulfilled.json', {
          activities: ['environment.delete pr-1'],
          log: /pull request #1 was merged/,
        }),
      );
      await runHookStep(
        source,
        cloud('pullrequest_rejected.json', { activities: [], log: /#2 was closed; it has no/ }),
      );
      await runHookStep(
        source,
        cloud('repo_push-delete-branch.json', { activities: ['environment.delete develop'] }),
      );
      await runHookStep(source, cloud('repo_push-tag-create.json', { ignored: /tag feature\/x/ }));
      await runHookStep(source, cloud('repo_push-tag-delete.json', { ignored: /tag feature\/x/ }));

      expect(await listEnvironments(api, source.project)).toEqual([
        expect.objectContaining({
          name: 'master',
          head_commit: expect.stringMatching(/^141977fe/),
        }),
      ]);
    });

    it('takes the newer payload shapes', async () => {
      const pushed = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'martinherren1984/publictestrepo',
        defaultBranch: 'main',
        settings: CLOUD,
      });
      const push = await runHookStep(
        pushed,
        cloud('repo_push-existing-branch-2022.json', { activities: ['environment.push main'] }),
      );
      expect(push.created[0]?.parameters).toMatchObject({ user: 'Martin Herren' });

      const closed = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'anbraten/test-2',
        defaultBranch: 'main',
        settings: CLOUD,
      });
      await runHookStep(
        closed,
        cloud('pullrequest_fulfilled-2023.json', { activities: [], log: /#1 was merged/ }),
      );
      await runHookStep(
        closed,
        cloud('pullrequest_rejected-2023.json', { activities: [], log: /#2 was closed/ }),
      );
    });

    it("re-copies the parent's data, not its code, to a pull request on new commits", async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'brydzewski/foo',
        defaultBranch: 'master',
        settings: { ...CLOUD, resync_pull_requests: true },
      });
      await runHookStep(
        source,
        cloud('repo_push-new-branch.json', { activities: ['environment.push develop'] }),
      );
      await runHookStep(
        source,
        cloud('pullrequest_created.json', { activities: ['environment.branch pr-1'] }),
      );
      // What master's application wrote after pr-1 was made: the resync must bring it over.
      const masterFiles = ensureEnvironmentFiles(api.herald, source.project, 'master');
      writeFileSync(join(masterFiles, 'orders.csv'), 'id\n1\n2\n');

      const updated = await runHookStep(
        source,
        cloud('pullrequest_updated-new-commits.json', {
          activities: ['environment.push pr-1', 'environment.synchronize pr-1'],
          log: /environment\.push .*\n.*environment\.synchronize .*Synchronized data of pr-1/,
        }),
      );
      const sync = updated.created.find((a) => a.type === 'environment.synchronize')!;
      const push = updated.created.find((a) => a.type === 'environment.push')!;
      expect(sync.parameters).toEqual({
        environment: 'pr-1',
        parent: 'master',
        synchronize_code: false,
        synchronize_data: true,
      });
      expect(sync.created_at >= push.completed_at!).toBe(true);
      expect(sync.log).toBe("Data of pr-1 replaced with a copy of master's.");
      const prFiles = ensureEnvironmentFiles(api.herald, source.project, 'pr-1');
      expect(readFileSync(join(prFiles, 'orders.csv'), 'utf8')).toBe('id\n1\n2\n');
      // Data only: pr-1 keeps the pull request's head, not master's.
      expect(await listEnvironments(api, source.project)).toContainEqual(
        expect.objectContaining({ name: 'pr-1', head_commit: expect.stringMatching(/^0704fc5b/) }),
      );
    });

    it("leaves a pull request's data alone on new commits while resync is off", async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'brydzewski/foo',
        defaultBranch: 'master',
        settings: CLOUD,
      });
      await runHookStep(
        source,
        cloud('pullrequest_created.json', { activities: ['environment.branch pr-1'] }),
      );
      await runHookStep(
        source,
        cloud('pullrequest_updated-new-commits.json', { activities: ['environment.push pr-1'] }),
      );
    });

    it('keeps environments of deleted branches when pruning is off', async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'brydzewski/foo',
        defaultBranch: 'master',
        settings: { ...CLOUD, prune_branches: false },
      });
      await runHookStep(
        source,
        cloud('repo_push-new-branch.json', { activities: ['environment.push develop'] }),
      );
      await runHookStep(
        source,
        cloud('repo_push-delete-branch.json', { activities: [], log: /prune_branches is off/ }),
      );
      expect(await listEnvironments(api, source.project)).toContainEqual(
        expect.objectContaining({ name: 'develop', status: 'inactive' }),
      );
    });

    it('refuses an unsigned hook and acts once on a retried request', async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket',
        repository: 'brydzewski/foo',
        defaultBranch: 'master',
        settings: CLOUD,
      });
      const body = readFixture('bitbucket', 'repo_push-existing-branch.json');
      const headers = providerHeaders('bitbucket', 'repo:push', body, source.secret);
      const { 'x-hub-signature': _, ...unsigned } = headers;
      expect((await postHook(source.hookUrl, body, unsigned)).status).toBe(401);

      const first = await postHook(source.hookUrl, body, headers);
      expect(first).toMatchObject({ status: 202, body: { status: 'accepted' } });
      const retry = await postHook(source.hookUrl, body, { ...headers, 'x-attempt-number': '2' });
      expect(retry).toMatchObject({ status: 200, body: { activity: first.body.activity } });
      expect(await listIntegrationActivities(api, source.project, source.integration)).toHaveLength(
        1,
      );
    });
  });

  describe('Bitbucket Server', () => {
    it('builds PRJ/my-repo: pushes, a branch, a pull request and its commits', async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket_server',
        repository: 'https://bitbucket.example.com/projects/PRJ/repos/my-repo/browse',
        defaultBranch: 'master',
        settings: SERVER,
      });

      await runHookStep(
        source,
        server('repo_refs_changed-update-branch.json', {
          activities: ['environment.push master'],
        }),
      );
      await runHookStep(
        source,
        server('repo_refs_changed-add-branch.json', { activities: ['environment.push develop'] }),
      );
      await runHookStep(
        source,
        server('pr_opened.json', { activities: ['environment.branch pr-2'] }),
      );
      const updated = await runHookStep(
        source,
        server('pr_from_ref_updated-new-commits.json', { activities: ['environment.push pr-2'] }),
      );
      expect(updated.created[0]?.parameters).toMatchObject({
        old_commit: expect.stringMatching(/^caf52ccb/),
        new_commit: expect.stringMatching(/^c00d0f26/),
      });
      await runHookStep(
        source,
        server('pr_modified-metadata.json', {
          ignored: /does not act on Bitbucket Server pr:modified/,
        }),
      );
      await runHookStep(
        source,
        server('pr_declined.json', { activities: ['environment.delete pr-2'] }),
      );
      await runHookStep(
        source,
        server('pr_deleted.json', { activities: [], log: /no environment/ }),
      );
      await runHookStep(source, server('pr_merged.json', { activities: [], log: /#3 was merged/ }));
      await runHookStep(
        source,
        server('repo_refs_changed-delete-branch.json', {
          activities: ['environment.delete develop'],
        }),
      );
      await runHookStep(
        source,
        server('repo_refs_changed-add-tag.json', { ignored: /tag v1\.1\.0/ }),
      );
      await runHookStep(
        source,
        server('repo_refs_changed-delete-tag.json', { ignored: /tag v1\.1\.0/ }),
      );

      expect(await listEnvironments(api, source.project)).toEqual([
        expect.objectContaining({
          name: 'master',
          head_commit: expect.stringMatching(/^823b2230/),
        }),
      ]);
    });

    it('takes the documented example, a personal repository and Data Center payloads', async () => {
      const docs = await setUpSource(api, {
        type: 'bitbucket_server',
        repository: 'PROJ/repository',
        defaultBranch: 'master',
        settings: SERVER,
      });
      await runHookStep(
        docs,
        server('repo_refs_changed-update-branch-atlassian-docs-example.json', {
          activities: ['environment.push master'],
        }),
      );

      const personal = await setUpSource(api, {
        type: 'bitbucket_server',
        repository: '~gopher/webhook-test',
        defaultBranch: 'master',
        settings: SERVER,
      });
      await runHookStep(
        personal,
        server('repo_refs_changed-delete-branch-after-merge.json', {
          activities: [],
          log: /Branch feature\/wip deleted; it has no environment/,
        }),
      );

      const automation = await setUpSource(api, {
        type: 'bitbucket_server',
        repository: 'DEV/deployment-automation',
        defaultBranch: 'master',
        settings: SERVER,
      });
      // A push to a branch Herald has not seen yet: it becomes an environment.
      const renovate = await runHookStep(
        automation,
        server('repo_refs_changed-update-branch-2025.json', {
          activities: ['environment.push renovate-all'],
        }),
      );
      expect(renovate.created[0]?.parameters).toMatchObject({
        user: 'renovatebot',
        commits: [expect.objectContaining({ message: 'chore(deps): update all' })],
      });
      await runHookStep(
        automation,
        server('pr_merged-2025.json', { activities: [], log: /#111 was merged/ }),
      );

      const monitor = await setUpSource(api, {
        type: 'bitbucket_server',
        repository: 'DEV/network-monitor',
        defaultBranch: 'main',
        settings: SERVER,
      });
      await runHookStep(
        monitor,
        server('pr_opened-2025.json', { activities: ['environment.branch pr-125'] }),
      );
    });

    it('refuses a wrong signature and another repository', async () => {
      const source = await setUpSource(api, {
        type: 'bitbucket_server',
        repository: 'PRJ/another-repo',
        defaultBranch: 'master',
        settings: SERVER,
      });
      const body = readFixture('bitbucket_server', 'repo_refs_changed-update-branch.json');
      const wrong = providerHeaders('bitbucket_server', 'repo:refs_changed', body, 'wrong-secret');
      expect((await postHook(source.hookUrl, body, wrong)).status).toBe(401);

      const signed = providerHeaders('bitbucket_server', 'repo:refs_changed', body, source.secret);
      expect(await postHook(source.hookUrl, body, signed)).toMatchObject({
        status: 403,
        body: { error: expect.stringMatching(/about PRJ\/my-repo/) },
      });
    });
  });
});
