import { z } from 'zod';
import type { PushedCommit } from '../environments.ts';
import {
  type GitSourceEffect,
  type HookMapping,
  ignoredHook,
  type PullRequestRef,
  parsePayload,
  readPath,
} from './effects.ts';

// The fields Herald reads, as Atlassian documents them under "Event payloads" (Cloud).
const repositorySchema = z.object({ full_name: z.string().min(1) });

/** Bitbucket Cloud's user object: `nickname` in current payloads, `username` in older ones. */
const actorSchema = z.object({
  nickname: z.string().optional(),
  username: z.string().optional(),
  display_name: z.string().optional(),
});

const refSchema = z.object({
  type: z.string(),
  name: z.string(),
  target: z.object({ hash: z.string() }),
});

const pushSchema = z.object({
  actor: actorSchema,
  repository: repositorySchema,
  push: z.object({
    changes: z.array(
      z.object({
        old: refSchema.nullable(),
        new: refSchema.nullable(),
        commits: z
          .array(
            z.object({
              hash: z.string(),
              message: z.string(),
              date: z.string().optional(),
              author: z.object({
                raw: z.string().optional(),
                user: actorSchema.optional(),
              }),
            }),
          )
          .optional(),
      }),
    ),
  }),
});

const pullRequestSchema = z.object({
  actor: actorSchema,
  repository: repositorySchema,
  pullrequest: z.object({
    id: z.number().int().positive(),
    title: z.string(),
    draft: z.boolean().optional(),
    source: z.object({
      branch: z.object({ name: z.string() }),
      commit: z.object({ hash: z.string() }),
    }),
    destination: z.object({ branch: z.object({ name: z.string() }) }),
  }),
});

function nameOf(actor: z.infer<typeof actorSchema> | undefined): string {
  return actor?.nickname ?? actor?.username ?? actor?.display_name ?? 'unknown';
}

/** Bitbucket Cloud names its event in `X-Event-Key`, e.g. `repo:push`, `pullrequest:created`. */
export function mapBitbucketHook(event: string, payload: unknown): HookMapping {
  const repository = readPath(payload, ['repository', 'full_name']);
  switch (event) {
    case 'repo:push':
      return mapPush(parsePayload(pushSchema, payload, 'Bitbucket repo:push'));
    case 'pullrequest:created':
    case 'pullrequest:updated':
    case 'pullrequest:fulfilled':
    case 'pullrequest:rejected':
      return mapPullRequest(event, parsePayload(pullRequestSchema, payload, `Bitbucket ${event}`));
    default:
      return ignoredHook(
        repository,
        `Herald does not act on Bitbucket ${event || 'unnamed'} events`,
      );
  }
}

function mapPush(hook: z.infer<typeof pushSchema>): HookMapping {
  const user = nameOf(hook.actor);
  const mapping: HookMapping = { repository: hook.repository.full_name, effects: [], ignored: [] };

  for (const change of hook.push.changes) {
    const ref = change.new ?? change.old;
    if (ref === null) continue;
    if (ref.type !== 'branch' && ref.type !== 'named_branch') {
      mapping.ignored.push(`${ref.type} ${ref.name} (tags are not built)`);
      continue;
    }
    if (change.new === null) {
      mapping.effects.push({ kind: 'branch_delete', branch: ref.name, user });
      continue;
    }

    // Bitbucket lists the newest commit first; Herald keeps them in the order they were made.
    const commits: PushedCommit[] = (change.commits ?? []).toReversed().map((commit) => ({
      sha: commit.hash,
      message: commit.message,
      author: commit.author.user?.display_name ?? commit.author.raw ?? 'unknown',
      timestamp: commit.date,
    }));
    mapping.effects.push({
      kind: 'branch_push',
      branch: change.new.name,
      created: change.old === null,
      push: {
        user,
        before: change.old?.target.hash ?? null,
        after: change.new.target.hash,
        commits,
      },
    });
  }

  return mapping;
}

function mapPullRequest(event: string, hook: z.infer<typeof pullRequestSchema>): HookMapping {
  const pr = hook.pullrequest;
  const user = nameOf(hook.actor);
  const pullRequest: PullRequestRef = {
    number: pr.id,
    title: pr.title,
    source: pr.source.branch.name,
    target: pr.destination.branch.name,
    head: pr.source.commit.hash,
    draft: pr.draft === true,
    mergeCommit: null,
  };
  const effects: Record<string, GitSourceEffect> = {
    'pullrequest:created': { kind: 'pull_request_open', pullRequest, user },
    // `updated` comes for new commits and for edits alike and names no old commit: Herald
    // compares the head with what the environment was built from.
    'pullrequest:updated': {
      kind: 'pull_request_push',
      pullRequest,
      push: { user, before: null, after: pullRequest.head, commits: [] },
    },
    'pullrequest:fulfilled': { kind: 'pull_request_close', number: pr.id, merged: true, user },
    'pullrequest:rejected': { kind: 'pull_request_close', number: pr.id, merged: false, user },
  };

  return { repository: hook.repository.full_name, effects: [effects[event]!], ignored: [] };
}
