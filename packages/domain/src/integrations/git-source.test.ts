import { describe, expect, it } from 'vitest';
import { findIntegrationType } from './index.ts';

function parse(type: string, settings: Record<string, unknown>) {
  return findIntegrationType(type)!.schema.safeParse(settings);
}

describe('Git-source settings', () => {
  it('reduces a pasted GitHub URL to owner/repo and applies the platform defaults', () => {
    const parsed = parse('github', {
      token: 't',
      repository: 'https://github.com/Codertocat/Hello-World.git',
    });
    expect(parsed.success && parsed.data).toEqual({
      token: 't',
      repository: 'Codertocat/Hello-World',
      build_pull_requests: true,
      build_draft_pull_requests: true,
      build_pull_requests_post_merge: false,
      pull_requests_clone_parent_data: true,
      fetch_branches: true,
      prune_branches: true,
    });
  });

  it('keeps nested GitLab groups and drops the web UI part of a URL', () => {
    const parsed = parse('gitlab', {
      token: 't',
      project: 'https://gitlab.com/group/sub/app/-/tree/main',
    });
    expect(parsed.success && parsed.data).toMatchObject({
      project: 'group/sub/app',
      base_url: 'https://gitlab.com',
      build_merge_requests: true,
      build_wip_merge_requests: true,
      merge_requests_clone_parent_data: true,
    });
  });

  it('reads a Bitbucket Server browser URL as PROJECT/repo or ~user/repo', () => {
    const base = { url: 'https://bitbucket.example.com', username: 'u', token: 't' };
    const project = parse('bitbucket_server', {
      ...base,
      repository: 'https://bitbucket.example.com/projects/PRJ/repos/my-repo/browse',
    });
    expect(project.success && project.data.repository).toBe('PRJ/my-repo');
    const personal = parse('bitbucket_server', {
      ...base,
      repository: 'https://bitbucket.example.com/users/gopher/repos/webhook-test',
    });
    expect(personal.success && personal.data.repository).toBe('~gopher/webhook-test');
  });

  it('says how to write a repository it cannot read', () => {
    const parsed = parse('bitbucket', { key: 'k', secret: 's', repository: 'just-a-name' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['repository'],
      message: 'use owner/repo, e.g. my-workspace/my-app',
    });
  });

  it('summarizes the repository and the hook URL, and marks credentials write-only', () => {
    const github = findIntegrationType('github')!;
    expect(github.summarize({ repository: 'o/r' }, { hookUrl: 'http://h/hook' })).toBe(
      'Repository: o/r\nHook URL: http://h/hook',
    );
    const secrets = (type: string) =>
      findIntegrationType(type)!
        .fields.filter((field) => field.secret)
        .map((field) => field.name);
    expect(secrets('github')).toEqual(['token', 'hook_secret']);
    expect(secrets('gitlab')).toEqual(['token', 'hook_secret']);
    expect(secrets('bitbucket')).toEqual(['key', 'secret', 'hook_secret']);
    expect(secrets('bitbucket_server')).toEqual(['token', 'hook_secret']);
  });
});
