import { describe, expect, it } from 'vitest';
// The shared fixtures sit beside the clone, as they do in CI; imported, since the domain reads
// no files.
import bitbucketPushNewBranch from '../../../../../shared/fixtures/bitbucket/repo_push-new-branch.json' with {
  type: 'json',
};
import serverPrOpened from '../../../../../shared/fixtures/bitbucket_server/pr_opened.json' with {
  type: 'json',
};
import serverAddTag from '../../../../../shared/fixtures/bitbucket_server/repo_refs_changed-add-tag.json' with {
  type: 'json',
};
import gitlabUpdateMetadata from '../../../../../shared/fixtures/gitlab/merge_request-update-metadata-only.json' with {
  type: 'json',
};
import gitlabUpdateCommits from '../../../../../shared/fixtures/gitlab/merge_request-update-new-commits.json' with {
  type: 'json',
};
import gitlabPushNewBranch from '../../../../../shared/fixtures/gitlab/push-new-branch.json' with {
  type: 'json',
};
import { signHubSignature } from '../signing.ts';
import { GIT_SOURCE_PROVIDERS, isSameRepository, readDeliveryId } from './providers.ts';

describe('hook authentication', () => {
  const body = Buffer.from('Hello, World!');

  it("matches GitHub's published X-Hub-Signature-256 example", () => {
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signHubSignature("It's a Secret to Everybody", body)).toBe(signature);
    const github = GIT_SOURCE_PROVIDERS.github;
    expect(
      github.authenticate({ 'x-hub-signature-256': signature }, body, "It's a Secret to Everybody"),
    ).toBe(true);
  });

  it('refuses a missing, truncated or differently keyed signature', () => {
    const signature = signHubSignature('the-right-secret', body);
    for (const type of ['github', 'bitbucket', 'bitbucket_server'] as const) {
      const provider = GIT_SOURCE_PROVIDERS[type];
      const header = provider.signatureHeader.toLowerCase();
      expect(provider.authenticate({ [header]: signature }, body, 'the-right-secret')).toBe(true);
      expect(provider.authenticate({}, body, 'the-right-secret')).toBe(false);
      expect(
        provider.authenticate({ [header]: signature.slice(0, -1) }, body, 'the-right-secret'),
      ).toBe(false);
      expect(provider.authenticate({ [header]: signature }, body, 'another-secret')).toBe(false);
      expect(
        provider.authenticate({ [header]: signature }, Buffer.from('Hello'), 'the-right-secret'),
      ).toBe(false);
    }
  });

  it('takes GitLab’s token as the secret itself', () => {
    const gitlab = GIT_SOURCE_PROVIDERS.gitlab;
    expect(
      gitlab.authenticate({ 'x-gitlab-token': 'the-right-secret' }, body, 'the-right-secret'),
    ).toBe(true);
    expect(
      gitlab.authenticate({ 'x-gitlab-token': 'the-wrong-one' }, body, 'the-right-secret'),
    ).toBe(false);
    expect(gitlab.authenticate({}, body, 'the-right-secret')).toBe(false);
  });

  it('reads the delivery id each provider keeps across retries', () => {
    expect(readDeliveryId(GIT_SOURCE_PROVIDERS.github, { 'x-github-delivery': 'a-1' })).toBe('a-1');
    expect(
      readDeliveryId(GIT_SOURCE_PROVIDERS.gitlab, {
        'idempotency-key': 'k',
        'x-gitlab-event-uuid': 'e',
      }),
    ).toBe('e');
    expect(readDeliveryId(GIT_SOURCE_PROVIDERS.bitbucket, { 'x-request-uuid': 'u' })).toBe('u');
    expect(readDeliveryId(GIT_SOURCE_PROVIDERS.bitbucket_server, { 'x-request-id': 'r' })).toBe(
      'r',
    );
    expect(readDeliveryId(GIT_SOURCE_PROVIDERS.github, {})).toBeNull();
  });

  it('compares repositories as the providers do, ignoring case', () => {
    expect(isSameRepository('Codertocat/Hello-World', 'codertocat/hello-world')).toBe(true);
    expect(isSameRepository('Codertocat/Hello-World', 'Codertocat/Other')).toBe(false);
  });
});

describe('mapping hooks to effects', () => {
  it('turns a GitLab push of a new branch into a created branch with its commit', () => {
    const mapping = GIT_SOURCE_PROVIDERS.gitlab.mapHook('Push Hook', gitlabPushNewBranch);
    expect(mapping.repository).toBe('gitlab-org/hello-world');
    expect(mapping.effects).toEqual([
      {
        kind: 'branch_push',
        branch: 'feature',
        created: true,
        push: expect.objectContaining({
          user: 'sytses',
          before: null,
          commits: [expect.any(Object)],
        }),
      },
    ]);
  });

  it('tells GitLab merge request updates with new commits from edits', () => {
    const gitlab = GIT_SOURCE_PROVIDERS.gitlab;
    const withCommits = gitlab.mapHook('Merge Request Hook', gitlabUpdateCommits);
    expect(withCommits.effects[0]).toMatchObject({
      kind: 'pull_request_push',
      pullRequest: { number: 3, target: 'main' },
      push: {
        before: expect.stringMatching(/^8b641937/),
        after: expect.stringMatching(/^c136499e/),
      },
    });

    const edit = gitlab.mapHook('Merge Request Hook', gitlabUpdateMetadata);
    expect(edit.effects).toEqual([]);
    expect(edit.ignored[0]).toMatch(/without new commits/);
  });

  it('maps a Bitbucket Cloud push of several commits oldest first', () => {
    const mapping = GIT_SOURCE_PROVIDERS.bitbucket.mapHook('repo:push', bitbucketPushNewBranch);
    expect(mapping.repository).toBe('brydzewski/foo');
    const [effect] = mapping.effects;
    expect(effect?.kind).toBe('branch_push');
    if (effect?.kind !== 'branch_push') return;
    expect(effect.push.commits.map((commit) => commit.message.trim())).toEqual([
      'initial commit',
      'Update README',
    ]);
  });

  it('names a Bitbucket Server repository PROJECT/slug and ignores tags', () => {
    const server = GIT_SOURCE_PROVIDERS.bitbucket_server;
    const tag = server.mapHook('repo:refs_changed', serverAddTag);
    expect(tag).toEqual({
      repository: 'PRJ/my-repo',
      effects: [],
      ignored: [expect.stringMatching(/tag v1\.1\.0/)],
    });

    const opened = server.mapHook('pr:opened', serverPrOpened);
    expect(opened.effects[0]).toMatchObject({
      kind: 'pull_request_open',
      pullRequest: { number: 2, source: 'develop', target: 'master', draft: false },
    });
  });

  it('refuses a payload that lacks what its event documents, naming the field', () => {
    expect(() => GIT_SOURCE_PROVIDERS.github.mapHook('push', { ref: 'refs/heads/main' })).toThrow(
      /GitHub push payload .*before/,
    );
  });
});
