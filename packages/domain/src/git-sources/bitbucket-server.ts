import { z } from 'zod';
import type { PushedCommit } from '../environments.ts';
import {
  type GitSourceEffect,
  type HookMapping,
  ignoredHook,
  isZeroSha,
  type PullRequestRef,
  parsePayload,
  readPath,
} from './effects.ts';

// The fields Herald reads, as Atlassian documents them under "Event payload" (Data Center).
const repositorySchema = z.object({
  slug: z.string().min(1),
  project: z.object({ key: z.string().min(1) }),
});

const actorSchema = z.object({ name: z.string(), displayName: z.string().optional() });

const refsChangedSchema = z.object({
  actor: actorSchema,
  repository: repositorySchema,
  changes: z.array(
    z.object({
      ref: z.object({ displayId: z.string(), type: z.string() }),
      fromHash: z.string(),
      toHash: z.string(),
      type: z.enum(['ADD', 'UPDATE', 'DELETE']),
    }),
  ),
  /** Sent by Data Center since 8.x; older servers list no commits. */
  commits: z
    .array(
      z.object({
        id: z.string(),
        message: z.string(),
        authorTimestamp: z.number().optional(),
        author: z.object({ name: z.string(), displayName: z.string().optional() }),
      }),
    )
    .optional(),
});

const pullRequestSchema = z.object({
  actor: actorSchema,
  previousFromHash: z.string().optional(),
  pullRequest: z.object({
    id: z.number().int().positive(),
    title: z.string(),
    draft: z.boolean().optional(),
    fromRef: z.object({ displayId: z.string(), latestCommit: z.string() }),
    toRef: z.object({ displayId: z.string(), repository: repositorySchema }),
  }),
});

/** `PROJECT/slug`, the way the integration names the repository (`~user/slug` when personal). */
function repositoryName(repository: z.infer<typeof repositorySchema>): string {
  return `${repository.project.key}/${repository.slug}`;
}

function looseRepository(payload: unknown): string | null {
  for (const base of [['repository'], ['pullRequest', 'toRef', 'repository']]) {
    const key = readPath(payload, [...base, 'project', 'key']);
    const slug = readPath(payload, [...base, 'slug']);
    if (key !== null && slug !== null) return `${key}/${slug}`;
  }

  return null;
}

/** Bitbucket Server names its event in `X-Event-Key` (and the body's `eventKey`). */
export function mapBitbucketServerHook(event: string, payload: unknown): HookMapping {
  switch (event) {
    case 'repo:refs_changed':
      return mapRefsChanged(parsePayload(refsChangedSchema, payload, 'Bitbucket Server push'));
    case 'pr:opened':
    case 'pr:reopened':
    case 'pr:from_ref_updated':
    case 'pr:merged':
    case 'pr:declined':
    case 'pr:deleted':
      return mapPullRequest(event, parsePayload(pullRequestSchema, payload, `Bitbucket ${event}`));
    case 'diagnostics:ping':
      return ignoredHook(null, 'Bitbucket Server tested the hook: it is set up');
    default:
      return ignoredHook(
        looseRepository(payload),
        `Herald does not act on Bitbucket Server ${event || 'unnamed'} events`,
      );
  }
}

function mapRefsChanged(hook: z.infer<typeof refsChangedSchema>): HookMapping {
  const user = hook.actor.name;
  const mapping: HookMapping = {
    repository: repositoryName(hook.repository),
    effects: [],
    ignored: [],
  };
  // The commit list is not split by ref: it belongs to a change only when there is one.
  const commits: PushedCommit[] =
    hook.changes.length === 1
      ? (hook.commits ?? []).toReversed().map((commit) => ({
          sha: commit.id,
          message: commit.message,
          author: commit.author.displayName ?? commit.author.name,
          timestamp:
            commit.authorTimestamp === undefined
              ? undefined
              : new Date(commit.authorTimestamp).toISOString(),
        }))
      : [];

  for (const change of hook.changes) {
    const branch = change.ref.displayId;
    if (change.ref.type !== 'BRANCH') {
      mapping.ignored.push(`${change.ref.type.toLowerCase()} ${branch} (tags are not built)`);
    } else if (change.type === 'DELETE' || isZeroSha(change.toHash)) {
      mapping.effects.push({ kind: 'branch_delete', branch, user });
    } else {
      const created = change.type === 'ADD' || isZeroSha(change.fromHash);
      mapping.effects.push({
        kind: 'branch_push',
        branch,
        created,
        push: { user, before: created ? null : change.fromHash, after: change.toHash, commits },
      });
    }
  }

  return mapping;
}

function mapPullRequest(event: string, hook: z.infer<typeof pullRequestSchema>): HookMapping {
  const pr = hook.pullRequest;
  const user = hook.actor.name;
  const pullRequest: PullRequestRef = {
    number: pr.id,
    title: pr.title,
    source: pr.fromRef.displayId,
    target: pr.toRef.displayId,
    head: pr.fromRef.latestCommit,
    draft: pr.draft === true,
    mergeCommit: null,
  };
  const effects: Record<string, GitSourceEffect> = {
    'pr:opened': { kind: 'pull_request_open', pullRequest, user },
    'pr:reopened': { kind: 'pull_request_open', pullRequest, user },
    'pr:from_ref_updated': {
      kind: 'pull_request_push',
      pullRequest,
      push: { user, before: hook.previousFromHash ?? null, after: pullRequest.head, commits: [] },
    },
    'pr:merged': { kind: 'pull_request_close', number: pr.id, merged: true, user },
    'pr:declined': { kind: 'pull_request_close', number: pr.id, merged: false, user },
    'pr:deleted': { kind: 'pull_request_close', number: pr.id, merged: false, user },
  };

  return {
    repository: repositoryName(pr.toRef.repository),
    effects: [effects[event]!],
    ignored: [],
  };
}
