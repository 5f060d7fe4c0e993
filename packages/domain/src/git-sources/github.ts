import { z } from 'zod';
import type { PushedCommit } from '../environments.ts';
import {
  branchOfRef,
  type HookMapping,
  ignoredHook,
  isZeroSha,
  parsePayload,
  readPath,
} from './effects.ts';

// The fields Herald reads, as GitHub documents them under "Webhook events and payloads".
const repositorySchema = z.object({ full_name: z.string().min(1) });
const senderSchema = z.object({ login: z.string() });

const pushSchema = z.object({
  ref: z.string().min(1),
  before: z.string(),
  after: z.string(),
  created: z.boolean(),
  deleted: z.boolean(),
  pusher: z.object({ name: z.string() }),
  commits: z.array(
    z.object({
      id: z.string(),
      message: z.string(),
      timestamp: z.string().optional(),
      author: z.object({ name: z.string(), username: z.string().optional() }),
    }),
  ),
  repository: repositorySchema,
});

const refEventSchema = z.object({
  ref: z.string().min(1),
  ref_type: z.enum(['branch', 'tag']),
  sender: senderSchema,
  repository: repositorySchema,
});

const pullRequestSchema = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  before: z.string().optional(),
  after: z.string().optional(),
  sender: senderSchema,
  repository: repositorySchema,
  pull_request: z.object({
    title: z.string(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullish(),
    merge_commit_sha: z.string().nullish(),
    head: z.object({ ref: z.string(), sha: z.string() }),
    base: z.object({ ref: z.string() }),
  }),
});

/** GitHub names its event in `X-GitHub-Event`; the payload's `action` refines it. */
export function mapGithubHook(event: string, payload: unknown): HookMapping {
  const repository = readPath(payload, ['repository', 'full_name']);
  switch (event) {
    case 'push':
      return mapPush(parsePayload(pushSchema, payload, 'GitHub push'));
    case 'create':
    case 'delete':
      return mapRefEvent(event, parsePayload(refEventSchema, payload, `GitHub ${event}`));
    case 'pull_request':
      return mapPullRequest(parsePayload(pullRequestSchema, payload, 'GitHub pull_request'));
    case 'ping':
      return ignoredHook(repository, 'GitHub pinged the hook: it is set up');
    default:
      return ignoredHook(repository, `Herald does not act on GitHub ${event || 'unnamed'} events`);
  }
}

function mapPush(push: z.infer<typeof pushSchema>): HookMapping {
  const repository = push.repository.full_name;
  const branch = branchOfRef(push.ref);
  if (branch === null) {
    return ignoredHook(repository, `${push.ref} is not a branch (tags are not built)`);
  }
  if (push.deleted || isZeroSha(push.after)) {
    return {
      repository,
      effects: [{ kind: 'branch_delete', branch, user: push.pusher.name }],
      ignored: [],
    };
  }

  const commits: PushedCommit[] = push.commits.map((commit) => ({
    sha: commit.id,
    message: commit.message,
    author: commit.author.username ?? commit.author.name,
    timestamp: commit.timestamp,
  }));
  const created = push.created || isZeroSha(push.before);

  return {
    repository,
    effects: [
      {
        kind: 'branch_push',
        branch,
        created,
        push: {
          user: push.pusher.name,
          before: created ? null : push.before,
          after: push.after,
          commits,
        },
      },
    ],
    ignored: [],
  };
}

function mapRefEvent(event: 'create' | 'delete', hook: z.infer<typeof refEventSchema>) {
  const repository = hook.repository.full_name;
  if (hook.ref_type !== 'branch') {
    return ignoredHook(
      repository,
      `the ${hook.ref_type} ${hook.ref} was ${event}d (tags are not built)`,
    );
  }
  if (event === 'create') {
    // The `create` event names no commit; the `push` GitHub sends with it builds the branch.
    return ignoredHook(repository, `branch ${hook.ref} created: its push event builds it`);
  }

  return {
    repository,
    effects: [{ kind: 'branch_delete' as const, branch: hook.ref, user: hook.sender.login }],
    ignored: [],
  };
}

function mapPullRequest(hook: z.infer<typeof pullRequestSchema>): HookMapping {
  const repository = hook.repository.full_name;
  const pr = hook.pull_request;
  const pullRequest = {
    number: hook.number,
    title: pr.title,
    source: pr.head.ref,
    target: pr.base.ref,
    head: pr.head.sha,
    draft: pr.draft === true,
    mergeCommit: pr.merge_commit_sha ?? null,
  };
  const user = hook.sender.login;

  switch (hook.action) {
    case 'opened':
    case 'reopened':
    case 'ready_for_review':
      return {
        repository,
        effects: [{ kind: 'pull_request_open', pullRequest, user }],
        ignored: [],
      };
    case 'synchronize':
      return {
        repository,
        effects: [
          {
            kind: 'pull_request_push',
            pullRequest,
            push: {
              user,
              before: hook.before ?? null,
              after: hook.after ?? pr.head.sha,
              commits: [],
            },
          },
        ],
        ignored: [],
      };
    case 'closed':
      return {
        repository,
        effects: [
          { kind: 'pull_request_close', number: hook.number, merged: pr.merged === true, user },
        ],
        ignored: [],
      };
    default:
      return ignoredHook(
        repository,
        `pull request #${hook.number} ${hook.action.replaceAll('_', ' ')}: nothing to build`,
      );
  }
}
