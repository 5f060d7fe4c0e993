import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PushedCommit } from '@herald/domain';
import type { Herald } from './herald.ts';

/** No git command Herald runs takes long on a project's repository; a stuck one is killed. */
const GIT_TIMEOUT_MS = 60_000;
/** A push's activity lists at most this many commits, the newest ones. */
const COMMITS_LISTED = 100;

export const ZERO_COMMIT = '0'.repeat(40);

export function isZeroCommit(sha: string): boolean {
  return /^0+$/.test(sha);
}

/** Bare repositories live in `<data dir>/git/<project>.git`, as `git http-backend` serves them. */
export function repositoryRoot(herald: Herald): string {
  return join(herald.config.dataDir, 'git');
}

export function repositoryPath(herald: Herald, projectId: string): string {
  return join(repositoryRoot(herald), `${projectId}.git`);
}

export function hasRepository(herald: Herald, projectId: string): boolean {
  return existsSync(join(repositoryPath(herald, projectId), 'HEAD'));
}

/**
 * What every git child process gets: the search path, and a HOME and config that keep the
 * server user's own Git settings (and any credentials) out of the project's repositories.
 */
/**
 * Typed as a process environment because Next's types (the console type-checks the API through
 * AppRouter) make NODE_ENV required there; git gets only these variables, on purpose.
 */
export function gitEnvironment(herald: Herald): NodeJS.ProcessEnv {
  const env: Record<string, string> = {
    PATH: herald.config.searchPath ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: herald.config.dataDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_AUTHOR_NAME: 'Herald',
    GIT_AUTHOR_EMAIL: 'herald@localhost',
    GIT_COMMITTER_NAME: 'Herald',
    GIT_COMMITTER_EMAIL: 'herald@localhost',
  };

  return env as NodeJS.ProcessEnv;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in a project's bare repository; exit codes outside `accept` are errors. */
export function runGit(
  herald: Herald,
  projectId: string,
  args: string[],
  options: { input?: string; accept?: number[] } = {},
): Promise<GitResult> {
  const accept = options.accept ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: repositoryPath(herald, projectId),
      env: { ...gitEnvironment(herald), GIT_DIR: repositoryPath(herald, projectId) },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: GIT_TIMEOUT_MS,
    });
    if (child.stdin !== null) {
      // A git command that fails early stops reading; its exit code tells why, not EPIPE.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout, stderr };
      if (accept.includes(result.code)) return resolve(result);
      const reason = stderr.trim() || `exit code ${result.code}`;
      reject(new Error(`git ${args[0]} failed: ${reason}`));
    });
  });
}

const PRE_RECEIVE = `#!/bin/sh
# Written by Herald. Refuses ref updates that the pusher's role does not allow (the API
# passes the branches it may change), that no environment could stand for (deleting the
# default branch, whose environment is never deleted), and branch names environments cannot
# take (the same rule as environmentNameSchema in packages/domain).
may_push() {
  [ "$HERALD_PUSH_BRANCHES" = "*" ] && return 0
  printf '%s\\n' "$HERALD_PUSH_BRANCHES" | grep -Fxq -- "$1"
}
status=0
while read -r old new ref; do
  case "$ref" in
    refs/heads/*) branch=\${ref#refs/heads/} ;;
    *) continue ;;
  esac
  if ! may_push "$branch"; then
    echo "herald: your role does not let you change $branch" >&2
    status=1
    continue
  fi
  case "$new" in
    *[!0]*) ;;
    *)
      if [ "$branch" = "$HERALD_DEFAULT_BRANCH" ]; then
        echo "herald: $branch is the project's default branch and cannot be deleted" >&2
        status=1
      fi
      continue
      ;;
  esac
  if [ \${#branch} -gt 128 ] ||
    ! printf '%s\\n' "$branch" | grep -Eq '^[A-Za-z0-9][A-Za-z0-9._/-]*$' ||
    printf '%s\\n' "$branch" | grep -Eq '\\.\\.|\\.lock$|/$'; then
    echo "herald: $branch cannot name an environment: use letters, digits, ., _, - and /" >&2
    status=1
  fi
done
exit $status
`;

const POST_RECEIVE = `#!/bin/sh
# Written by Herald. Hands the ref updates ("old new ref" lines) to the API, which turns them
# into environment activities once git http-backend is done.
if [ -n "$HERALD_PUSH_LOG" ]; then
  cat >> "$HERALD_PUSH_LOG"
fi
exit 0
`;

/** Creates the project's bare repository (once) with Herald's hooks. */
export async function createRepository(
  herald: Herald,
  projectId: string,
  defaultBranch: string,
): Promise<void> {
  const path = repositoryPath(herald, projectId);
  if (!hasRepository(herald, projectId)) {
    mkdirSync(path, { recursive: true });
    await runGit(herald, projectId, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${defaultBranch}`,
    ]);
  }

  const hooks = join(path, 'hooks');
  mkdirSync(hooks, { recursive: true });
  for (const [name, script] of [
    ['pre-receive', PRE_RECEIVE],
    ['post-receive', POST_RECEIVE],
  ] as const) {
    writeFileSync(join(hooks, name), script);
    chmodSync(join(hooks, name), 0o755);
  }
}

export function removeRepository(herald: Herald, projectId: string): void {
  rmSync(repositoryPath(herald, projectId), { recursive: true, force: true });
}

/** The commit a branch points at, or null when the branch (or the repository) does not exist. */
export async function readBranch(
  herald: Herald,
  projectId: string,
  branch: string,
): Promise<string | null> {
  if (!hasRepository(herald, projectId)) return null;

  const result = await runGit(
    herald,
    projectId,
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
    { accept: [0, 1] },
  );
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Points a branch at a commit; with `expected`, only if it still points where it did. */
export async function setBranch(
  herald: Herald,
  projectId: string,
  branch: string,
  commit: string,
  expected?: string | null,
): Promise<void> {
  const args = ['update-ref', `refs/heads/${branch}`, commit];
  if (expected !== undefined) args.push(expected ?? ZERO_COMMIT);
  await runGit(herald, projectId, args);
}

export async function deleteBranch(herald: Herald, projectId: string, branch: string) {
  if ((await readBranch(herald, projectId, branch)) === null) return false;

  await runGit(herald, projectId, ['update-ref', '-d', `refs/heads/${branch}`]);
  return true;
}

/**
 * The commits a push brought to `branch`, oldest first: those after `before`, or for a new
 * branch those that no other branch already had.
 */
export async function listPushedCommits(
  herald: Herald,
  projectId: string,
  branch: string,
  before: string | null,
  after: string,
): Promise<PushedCommit[]> {
  const range =
    before === null
      ? [after, '--not', `--exclude=${branch}`, '--branches']
      : [`${before}..${after}`];
  const result = await runGit(herald, projectId, [
    'log',
    `--max-count=${COMMITS_LISTED}`,
    '--format=%H%x1f%an <%ae>%x1f%aI%x1f%B%x1e',
    ...range,
  ]);

  return result.stdout
    .split('\x1e')
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [sha = '', author = '', timestamp = '', message = ''] = record.split('\x1f');
      return { sha, author, timestamp, message: message.trim() };
    })
    .reverse();
}

export type MergeOutcome = 'no-code' | 'up-to-date' | 'fast-forward' | 'merged';

/**
 * Merges branch `from` into branch `into` inside the bare repository, as a fast-forward when
 * possible, else as a merge commit; a conflict fails with the paths in conflict.
 */
export async function mergeBranches(
  herald: Herald,
  projectId: string,
  input: { into: string; from: string; message: string },
): Promise<{ outcome: MergeOutcome; commit: string | null }> {
  const source = await readBranch(herald, projectId, input.from);
  const target = await readBranch(herald, projectId, input.into);
  if (source === null) return { outcome: 'no-code', commit: target };
  if (target === null) {
    await setBranch(herald, projectId, input.into, source, null);
    return { outcome: 'fast-forward', commit: source };
  }

  if (await isAncestor(herald, projectId, source, target)) {
    return { outcome: 'up-to-date', commit: target };
  }
  if (await isAncestor(herald, projectId, target, source)) {
    await setBranch(herald, projectId, input.into, source, target);
    return { outcome: 'fast-forward', commit: source };
  }

  const merged = await runGit(
    herald,
    projectId,
    ['merge-tree', '--write-tree', '--name-only', '--no-messages', target, source],
    { accept: [0, 1] },
  );
  const [tree = '', ...conflicts] = merged.stdout.trim().split('\n');
  if (merged.code === 1) {
    throw new Error(
      `${input.from} and ${input.into} conflict in ${conflicts.filter(Boolean).join(', ')}; ` +
        'merge them with git and push',
    );
  }

  const commit = await runGit(herald, projectId, [
    'commit-tree',
    tree,
    '-p',
    target,
    '-p',
    source,
    '-m',
    input.message,
  ]);
  const sha = commit.stdout.trim();
  await setBranch(herald, projectId, input.into, sha, target);
  return { outcome: 'merged', commit: sha };
}

async function isAncestor(herald: Herald, projectId: string, ancestor: string, of: string) {
  const result = await runGit(herald, projectId, ['merge-base', '--is-ancestor', ancestor, of], {
    accept: [0, 1],
  });
  return result.code === 0;
}

/** Writes a first commit holding `files` (top-level paths) to a branch that has none yet. */
export async function commitFiles(
  herald: Herald,
  projectId: string,
  branch: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  const entries: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const blob = await runGit(herald, projectId, ['hash-object', '-w', '--stdin'], {
      input: content,
    });
    entries.push(`100644 blob ${blob.stdout.trim()}\t${path}`);
  }

  const tree = await runGit(herald, projectId, ['mktree'], { input: `${entries.join('\n')}\n` });
  const commit = await runGit(herald, projectId, [
    'commit-tree',
    tree.stdout.trim(),
    '-m',
    message,
  ]);
  const sha = commit.stdout.trim();
  await setBranch(herald, projectId, branch, sha, null);
  return sha;
}

/** Whether the repository holds this commit (a provider's push may name commits it lacks). */
export async function hasCommit(herald: Herald, projectId: string, sha: string) {
  if (!hasRepository(herald, projectId)) return false;

  const result = await runGit(herald, projectId, ['cat-file', '-e', `${sha}^{commit}`], {
    accept: [0, 1, 128],
  });
  return result.code === 0;
}
