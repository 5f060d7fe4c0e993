import type { GitSourceType } from '../integrations/git-source.ts';

/** A Git source's settings as the hook handling needs them, the same for every provider. */
export interface GitSourceOptions {
  /** The setting that names the repository: `repository`, or GitLab's `project`. */
  repository: string;
  fetchBranches: boolean;
  pruneBranches: boolean;
  buildPullRequests: boolean;
  buildDraftPullRequests: boolean;
  /** GitHub: build the test merge of a pull request rather than its head. */
  buildPostMerge: boolean;
  cloneParentData: boolean;
  /** Bitbucket Cloud: copy the parent's data again when a pull request gets new commits. */
  resyncPullRequests: boolean;
}

const on = (value: unknown) => value !== false;
const off = (value: unknown) => value === true;

/**
 * Reads a Git source's stored settings. Defaults were applied when it was saved; the same ones
 * apply here to a value that is missing all the same (on unless said off, and the reverse).
 */
export function readGitSourceOptions(
  type: GitSourceType,
  config: Record<string, unknown>,
): GitSourceOptions {
  const branches = {
    fetchBranches: on(config.fetch_branches),
    pruneBranches: on(config.fetch_branches) && on(config.prune_branches),
  };
  switch (type) {
    case 'github':
      return {
        repository: String(config.repository ?? ''),
        ...branches,
        buildPullRequests: on(config.build_pull_requests),
        buildDraftPullRequests: on(config.build_draft_pull_requests),
        buildPostMerge: off(config.build_pull_requests_post_merge),
        cloneParentData: on(config.pull_requests_clone_parent_data),
        resyncPullRequests: false,
      };
    case 'gitlab':
      return {
        repository: String(config.project ?? ''),
        ...branches,
        buildPullRequests: on(config.build_merge_requests),
        buildDraftPullRequests: on(config.build_wip_merge_requests),
        buildPostMerge: false,
        cloneParentData: on(config.merge_requests_clone_parent_data),
        resyncPullRequests: false,
      };
    case 'bitbucket':
      return {
        repository: String(config.repository ?? ''),
        ...branches,
        buildPullRequests: on(config.build_pull_requests),
        // Bitbucket Cloud has no setting for drafts or data: drafts are built, data is cloned.
        buildDraftPullRequests: true,
        buildPostMerge: false,
        cloneParentData: true,
        resyncPullRequests: off(config.resync_pull_requests),
      };
    case 'bitbucket_server':
      return {
        repository: String(config.repository ?? ''),
        ...branches,
        buildPullRequests: on(config.build_pull_requests),
        buildDraftPullRequests: true,
        buildPostMerge: false,
        cloneParentData: on(config.pull_requests_clone_parent_data),
        resyncPullRequests: false,
      };
  }
}
