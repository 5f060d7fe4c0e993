import { rmSync } from 'node:fs';
import {
  deleteBackupsOfEnvironment,
  deleteRoutes,
  deleteVariables,
  type EnvironmentRow,
  findEnvironment,
  insertEnvironment,
  listEnvironments,
  updateEnvironment,
} from '@herald/db';
import {
  type BooleanSetting,
  type BranchPush,
  conflict,
  type EnvironmentSettings,
  type HttpAccessUpdate,
  httpAccessUpdateSchema,
  invalid,
  maskEnvironmentSettings,
  notFound,
  parseOrInvalid,
  readEnvironmentSettings,
  SETTING_EVENTS,
} from '@herald/domain';
import type { ActivityRunner } from './activity-runner.ts';
import {
  backupPath,
  ensureEnvironmentFiles,
  environmentFilesPath,
  replaceDirectory,
} from './environment-files.ts';
import {
  commitFiles,
  createRepository,
  deleteBranch,
  mergeBranches,
  readBranch,
  setBranch,
} from './git.ts';
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
  restrict_robots: boolean;
  enable_smtp: boolean;
  /** Basic-auth passwords show as `******`. */
  http_access: EnvironmentSettings['http_access'];
  created_at: string;
  updated_at: string;
}

export function presentEnvironment(row: EnvironmentRow): EnvironmentView {
  const settings = maskEnvironmentSettings(readEnvironmentSettings(row.type, row.settings));
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
    restrict_robots: settings.restrict_robots,
    enable_smtp: settings.enable_smtp,
    http_access: settings.http_access,
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

export function getEnvironmentView(herald: Herald, projectId: string, name: string) {
  requireProject(herald, projectId);
  return presentEnvironment(requireEnvironment(herald, projectId, name));
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
    async () => {
      const code = await readBranch(herald, projectId, parentName);
      if (code !== null) {
        await setBranch(herald, projectId, input.name, code);
      }
      replaceDirectory(
        environmentFilesPath(herald, projectId, parentName),
        environmentFilesPath(herald, projectId, input.name),
      );
      setEnvironmentStatus(herald, projectId, input.name, { status: 'active', headCommit: code });
      const at = code === null ? 'with no code yet' : `at ${code.slice(0, 12)}`;
      return `Environment ${input.name} branched from ${parentName} ${at} and activated.`;
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
      const commits = `${count} commit${count === 1 ? '' : 's'}`;
      return `${commits} pushed; ${name} is at ${push.after.slice(0, 12)}.`;
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
      discardEnvironmentData(herald, projectId, name);
      return `Environment ${name} was deactivated and deleted (${reason}).`;
    },
  );
}

/**
 * What a deleted environment leaves behind goes with it: a revived one starts empty. Roles
 * given for its name stay with the users (access.ts owns them) and hold again if it returns.
 */
function discardEnvironmentData(herald: Herald, projectId: string, name: string): void {
  const backups = herald.db.transaction((tx) => {
    deleteVariables(tx, projectId, name);
    deleteRoutes(tx, projectId, name);
    return deleteBackupsOfEnvironment(tx, projectId, name);
  });
  for (const backup of backups) {
    rmSync(backupPath(herald, projectId, backup.id), { recursive: true, force: true });
  }
  rmSync(environmentFilesPath(herald, projectId, name), { recursive: true, force: true });
}

function requireActive(environment: EnvironmentRow, doing: string): void {
  if (environment.status !== 'active') {
    throw conflict(
      `Environment ${environment.name} is ${environment.status}; activate it before ${doing}`,
    );
  }
}

/** `environment:activate`: an inactive environment is deployed again from its branch. */
export function activateEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
) {
  const environment = requireEnvironment(herald, projectId, name);
  if (environment.status === 'active') {
    throw conflict(`Environment ${name} is already active`);
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.activate',
      environments: [name],
      description: `Activated environment ${name}`,
      parameters: { environment: name },
    },
    async () => {
      const code = await readBranch(herald, projectId, name);
      ensureEnvironmentFiles(herald, projectId, name);
      setEnvironmentStatus(herald, projectId, name, {
        status: 'active',
        headCommit: code ?? environment.headCommit,
      });
      return `Environment ${name} is active${code ? ` at ${code.slice(0, 12)}` : ''}.`;
    },
  );
}

/** `environment:deactivate`: stops the environment; its branch, code and data are kept. */
export function deactivateEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
) {
  const environment = requireEnvironment(herald, projectId, name);
  if (environment.isDefault) {
    throw conflict(`Environment ${name} is the project's default and cannot be deactivated`);
  }
  if (environment.status !== 'active') {
    throw conflict(`Environment ${name} is already ${environment.status}`);
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.deactivate',
      environments: [name],
      description: `Deactivated environment ${name}`,
      parameters: { environment: name },
    },
    () => {
      setEnvironmentStatus(herald, projectId, name, { status: 'inactive' });
      return `Environment ${name} is inactive; its code and data are kept.`;
    },
  );
}

/**
 * `environment:delete`: only an inactive environment that is not the default; its branch,
 * variables, routes, roles, backups and files go with it.
 */
export function deleteEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  options: { keepBranch?: boolean } = {},
) {
  const environment = requireEnvironment(herald, projectId, name);
  if (environment.isDefault) {
    throw conflict(`Environment ${name} is the project's default and is never deleted`);
  }
  if (environment.status === 'active') {
    throw conflict(
      `Environment ${name} is active; deactivate it first (herald environment:deactivate ${name})`,
    );
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.delete',
      environments: [name],
      description: `Deleted environment ${name}`,
      parameters: { environment: name, delete_branch: !options.keepBranch },
    },
    async () => {
      const current = requireEnvironment(herald, projectId, name);
      if (current.status === 'active') {
        throw new Error(`${name} was activated again before its deletion ran`);
      }
      const branchDeleted = options.keepBranch
        ? false
        : await deleteBranch(herald, projectId, name);
      setEnvironmentStatus(herald, projectId, name, { status: 'deleted' });
      discardEnvironmentData(herald, projectId, name);
      return `Environment ${name} was deleted${branchDeleted ? ' with its branch' : ''}.`;
    },
  );
}

function requireActiveParent(herald: Herald, environment: EnvironmentRow, doing: string) {
  if (environment.parent === null) {
    throw conflict(`Environment ${environment.name} has no parent to ${doing}`);
  }
  const parent = requireEnvironment(herald, environment.projectId, environment.parent);
  requireActive(parent, doing);
  return parent;
}

/** `environment:merge`: the environment's code goes into its parent's branch. */
export function mergeEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
) {
  const environment = requireEnvironment(herald, projectId, name);
  requireActive(environment, 'merging it');
  const parent = requireActiveParent(herald, environment, 'merge into');

  return runner.start(
    {
      project: projectId,
      type: 'environment.merge',
      environments: [name, parent.name],
      description: `Merged ${name} into ${parent.name}`,
      parameters: { environment: name, parent: parent.name },
    },
    async () => {
      const merged = await mergeBranches(herald, projectId, {
        into: parent.name,
        from: name,
        message: `Merge ${name} into ${parent.name}`,
      });
      if (merged.commit !== null) {
        setEnvironmentStatus(herald, projectId, parent.name, { headCommit: merged.commit });
      }
      return describeMerge(merged, name, parent.name);
    },
  );
}

function describeMerge(
  merged: Awaited<ReturnType<typeof mergeBranches>>,
  from: string,
  into: string,
): string {
  const at = merged.commit?.slice(0, 12) ?? '';
  switch (merged.outcome) {
    case 'no-code':
      return `${from} has no code yet; nothing to merge into ${into}.`;
    case 'up-to-date':
      return `${into} already has every commit of ${from}; it stays at ${at}.`;
    case 'fast-forward':
      return `${into} fast-forwarded to ${at}.`;
    default:
      return `${from} merged into ${into} as ${at}.`;
  }
}

/** `environment:synchronize`: the parent's code (merged in) and/or data (copied over). */
export function synchronizeEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  what: { code: boolean; data: boolean },
) {
  if (!what.code && !what.data) {
    throw invalid('Choose what to synchronize: code, data, or both', [
      { field: 'synchronize', message: 'choose code and/or data' },
    ]);
  }
  const environment = requireEnvironment(herald, projectId, name);
  requireActive(environment, 'synchronizing it');
  const parent = requireActiveParent(herald, environment, 'synchronize from');
  const parts = [what.code ? 'code' : null, what.data ? 'data' : null]
    .filter(Boolean)
    .join(' and ');

  return runner.start(
    {
      project: projectId,
      type: 'environment.synchronize',
      environments: [name],
      description: `Synchronized ${parts} of ${name} from ${parent.name}`,
      parameters: {
        environment: name,
        parent: parent.name,
        synchronize_code: what.code,
        synchronize_data: what.data,
      },
    },
    async () => {
      const log: string[] = [];
      if (what.code) {
        const merged = await mergeBranches(herald, projectId, {
          into: name,
          from: parent.name,
          message: `Synchronize ${name} with ${parent.name}`,
        });
        if (merged.commit !== null) {
          setEnvironmentStatus(herald, projectId, name, { headCommit: merged.commit });
        }
        log.push(describeMerge(merged, parent.name, name));
      }
      if (what.data) {
        replaceDirectory(
          environmentFilesPath(herald, projectId, parent.name),
          environmentFilesPath(herald, projectId, name),
        );
        log.push(`Data of ${name} replaced with a copy of ${parent.name}'s.`);
      }
      return log.join('\n');
    },
  );
}

function saveSettings(
  herald: Herald,
  projectId: string,
  name: string,
  change: (settings: EnvironmentSettings) => EnvironmentSettings,
): EnvironmentSettings {
  const environment = requireEnvironment(herald, projectId, name);
  const next = change(readEnvironmentSettings(environment.type, environment.settings));
  updateEnvironment(herald.db, projectId, name, {
    settings: next as unknown as Record<string, unknown>,
    updatedAt: isoNow(herald),
  });
  return next;
}

/** `environment:http-access`: address rules and basic-auth users; passwords never leave. */
export function updateHttpAccess(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  update: HttpAccessUpdate,
) {
  const environment = requireEnvironment(herald, projectId, name);
  const normalized = parseOrInvalid(httpAccessUpdateSchema, update);
  const settings = readEnvironmentSettings(environment.type, environment.settings);
  const shown = maskEnvironmentSettings({
    ...settings,
    http_access: { ...settings.http_access, ...normalized },
  }).http_access;

  return runner.start(
    {
      project: projectId,
      type: 'environment.update.http_access',
      environments: [name],
      description: `Changed HTTP access control of ${name}`,
      parameters: { environment: name, http_access: shown },
    },
    () => {
      // Applied over what is stored when its turn comes, so queued changes do not undo each other.
      const saved = saveSettings(herald, projectId, name, (settings) => ({
        ...settings,
        http_access: { ...settings.http_access, ...normalized },
      }));
      const access = saved.http_access;
      return (
        `HTTP access control of ${name} is ${access.is_enabled ? 'on' : 'off'}: ` +
        `${access.addresses.length} address rule(s), ` +
        `${Object.keys(access.basic_auth).length} basic-auth user(s).`
      );
    },
  );
}

/** `restrict_robots` and `enable_smtp`, each its own event. */
export function updateEnvironmentSetting(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  name: string,
  setting: BooleanSetting,
  value: boolean,
) {
  requireEnvironment(herald, projectId, name);
  const type = SETTING_EVENTS[setting];

  return runner.start(
    {
      project: projectId,
      type,
      environments: [name],
      description: `Set ${setting} of ${name} to ${value}`,
      parameters: { environment: name, [setting]: value },
    },
    () => {
      saveSettings(herald, projectId, name, (settings) => ({ ...settings, [setting]: value }));
      return `${setting} of ${name} is now ${value}.`;
    },
  );
}

/**
 * `environment:init`: gives the default environment its first code, a starter commit, while
 * its branch has none (the platform's "initialize from a template"). Pushing code is the
 * other way to start.
 */
export async function initializeEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
) {
  const project = requireProject(herald, projectId);
  const name = project.defaultBranch;
  requireEnvironment(herald, projectId, name);
  const existing = await readBranch(herald, projectId, name);
  if (existing !== null) {
    throw conflict(`Environment ${name} already has code (${existing.slice(0, 12)}); push instead`);
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.initialize',
      environments: [name],
      description: `Initialized environment ${name} of ${project.title} with starter code`,
      parameters: { environment: name, profile: 'starter' },
    },
    async () => {
      await createRepository(herald, projectId, name);
      const commit = await commitFiles(
        herald,
        projectId,
        name,
        {
          'README.md': `# ${project.title}\n\nPush to this repository to deploy ${name}.\n`,
          '.gitignore': 'node_modules/\n',
        },
        'Initialize the project with starter code',
      );
      ensureEnvironmentFiles(herald, projectId, name);
      setEnvironmentStatus(herald, projectId, name, { status: 'active', headCommit: commit });
      return `Environment ${name} initialized at ${commit.slice(0, 12)}.`;
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
      description:
        `${input.user} opened pull request #${input.number}: ` +
        `branched ${input.name} from ${input.parent}`,
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
      const from = `${input.parent} at ${input.head.slice(0, 12)}`;
      return `Environment ${input.name} branched from ${from} ${data}, and activated.`;
    },
  );
}
