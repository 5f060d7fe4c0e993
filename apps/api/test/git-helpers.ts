import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApi } from './helpers.ts';

export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A HOME with no Git configuration of the machine's user, shared by the tests' git runs. */
const gitHome = mkdtempSync(join(tmpdir(), 'herald-git-home-'));

/** Runs the real `git`, never prompting, bounded in time, as a developer named Dev. */
export function git(args: string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          HOME: gitHome,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_TERMINAL_PROMPT: '0',
          GIT_AUTHOR_NAME: 'Dev',
          GIT_AUTHOR_EMAIL: 'dev@example.com',
          GIT_COMMITTER_NAME: 'Dev',
          GIT_COMMITTER_EMAIL: 'dev@example.com',
        },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Like `git`, but a failure fails the test with git's own words. */
export async function mustGit(args: string[], cwd: string): Promise<string> {
  const run = await git(args, cwd);
  if (run.code !== 0) {
    throw new Error(`git ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  }

  return run.stdout;
}

/** The project's remote with the API token as the password (any user name will do). */
export function remoteUrl(api: TestApi, project: string, token = api.token): string {
  const url = new URL(`${api.url}/git/${project}.git`);
  url.username = 'dev';
  url.password = token;
  return url.toString();
}

export async function cloneProject(api: TestApi, project: string): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), 'herald-clone-'));
  await mustGit(['clone', '--quiet', remoteUrl(api, project), 'work'], parent);
  return join(parent, 'work');
}

export async function commitFile(dir: string, file: string, content: string, message: string) {
  writeFileSync(join(dir, file), content);
  await mustGit(['add', file], dir);
  await mustGit(['commit', '--quiet', '-m', message], dir);
  return (await mustGit(['rev-parse', 'HEAD'], dir)).trim();
}
