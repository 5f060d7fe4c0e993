import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HookStep,
  listEnvironments,
  postHook,
  providerHeaders,
  readFixture,
  runHookStep,
  setUpSource,
} from './git-hooks.ts';
import { startTestApi, type TestApi } from './helpers.ts';

const TOKEN = { token: 'glpat-not-a-real-token' };

function step(file: string, expectation: HookStep['expect']): HookStep {
  const event = file.startsWith('tag_push')
    ? 'Tag Push Hook'
    : file.startsWith('merge_request')
      ? 'Merge Request Hook'
      : 'Push Hook';
  return { body: readFixture('gitlab', file), event, label: file, expect: expectation };
}

describe('GitLab hooks drive a project', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('builds gitlab-org/hello-world: pushes, a new branch, a merge request, deletion', async () => {
    const source = await setUpSource(api, {
      type: 'gitlab',
      repository: 'gitlab-org/hello-world',
      defaultBranch: 'master',
      settings: TOKEN,
    });

    const first = await runHookStep(
      source,
      step('push-new-branch-first-push-to-empty-repo.json', {
        activities: ['environment.push master'],
      }),
    );
    expect(first.created[0]?.parameters).toMatchObject({
      environment: 'master',
      user: 'sytses',
      old_commit: null,
      new_commit: expect.stringMatching(/^2adc9465/),
      source: 'gitlab',
    });

    const push = await runHookStep(
      source,
      step('push-existing-branch.json', { activities: ['environment.push master'] }),
    );
    expect(push.created[0]?.parameters).toMatchObject({
      old_commit: expect.stringMatching(/^2adc9465/),
      new_commit: expect.stringMatching(/^78a76ee6/),
      commits: [
        expect.objectContaining({ sha: expect.any(String), author: expect.any(String) }),
        expect.objectContaining({ sha: expect.any(String) }),
      ],
      new_branch: false,
    });

    const branch = await runHookStep(
      source,
      step('push-new-branch.json', { activities: ['environment.push feature'] }),
    );
    expect(branch.created[0]?.parameters).toMatchObject({ new_branch: true, old_commit: null });
    expect(await listEnvironments(api, source.project)).toContainEqual(
      expect.objectContaining({ name: 'feature', status: 'inactive', parent: 'master' }),
    );

    await runHookStep(
      source,
      step('merge_request-open.json', { activities: ['environment.branch pr-1'] }),
    );
    expect(await listEnvironments(api, source.project)).toContainEqual(
      expect.objectContaining({
        name: 'pr-1',
        status: 'active',
        parent: 'master',
        head_commit: expect.stringMatching(/^c4c79227/),
      }),
    );

    await runHookStep(
      source,
      step('merge_request-close.json', {
        activities: ['environment.delete pr-1'],
        log: /pull request #1 was closed/,
      }),
    );
    await runHookStep(
      source,
      step('merge_request-reopen.json', { activities: ['environment.branch pr-1'] }),
    );
    await runHookStep(
      source,
      step('merge_request-merge.json', {
        activities: ['environment.delete pr-1'],
        log: /pull request #1 was merged/,
      }),
    );
    await runHookStep(
      source,
      step('push-delete-branch.json', { activities: ['environment.delete feature'] }),
    );
    await runHookStep(source, step('tag_push-create.json', { ignored: /tags are not built/ }));
    await runHookStep(source, step('tag_push-delete.json', { ignored: /tags are not built/ }));

    const environments = await listEnvironments(api, source.project);
    expect(environments).toEqual([
      expect.objectContaining({
        name: 'master',
        status: 'active',
        head_commit: expect.stringMatching(/^78a76ee6/),
      }),
    ]);
  });

  it('takes the GitLab documentation examples and a self-managed instance', async () => {
    const docs = await setUpSource(api, {
      type: 'gitlab',
      repository: 'mike/diaspora',
      defaultBranch: 'master',
      settings: TOKEN,
    });
    await runHookStep(
      docs,
      step('push-existing-branch-docs-example.json', { activities: ['environment.push master'] }),
    );

    const flight = await setUpSource(api, {
      type: 'gitlab',
      repository: 'flightjs/Flight',
      defaultBranch: 'master',
      settings: TOKEN,
    });
    await runHookStep(
      flight,
      step('push-existing-branch-17.1-api-docs-example.json', {
        activities: ['environment.push master'],
      }),
    );

    const selfManaged = await setUpSource(api, {
      type: 'gitlab',
      repository: 'test/woodpecker',
      defaultBranch: 'main',
      settings: { ...TOKEN, base_url: 'http://gitlab.internal.example:3200' },
    });
    await runHookStep(
      selfManaged,
      step('push-existing-branch-self-managed.json', { activities: ['environment.push main'] }),
    );
    await runHookStep(
      selfManaged,
      step('tag_push-create-self-managed.json', { ignored: /refs\/tags\/v22/ }),
    );

    const tags = await setUpSource(api, {
      type: 'gitlab',
      repository: 'jsmith/example',
      defaultBranch: 'main',
      settings: TOKEN,
    });
    await runHookStep(tags, step('tag_push-create-docs-example.json', { ignored: /tag push/ }));

    const mergeRequests = await setUpSource(api, {
      type: 'gitlab',
      repository: 'gitlabhq/gitlab-test',
      defaultBranch: 'master',
      settings: TOKEN,
    });
    await runHookStep(
      mergeRequests,
      step('merge_request-open-docs-example.json', { activities: ['environment.branch pr-1'] }),
    );
  });

  it('builds a merge request on new commits only, and closes what has no environment', async () => {
    const recent = await setUpSource(api, {
      type: 'gitlab',
      repository: 'demoaccount2-commits-group/test_ci_tmp',
      defaultBranch: 'main',
      settings: TOKEN,
    });
    await runHookStep(
      recent,
      step('merge_request-open-2025.json', { activities: ['environment.branch pr-3'] }),
    );
    await runHookStep(
      recent,
      step('merge_request-update-metadata-only.json', { ignored: /without new commits/ }),
    );

    // The merge request was opened before the integration existed: new commits build it.
    const woodpecker = await setUpSource(api, {
      type: 'gitlab',
      repository: 'anbraten/woodpecker',
      defaultBranch: 'main',
      settings: TOKEN,
    });
    const update = await runHookStep(
      woodpecker,
      step('merge_request-update-new-commits.json', { activities: ['environment.branch pr-3'] }),
    );
    expect(update.created[0]?.parameters).toMatchObject({
      parent: 'main',
      pull_request: 3,
      source_branch: 'anbraten-main-patch-05373',
      head_commit: expect.stringMatching(/^c136499e/),
      clone_parent_data: true,
    });

    const closed = await setUpSource(api, {
      type: 'gitlab',
      repository: 'anbraten/woodpecker-test',
      defaultBranch: 'main',
      settings: TOKEN,
    });
    await runHookStep(
      closed,
      step('merge_request-merge-2023.json', { activities: [], log: /has no environment/ }),
    );
    await runHookStep(
      closed,
      step('merge_request-close-2023.json', { activities: [], log: /has no environment/ }),
    );
  });

  it('leaves WIP merge requests and branches alone when the options say so', async () => {
    const source = await setUpSource(api, {
      type: 'gitlab',
      repository: 'gitlab-org/hello-world',
      defaultBranch: 'master',
      settings: { ...TOKEN, fetch_branches: false, build_merge_requests: false },
    });
    await runHookStep(
      source,
      step('push-new-branch.json', { activities: [], log: /fetch_branches is off/ }),
    );
    await runHookStep(
      source,
      step('merge_request-open.json', { activities: [], log: /building pull requests is off/ }),
    );
    // The default branch is followed all the same.
    await runHookStep(
      source,
      step('push-existing-branch.json', { activities: ['environment.push master'] }),
    );
  });

  it('refuses a wrong token, and answers a repeated event once', async () => {
    const source = await setUpSource(api, {
      type: 'gitlab',
      repository: 'gitlab-org/hello-world',
      defaultBranch: 'master',
      settings: TOKEN,
    });
    const body = readFixture('gitlab', 'push-existing-branch.json');

    const wrong = providerHeaders('gitlab', 'Push Hook', body, 'not-the-hook-secret');
    expect(await postHook(source.hookUrl, body, wrong)).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/X-Gitlab-Token does not match/) },
    });
    const { 'x-gitlab-token': _, ...unsigned } = wrong;
    expect(await postHook(source.hookUrl, body, unsigned)).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/X-Gitlab-Token is missing/) },
    });

    const headers = providerHeaders('gitlab', 'Push Hook', body, source.secret);
    const first = await postHook(source.hookUrl, body, headers);
    expect(first).toMatchObject({ status: 202, body: { status: 'accepted' } });
    const again = await postHook(source.hookUrl, body, { ...headers, 'idempotency-key': 'retry' });
    expect(again).toMatchObject({
      status: 200,
      body: { status: 'duplicate', activity: first.body.activity },
    });
  });
});
