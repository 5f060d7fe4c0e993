import { z } from 'zod';
import type { PushedCommit } from '../environments.ts';
import {
  branchOfRef,
  type HookMapping,
  ignoredHook,
  isZeroSha,
  type PullRequestRef,
  parsePayload,
  readPath,
} from './effects.ts';

// The fields Herald reads, as GitLab documents them under "Webhook events".
const projectSchema = z.object({ path_with_namespace: z.string().min(1) });

const commitSchema = z.object({
  id: z.string(),
  message: z.string(),
  timestamp: z.string().optional(),
  author: z.object({ name: z.string() }),
});

const pushSchema = z.object({
  ref: z.string().min(1),
  before: z.string(),
  after: z.string(),
  user_username: z.string().optional(),
  user_name: z.string().optional(),
  commits: z.array(commitSchema),
  project: projectSchema,
});

/** Older GitLab sends `work_in_progress`; since 13.x `draft` says the same. */
const draftChangeSchema = z.object({ previous: z.boolean().nullish(), current: z.boolean() });

const mergeRequestSchema = z.object({
  user: z.object({ username: z.string() }),
  project: projectSchema,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    action: z.string().optional(),
    title: z.string(),
    source_branch: z.string(),
    target_branch: z.string(),
    draft: z.boolean().optional(),
    work_in_progress: z.boolean().optional(),
    last_commit: commitSchema,
    /** Present on an `update` only when it brought new commits. */
    oldrev: z.string().optional(),
  }),
  changes: z
    .object({ draft: draftChangeSchema.optional(), work_in_progress: draftChangeSchema.optional() })
    .optional(),
});

function toCommit(commit: z.infer<typeof commitSchema>): PushedCommit {
  return {
    sha: commit.id,
    message: commit.message,
    author: commit.author.name,
    timestamp: commit.timestamp,
  };
}

/**
 * GitLab names its event in `X-Gitlab-Event` (`Push Hook`, …), but a system hook sends every
 * event as `System Hook`: the body's `object_kind` says what it is in both cases.
 */
export function mapGitlabHook(event: string, payload: unknown): HookMapping {
  const kind = readPath(payload, ['object_kind']);
  const repository = readPath(payload, ['project', 'path_with_namespace']);
  switch (kind) {
    case 'push':
      return mapPush(parsePayload(pushSchema, payload, 'GitLab push'));
    case 'tag_push':
      return ignoredHook(repository, `tag push ${readPath(payload, ['ref'])} (tags are not built)`);
    case 'merge_request':
      return mapMergeRequest(parsePayload(mergeRequestSchema, payload, 'GitLab merge request'));
    default:
      return ignoredHook(repository, `Herald does not act on GitLab ${kind ?? event} events`);
  }
}

function mapPush(push: z.infer<typeof pushSchema>): HookMapping {
  const repository = push.project.path_with_namespace;
  const user = push.user_username ?? push.user_name ?? 'unknown';
  const branch = branchOfRef(push.ref);
  if (branch === null) {
    return ignoredHook(repository, `${push.ref} is not a branch (tags are not built)`);
  }
  if (isZeroSha(push.after)) {
    return { repository, effects: [{ kind: 'branch_delete', branch, user }], ignored: [] };
  }

  const created = isZeroSha(push.before);

  return {
    repository,
    effects: [
      {
        kind: 'branch_push',
        branch,
        created,
        push: {
          user,
          before: created ? null : push.before,
          after: push.after,
          commits: push.commits.map(toCommit),
        },
      },
    ],
    ignored: [],
  };
}

function mapMergeRequest(hook: z.infer<typeof mergeRequestSchema>): HookMapping {
  const repository = hook.project.path_with_namespace;
  const attributes = hook.object_attributes;
  const pullRequest: PullRequestRef = {
    number: attributes.iid,
    title: attributes.title,
    source: attributes.source_branch,
    target: attributes.target_branch,
    head: attributes.last_commit.id,
    draft: attributes.draft ?? attributes.work_in_progress ?? false,
    mergeCommit: null,
  };
  const user = hook.user.username;
  const action = attributes.action ?? 'unknown';
  const effect = (value: HookMapping['effects'][number]): HookMapping => ({
    repository,
    effects: [value],
    ignored: [],
  });

  switch (action) {
    case 'open':
    case 'reopen':
      return effect({ kind: 'pull_request_open', pullRequest, user });
    case 'update': {
      if (attributes.oldrev !== undefined) {
        return effect({
          kind: 'pull_request_push',
          pullRequest,
          push: {
            user,
            before: attributes.oldrev,
            after: attributes.last_commit.id,
            commits: [toCommit(attributes.last_commit)],
          },
        });
      }
      const draftChange = hook.changes?.draft ?? hook.changes?.work_in_progress;
      if (draftChange?.previous === true && draftChange.current === false) {
        // Marked ready: a WIP merge request that was not built may be built now.
        return effect({ kind: 'pull_request_open', pullRequest, user });
      }
      return ignoredHook(
        repository,
        `merge request !${attributes.iid} updated without new commits`,
      );
    }
    case 'close':
      return effect({ kind: 'pull_request_close', number: attributes.iid, merged: false, user });
    case 'merge':
      return effect({ kind: 'pull_request_close', number: attributes.iid, merged: true, user });
    default:
      return ignoredHook(
        repository,
        `merge request !${attributes.iid} ${action}: nothing to build`,
      );
  }
}
