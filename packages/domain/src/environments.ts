import { z } from 'zod';

/** Branch names as Git allows them, kept to what also makes a sane environment name. */
export const environmentNameSchema = z
  .string()
  .trim()
  // An empty name gets this one message, not the pattern's as well.
  .min(1, { error: 'an environment name is required', abort: true })
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, {
    error: 'use letters, digits, ".", "_", "-" and "/", starting with a letter or digit',
  })
  .refine((name) => !name.includes('..') && !name.endsWith('.lock') && !name.endsWith('/'), {
    error: 'is not a valid Git branch name',
  });

export const ENVIRONMENT_STATUSES = ['active', 'inactive', 'deleted'] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];

/** A commit as push activities carry it in their parameters. */
export interface PushedCommit {
  sha: string;
  message: string;
  author: string;
  timestamp?: string | undefined;
}

/** What a push did to a branch: from the Git remote, or from a provider's hook. */
export interface BranchPush {
  /** Who pushed, as the source names them. */
  user: string;
  /** The commit before the push; null for a new branch. */
  before: string | null;
  after: string;
  commits: PushedCommit[];
}
