import type { z } from 'zod';
import type { BranchPush } from '../environments.ts';
import { invalid } from '../errors.ts';
import { toFieldIssues } from '../zod-issues.ts';

/** A pull or merge request as the hooks of every provider describe it. */
export interface PullRequestRef {
  number: number;
  title: string;
  /** The branch the changes come from (in a fork, the fork's branch). */
  source: string;
  /** The branch it would merge into: its environment's parent. */
  target: string;
  /** The newest commit of the source branch. */
  head: string;
  /** A draft, or a GitLab "WIP" merge request. */
  draft: boolean;
  /** GitHub's test merge of head into target, when it has computed one. */
  mergeCommit: string | null;
}

/** What a provider's hook means for the project, before the integration's options apply. */
export type GitSourceEffect =
  | { kind: 'branch_push'; branch: string; created: boolean; push: BranchPush }
  | { kind: 'branch_delete'; branch: string; user: string }
  | { kind: 'pull_request_open'; pullRequest: PullRequestRef; user: string }
  /** New commits on a pull request; `push.before` is null when the provider does not say. */
  | { kind: 'pull_request_push'; pullRequest: PullRequestRef; push: BranchPush }
  | { kind: 'pull_request_close'; number: number; merged: boolean; user: string };

export interface HookMapping {
  /** The repository the hook is about, as its integration names it; null if it names none. */
  repository: string | null;
  effects: GitSourceEffect[];
  /** Why the hook, or parts of it (a tag in a push of several refs), lead to nothing. */
  ignored: string[];
}

/** Git's name for "no commit": the old side of a new ref, the new side of a deleted one. */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

export function isZeroSha(sha: string | null | undefined): boolean {
  return sha === undefined || sha === null || /^0+$/.test(sha);
}

const BRANCH_PREFIX = 'refs/heads/';

/** The branch a ref names, or null for a tag or any other ref. */
export function branchOfRef(ref: string): string | null {
  return ref.startsWith(BRANCH_PREFIX) ? ref.slice(BRANCH_PREFIX.length) : null;
}

export function ignoredHook(repository: string | null, reason: string): HookMapping {
  return { repository, effects: [], ignored: [reason] };
}

/** The environment a pull request is built in. */
export function pullRequestEnvironment(number: number): string {
  return `pr-${number}`;
}

/** Parses the part of a payload a mapper reads; a malformed one is a 400 naming the field. */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  payload: unknown,
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) {
    return parsed.data;
  }

  const issues = toFieldIssues(parsed.error);
  const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  throw invalid(`The ${what} payload is not what the provider documents: ${summary}`, issues);
}

/** A string at `path` in a payload no schema has checked (an event Herald does not act on). */
export function readPath(payload: unknown, path: readonly string[]): string | null {
  let value: unknown = payload;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }

  return typeof value === 'string' && value !== '' ? value : null;
}
