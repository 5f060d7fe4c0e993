import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listActivities } from '@herald/db';
import type { Activity } from '@herald/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentFilesPath } from '../src/services/environment-files.ts';
import { createProject } from '../src/services/projects.ts';
import { cloneProject, commitFile, git, mustGit, remoteUrl } from './git-helpers.ts';
import { type CliResult, startTestApi, type TestApi } from './helpers.ts';

/** Each test runs git and the CLI a dozen times; a busy two-core machine needs the margin. */
const E2E_TIMEOUT_MS = 120_000;
/** A CLI run is bounded too, with room for a machine that other work keeps busy. */
const CLI_TIMEOUT_MS = 90_000;

describe("the project's Git remote", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Setup, not the action under test: made through the service, without a CLI process. */
  async function setUpProject(title: string): Promise<string> {
    const created = createProject(api.herald, api.runner, { title, default_branch: 'main' });
    await api.runner.settled(created.activity.id);
    return created.project.id;
  }

  async function ok(project: string, ...args: string[]): Promise<CliResult> {
    const result = await api.cli(args, {
      env: { HERALD_PROJECT: project },
      timeoutMs: CLI_TIMEOUT_MS,
    });
    expect(result.code, `herald ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  }

  async function environments(project: string) {
    const listed = await ok(project, 'environment:list', '--format', 'json');
    return JSON.parse(listed.stdout) as { id: string; status: string; parent: string | null }[];
  }

  /** The project's push and delete activities, oldest first, once they have all run. */
  async function branchActivities(project: string): Promise<Activity[]> {
    await api.runner.idle();
    return listActivities(api.herald.db, { projectId: project, integrationId: null, limit: 100 })
      .filter((activity) => activity.type !== 'environment.initialize')
      .reverse();
  }

  it(
    'turns pushes into environment activities, from the first push on',
    async () => {
      const project = await setUpProject('Pushes');
      const checkout = await cloneProject(api, project);

      // The default branch's first push, into an empty repository.
      const first = await commitFile(checkout, 'index.html', '<h1>Shop</h1>\n', 'Start the shop');
      await mustGit(['push', '--quiet', 'origin', 'HEAD:main'], checkout);
      // Two more commits to the same branch.
      await commitFile(checkout, 'about.html', 'About\n', 'Add an about page');
      const third = await commitFile(checkout, 'index.html', '<h1>Shop!</h1>\n', 'Shout');
      await mustGit(['push', '--quiet', 'origin', 'HEAD:main'], checkout);
      // A new branch with one commit of its own.
      await mustGit(['checkout', '--quiet', '-b', 'feature/cart'], checkout);
      const cart = await commitFile(checkout, 'cart.html', 'Cart\n', 'Add a cart');
      await mustGit(['push', '--quiet', 'origin', 'feature/cart'], checkout);

      const [initial, more, branch, ...rest] = await branchActivities(project);
      expect(rest).toEqual([]);
      expect(initial).toMatchObject({
        type: 'environment.push',
        environments: ['main'],
        state: 'complete',
        result: 'success',
        parameters: {
          user: 'admin',
          old_commit: null,
          new_commit: first,
          new_branch: false,
          commits: [{ sha: first, message: 'Start the shop', author: 'Dev <dev@example.com>' }],
        },
      });
      expect(more?.parameters).toMatchObject({ old_commit: first, new_commit: third });
      expect(
        (more!.parameters.commits as { message: string }[]).map((commit) => commit.message),
      ).toEqual(['Add an about page', 'Shout']);
      expect(branch).toMatchObject({
        type: 'environment.push',
        environments: ['feature/cart'],
        result: 'success',
        parameters: { old_commit: null, new_commit: cart, new_branch: true },
      });
      expect((branch!.parameters.commits as { sha: string }[]).map((commit) => commit.sha)).toEqual(
        [cart],
      );

      expect(await environments(project)).toMatchObject([
        { id: 'main', status: 'active' },
        { id: 'feature/cart', status: 'inactive', parent: 'main' },
      ]);
      const head = await ok(project, 'environment:info', '-e', 'main', 'head_commit');
      expect(head.stdout.trim()).toBe(third);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'deletes the environment of a deleted branch, never the default one',
    async () => {
      const project = await setUpProject('Branches');
      await ok(project, 'environment:init');
      const checkout = await cloneProject(api, project);
      await mustGit(['checkout', '--quiet', '-b', 'old-idea'], checkout);
      await commitFile(checkout, 'idea.txt', 'an idea\n', 'Have an idea');
      await mustGit(['push', '--quiet', 'origin', 'old-idea'], checkout);
      await mustGit(['push', '--quiet', 'origin', '--delete', 'old-idea'], checkout);

      const refused = await git(['push', 'origin', '--delete', 'main'], checkout);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(
        "main is the project's default branch and cannot be deleted",
      );
      const badName = await git(['push', 'origin', 'HEAD:refs/heads/idea@home'], checkout);
      expect(badName.code).not.toBe(0);
      expect(badName.stderr).toContain('idea@home cannot name an environment');

      const activities = await branchActivities(project);
      expect(activities.map((activity) => [activity.type, activity.environments[0]])).toEqual([
        ['environment.push', 'old-idea'],
        ['environment.delete', 'old-idea'],
      ]);
      expect(activities[1]?.log).toContain('its branch was deleted');
      expect((await environments(project)).map((environment) => environment.id)).toEqual(['main']);
      const remote = await mustGit(['ls-remote', '--heads', 'origin'], checkout);
      expect(remote).toContain('refs/heads/main');
      expect(remote).not.toContain('idea');
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'answers 401 without the API token as the password',
    async () => {
      const project = await setUpProject('Locked');
      const parent = mkdtempSync(join(tmpdir(), 'herald-clone-'));
      const wrong = await git(['clone', remoteUrl(api, project, 'hrld_wrong'), 'x'], parent);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/Authentication failed|401/);
      const anonymous = await git(['clone', `${api.url}/git/${project}.git`, 'y'], parent);
      expect(anonymous.code).not.toBe(0);
      expect(anonymous.stderr).toMatch(/could not read Username|401|Authentication failed/);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'merges with a merge commit, fails on a conflict, and synchronizes data',
    async () => {
      const project = await setUpProject('Merges');
      await ok(project, 'environment:init');
      await ok(project, 'environment:branch', 'staging');
      const checkout = await cloneProject(api, project);
      await commitFile(checkout, 'main.txt', 'main\n', 'Work on main');
      await mustGit(['push', '--quiet', 'origin', 'HEAD:main'], checkout);
      await mustGit(['checkout', '--quiet', '-b', 'staging', 'origin/staging'], checkout);
      await commitFile(checkout, 'staging.txt', 'staging\n', 'Work on staging');
      await mustGit(['push', '--quiet', 'origin', 'staging'], checkout);

      await ok(project, 'environment:merge', 'staging');
      await mustGit(['fetch', '--quiet', 'origin'], checkout);
      const parents = await mustGit(['log', '-1', '--format=%P', 'origin/main'], checkout);
      expect(parents.trim().split(' ')).toHaveLength(2);
      const subject = await mustGit(['log', '-1', '--format=%s', 'origin/main'], checkout);
      expect(subject.trim()).toBe('Merge staging into main');
      const files = await mustGit(['ls-tree', '--name-only', 'origin/main'], checkout);
      expect(files.split('\n')).toEqual(expect.arrayContaining(['main.txt', 'staging.txt']));

      // Both sides change the same line: the merge must fail and say where.
      await mustGit(['checkout', '--quiet', '-B', 'staging', 'origin/main'], checkout);
      await commitFile(checkout, 'README.md', 'staging says\n', 'Staging edits README');
      await mustGit(['push', '--quiet', '--force', 'origin', 'staging'], checkout);
      await mustGit(['checkout', '--quiet', '-B', 'main', 'origin/main'], checkout);
      await commitFile(checkout, 'README.md', 'main says\n', 'Main edits README');
      await mustGit(['push', '--quiet', 'origin', 'main'], checkout);
      const conflict = await api.cli(['environment:merge', 'staging'], {
        env: { HERALD_PROJECT: project },
      });
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toContain('staging and main conflict in README.md');
      expect(conflict.stderr).toContain('completed: failure');

      // Data: the parent's files are copied over the child's.
      const mainFiles = environmentFilesPath(api.herald, project, 'main');
      writeFileSync(join(mainFiles, 'upload.txt'), 'from main\n');
      await ok(project, 'environment:synchronize', 'staging', 'data');
      const stagingFiles = environmentFilesPath(api.herald, project, 'staging');
      expect(readFileSync(join(stagingFiles, 'upload.txt'), 'utf8')).toBe('from main\n');
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'backs up code and files and restores both',
    async () => {
      const project = await setUpProject('Backups');
      await ok(project, 'environment:init');
      const files = environmentFilesPath(api.herald, project, 'main');
      writeFileSync(join(files, 'upload.txt'), 'before\n');
      const checkout = await cloneProject(api, project);
      const before = (await mustGit(['rev-parse', 'HEAD'], checkout)).trim();

      const backup = (await ok(project, 'backup:create', '-e', 'main')).stdout.trim();
      const listed = await ok(project, 'backup:list', '-e', 'main', '--format', 'json');
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: backup, commit_id: before, file_count: 1, size_bytes: 7, restored_at: null },
      ]);

      writeFileSync(join(files, 'upload.txt'), 'after\n');
      await commitFile(checkout, 'later.txt', 'later\n', 'Later work');
      await mustGit(['push', '--quiet', 'origin', 'HEAD:main'], checkout);
      await ok(project, 'backup:restore', backup);

      expect(readFileSync(join(files, 'upload.txt'), 'utf8')).toBe('before\n');
      const remote = await mustGit(['ls-remote', 'origin', 'refs/heads/main'], checkout);
      expect(remote.split('\t')[0]).toBe(before);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'deletes a project with its repository',
    async () => {
      const project = await setUpProject('Gone');
      const checkout = await cloneProject(api, project);

      const deleted = await ok(project, 'project:delete', project, '--yes');
      expect(deleted.stderr).toContain(`Deleted project ${project} (Gone)`);
      const info = await api.cli(['project:info', project], { timeoutMs: CLI_TIMEOUT_MS });
      expect(info.code).toBe(1);
      expect(info.stderr).toContain(`Project ${project} not found`);
      const fetched = await git(['fetch', 'origin'], checkout);
      expect(fetched.code).not.toBe(0);
      expect(fetched.stderr).toContain(`No repository for project ${project}`);
    },
    E2E_TIMEOUT_MS,
  );
});
