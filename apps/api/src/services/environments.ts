import {
  type EnvironmentRow,
  findEnvironment,
  insertEnvironment,
  listEnvironments,
  updateEnvironment,
} from '@herald/db';
import { type BranchPush, conflict, invalid, notFound } from '@herald/domain';
import type { ActivityRunner } from './activity-runner.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface EnvironmentView {
  id: string;
  name: string;
  title: string;
  project: string;
  parent: string | null;
  status: string;
  type: string;
  is_default: boolean;
  head_commit: string | null;
  created_at: string;
  updated_at: string;
}

export function presentEnvironment(row: EnvironmentRow): EnvironmentView {
  return {
    id: row.name,
    name: row.name,
    title: row.title,
    project: row.projectId,
    parent: row.parent,
    status: row.status,
    type: row.type,
    is_default: row.isDefault,
    head_commit: row.headCommit,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function requireEnvironment(herald: Herald, projectId: string, name: string) {
  const environment = findEnvironment(herald.db, projectId, name);
  if (environment === undefined || environment.status === 'deleted') {
    throw notFound(`Environment ${name} not found in project ${projectId}`);
  }

  return environment;
}

export function listEnvironmentViews(herald: Herald, projectId: string): EnvironmentView[] {
  requireProject(herald, projectId);
  return listEnvironments(herald.db, projectId).map(presentEnvironment);
}

/** Inserts the environment row, reviving a deleted one of the same name. */
function insertOrRevive(
  herald: Herald,
  projectId: string,
  row: { name: string; title: string; parent: string | null; headCommit: string | null },
): void {
  const now = isoNow(herald);
  const existing = findEnvironment(herald.db, projectId, row.name);
  if (existing !== undefined && existing.status !== 'deleted') {
    throw conflict(`Environment ${row.name} already exists in project ${projectId}`);
  }

  if (existing === undefined) {
    insertEnvironment(herald.db, {
      projectId,
      ...row,
      status: 'inactive',
      type: 'development',
      isDefault: false,
      settings: {},
      createdAt: now,
      updatedAt: now,
    });
  } else {
    updateEnvironment(herald.db, projectId, row.name, {
      ...row,
      status: 'inactive',
      settings: {},
      updatedAt: now,
    });
  }
}

export function setEnvironmentStatus(
  herald: Herald,
  projectId: string,
  name: string,
  changes: Partial<Pick<EnvironmentRow, 'status' | 'parent' | 'title' | 'headCommit'>>,
): void {
  const environment = findEnvironment(herald.db, projectId, name);
  if (environment === undefined || environment.status === 'deleted') {
    throw notFound(`Environment ${name} disappeared before the activity could finish`);
  }

  updateEnvironment(herald.db, projectId, name, { ...changes, updatedAt: isoNow(herald) });
}

/** `environment:branch`: a new active environment from an active parent. */
export function branchEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: { name: string; parent?: string | undefined; title?: string | undefined },
) {
  const project = requireProject(herald, projectId);
  const parentName = input.parent ?? project.defaultBranch;
  const parent = requireEnvironment(herald, projectId, parentName);
  if (parent.status !== 'active') {
    throw invalid(`The parent environment ${parentName} is ${parent.status}; activate it first`, [
      { field: 'parent', message: `${parentName} is not active` },
    ]);
  }

  insertOrRevive(herald, projectId, {
    name: input.name,
    title: input.title ?? input.name,
    parent: parentName,
    headCommit: parent.headCommit,
  });

  return runner.start(
    {
      project: projectId,
      type: 'environment.branch',
      environments: [input.name],
      description: `Branched ${input.name} from ${parentName}`,
      parameters: { environment: input.name, parent: parentName },
    },
    () => {
      setEnvironmentStatus(herald, projectId, input.name, { status: 'active' });
      return `Environment ${input.name} branched from ${parentName} and activated.`;
    },
  );
}

/**
 * A branch that appeared in the code source (a `git push` of a new branch, or a provider's
 * hook) becomes an inactive environment: code is kept, nothing is deployed until activated.
 * Recorded as the push that created it.
 */
export function createEnvironmentFromPush(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  push: BranchPush,
  options: { parent?: string; source?: string } = {},
) {
  const project = requireProject(herald, projectId);
  const parent = options.parent ?? project.defaultBranch;
  insertOrRevive(herald, projectId, { name, title: name, parent, headCommit: push.after });

  return runner.start(
    {
      project: projectId,
      type: 'environment.push',
      environments: [name],
      description: `${push.user} pushed a new branch ${name}`,
      parameters: pushParameters(name, push, { created: true, source: options.source }),
    },
    () => `Created inactive environment ${name} at ${push.after.slice(0, 12)}.`,
  );
}

/** Commits pushed to a branch that has an environment: `environment.push`. */
export function recordPush(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  push: BranchPush,
  options: { source?: string } = {},
) {
  requireEnvironment(herald, projectId, name);

  return runner.start(
    {
      project: projectId,
      type: 'environment.push',
      environments: [name],
      description: `${push.user} pushed to ${name}`,
      parameters: pushParameters(name, push, { created: false, source: options.source }),
    },
    () => {
      setEnvironmentStatus(herald, projectId, name, { headCommit: push.after });
      const count = push.commits.length;
      return `${count} commit${count === 1 ? '' : 's'} pushed; ${name} is at ${push.after.slice(0, 12)}.`;
    },
  );
}

function pushParameters(
  environment: string,
  push: BranchPush,
  extra: { created: boolean; source: string | undefined },
) {
  return {
    environment,
    user: push.user,
    old_commit: push.before,
    new_commit: push.after,
    commits: push.commits,
    new_branch: extra.created,
    ...(extra.source ? { source: extra.source } : {}),
  };
}

/**
 * Deletes an environment whose branch is gone (a deleted branch, a closed pull request):
 * deactivated and deleted in one `environment.delete` activity. Never the default one.
 */
export function removeEnvironmentOfBranch(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  reason: string,
) {
  const environment = requireEnvironment(herald, projectId, name);
  if (environment.isDefault) {
    throw conflict(`Environment ${name} is the project's default and is never deleted`);
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.delete',
      environments: [name],
      description: `Deleted environment ${name}: ${reason}`,
      parameters: { environment: name, reason },
    },
    () => {
      setEnvironmentStatus(herald, projectId, name, { status: 'deleted' });
      return `Environment ${name} was deactivated and deleted (${reason}).`;
    },
  );
}

export interface PullRequestEnvironment {
  /** `pr-<number>`. */
  name: string;
  number: number;
  title: string;
  /** The environment of the branch the pull request targets. */
  parent: string;
  sourceBranch: string;
  /** The commit the environment is built from. */
  head: string;
  user: string;
  cloneParentData: boolean;
  source: string;
}

/**
 * A pull or merge request from a Git source gets an active environment of its own, a child of
 * its target branch's environment, recorded as `environment.branch`. Its parent must exist but
 * need not be active: the platform builds a pull request against an inactive branch too.
 */
export function createPullRequestEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: PullRequestEnvironment,
) {
  requireProject(herald, projectId);
  requireEnvironment(herald, projectId, input.parent);
  insertOrRevive(herald, projectId, {
    name: input.name,
    title: input.title,
    parent: input.parent,
    headCommit: input.head,
  });

  return runner.start(
    {
      project: projectId,
      type: 'environment.branch',
      environments: [input.name],
      description: `${input.user} opened pull request #${input.number}: branched ${input.name} from ${input.parent}`,
      parameters: {
        environment: input.name,
        parent: input.parent,
        pull_request: input.number,
        source_branch: input.sourceBranch,
        head_commit: input.head,
        clone_parent_data: input.cloneParentData,
        source: input.source,
      },
    },
    () => {
      setEnvironmentStatus(herald, projectId, input.name, { status: 'active' });
      const data = input.cloneParentData ? `with the data of ${input.parent}` : 'without data';
      return `Environment ${input.name} branched from ${input.parent} at ${input.head.slice(0, 12)} ${data}, and activated.`;
    },
  );
}
