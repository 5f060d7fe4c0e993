import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  type ApiTokenRow,
  findEnvironment,
  findProject,
  listEnvironments,
  type ProjectRow,
} from '@herald/db';
import { hasRole } from '@herald/domain';
import { BodyTooLargeError, type Route, sendJson, sendRateLimited } from '../server.ts';
import { findProjectAccess, type ProjectAccess, roleOnEnvironment } from '../services/access.ts';
import type { ActivityRunner } from '../services/activity-runner.ts';
import {
  createEnvironmentFromPush,
  recordPush,
  removeEnvironmentOfBranch,
} from '../services/environments.ts';
import {
  gitEnvironment,
  hasRepository,
  isZeroCommit,
  listPushedCommits,
  repositoryRoot,
} from '../services/git.ts';
import type { Herald } from '../services/herald.ts';
import { callerKey, RateLimitedError, type RateLimiter } from '../services/rate-limit.ts';
import { findActiveToken } from '../services/tokens.ts';

const GIT_PATH = /^\/git\/([a-z2-7]{13})\.git(\/.*)?$/;
/** A clone or push that has not finished in 10 minutes is stuck; the backend is killed. */
const BACKEND_TIMEOUT_MS = 10 * 60_000;

/**
 * The project's Git remote at `/git/<project>.git`, over Git's smart HTTP protocol: `git
 * http-backend` does the protocol, Herald authenticates (any user name, an API token as the
 * password) and turns what a push changed into environment activities before answering.
 */
export function gitRemoteRoute(
  herald: Herald,
  runner: ActivityRunner,
  limiter: RateLimiter,
): Route {
  return async (request, response, url) => {
    const match = GIT_PATH.exec(url.pathname);
    if (match === null) return false;

    // The token's calls to the remote count against the same budget as its API calls.
    const token = authenticateBasic(herald, request.headers.authorization);
    const address = request.socket.remoteAddress ?? 'unknown';
    const decision = limiter.take(callerKey(token?.id ?? null, address));
    if (!decision.allowed) {
      sendRateLimited(response, new RateLimitedError(decision.retryAfterSeconds));
      return true;
    }
    if (Number(request.headers['content-length'] ?? 0) > herald.config.maxGitBodyBytes) {
      refuseGitBody(herald, request, response);
      return true;
    }

    if (token === null) {
      response.writeHead(401, {
        'www-authenticate': 'Basic realm="Herald Git", charset="UTF-8"',
        'content-type': 'text/plain',
      });
      response.end('An API token is required as the password\n');
      return true;
    }

    // A project the token may not see is answered like one that does not exist.
    const project = findProject(herald.db, match[1] ?? '');
    const access = project && findProjectAccess(herald, token, project.id);
    if (!project || !access || !hasRepository(herald, project.id)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`No repository for project ${match[1]}\n`);
      return true;
    }

    const path = match[2] ?? '/';
    const pushing =
      path === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
    if (pushing && !hasRole(access.role, 'contributor')) {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end(`Pushing needs the contributor role in project ${project.id}\n`);
      return true;
    }

    const branches = pushableBranches(herald, access);
    await serveGit(herald, runner, { request, response, url, project, token, path, branches });
    return true;
  };
}

function authenticateBasic(herald: Herald, header: string | undefined): ApiTokenRow | null {
  const encoded = header?.match(/^Basic\s+(\S+)$/i)?.[1];
  if (encoded === undefined) return null;

  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  return password ? findActiveToken(herald, password) : null;
}

/**
 * What the pre-receive hook lets this caller push: every branch (`*`), or, for a member whose
 * roles are narrowed per environment, the branches of environments they may change, plus
 * names their roles give them before such an environment exists.
 */
function pushableBranches(herald: Herald, access: ProjectAccess): string {
  if (Object.keys(access.member.environmentRoles).length === 0) return '*';
  if (access.member.role === 'admin') return '*';

  const names = new Set<string>();
  const candidates = [
    ...listEnvironments(herald.db, access.project.id).map((environment) => environment.name),
    ...Object.keys(access.member.environmentRoles),
  ];
  for (const name of candidates) {
    if (hasRole(roleOnEnvironment(herald, access, name), 'contributor')) names.add(name);
  }
  return [...names].join('\n');
}

interface GitRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  project: ProjectRow;
  token: ApiTokenRow;
  path: string;
  /** `*` or the branch names allowed, one a line: read by the pre-receive hook. */
  branches: string;
}

/** Runs `git http-backend` as a CGI program and relays its answer. */
async function serveGit(herald: Herald, runner: ActivityRunner, git: GitRequest): Promise<void> {
  const { request, response, project } = git;
  const isPush = git.path === '/git-receive-pack' && request.method === 'POST';
  const spool = join(herald.config.dataDir, 'tmp');
  mkdirSync(spool, { recursive: true });
  const pushLog = join(spool, `push-${randomUUID()}`);

  const headers = request.headers;
  const child = spawn('git', ['http-backend'], {
    env: {
      ...gitEnvironment(herald),
      GIT_PROJECT_ROOT: repositoryRoot(herald),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${project.id}.git${git.path}`,
      REQUEST_METHOD: request.method ?? 'GET',
      QUERY_STRING: git.url.search.replace(/^\?/, ''),
      CONTENT_TYPE: headers['content-type'] ?? '',
      ...(headers['content-length'] ? { CONTENT_LENGTH: headers['content-length'] } : {}),
      ...(headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: headers['content-encoding'] }
        : {}),
      ...(headers['git-protocol'] ? { GIT_PROTOCOL: String(headers['git-protocol']) } : {}),
      // http-backend enables receive-pack only for an authenticated user.
      REMOTE_USER: git.token.name,
      REMOTE_ADDR: request.socket.remoteAddress ?? '',
      HERALD_PUSH_LOG: pushLog,
      HERALD_DEFAULT_BRANCH: project.defaultBranch,
      HERALD_PUSH_BRANCHES: git.branches,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: BACKEND_TIMEOUT_MS,
  });
  const body = limitGitBody(herald, request, child);
  request.pipe(child.stdin);
  child.stdin.on('error', () => {
    // The backend may stop reading early (a refused request); its answer says why.
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const relayed = relayCgiOutput(child.stdout, response, body.received);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  await relayed;
  if (!(await body.received)) {
    rmSync(pushLog, { force: true });
    herald.logger.warn({ project_id: project.id, path: git.path }, 'git body too large');
    refuseGitBody(herald, request, response);
    return;
  }
  if (exitCode !== 0 || stderr.trim()) {
    herald.logger.warn(
      { project_id: project.id, path: git.path, exit_code: exitCode, stderr: stderr.trim() },
      'git http-backend complained',
    );
  }

  if (isPush) {
    // Recorded before the answer ends, so a finished `git push` always has its activities.
    await recordRefUpdates(herald, runner, project, git.token, pushLog);
  }
  rmSync(pushLog, { force: true });
  if (!response.headersSent) {
    response.writeHead(502, { 'content-type': 'text/plain' });
  }
  response.end();
}

/**
 * Counts a streamed body (a push over 1 MiB comes chunked, with no length to check first) and
 * stops the backend once it passes HERALD_MAX_GIT_BODY_BYTES. The pack is then incomplete, so
 * no ref was updated: the push changes nothing. `received` resolves true once the whole body
 * arrived within the limit, false as soon as it passes it.
 */
function limitGitBody(herald: Herald, request: IncomingMessage, child: ChildProcess) {
  const limit = herald.config.maxGitBodyBytes;
  let size = 0;
  const received = new Promise<boolean>((resolve) => {
    const count = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return;
      request.off('data', count);
      request.unpipe(child.stdin ?? undefined);
      child.kill();
      resolve(false);
    };
    request.on('data', count);
    request.once('end', () => resolve(size <= limit));
    request.once('close', () => resolve(size <= limit));
  });

  return { received };
}

/** More of a refused body than this is not read: the client has had its answer by then. */
const MAX_DRAINED_BYTES = 8 * 1024 * 1024;

/**
 * 413. Git's HTTP client stops sending once it reads an error answer, but closing at once with
 * the body still arriving resets the connection before it can read that answer; so the rest is
 * read and dropped, up to MAX_DRAINED_BYTES, before the connection is closed.
 */
function refuseGitBody(herald: Herald, request: IncomingMessage, response: ServerResponse): void {
  let drained = 0;
  request.unpipe();
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) request.socket.destroy();
  });
  request.resume();
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const error = new BodyTooLargeError(herald.config.maxGitBodyBytes, 'HERALD_MAX_GIT_BODY_BYTES');
  sendJson(response, 413, { error: error.message });
}

/**
 * Copies a CGI program's output to the response: the header block first, then the body.
 * http-backend writes its headers before it reads the push, so nothing is sent until the
 * request body has arrived within the limit: a push over it can still be answered 413.
 */
function relayCgiOutput(
  output: NodeJS.ReadableStream,
  response: ServerResponse,
  bodyReceived: Promise<boolean>,
): Promise<void> {
  const held: Buffer[] = [];
  let relay: ((chunk: Buffer) => void) | null = null;
  const ended = new Promise<void>((resolve) => {
    output.on('data', (chunk: Buffer) => (relay ? relay(chunk) : held.push(chunk)));
    output.on('end', resolve);
    output.on('error', resolve);
  });

  return bodyReceived.then(async (withinLimit) => {
    if (!withinLimit) {
      output.resume();
      await ended;
      return;
    }
    relay = relayTo(output, response);
    for (const chunk of held.splice(0)) relay(chunk);
    await ended;
  });
}

/** Writes the CGI header block as the response's head, then streams the rest as its body. */
function relayTo(output: NodeJS.ReadableStream, response: ServerResponse) {
  let head = Buffer.alloc(0);
  let started = false;
  return (chunk: Buffer) => {
    if (started) {
      if (!response.write(chunk)) {
        output.pause();
        response.once('drain', () => output.resume());
      }
      return;
    }

    head = Buffer.concat([head, chunk]);
    const end = findHeaderEnd(head);
    if (end === null) return;
    started = true;
    writeCgiHead(response, head.subarray(0, end.at).toString('latin1'));
    const body = head.subarray(end.at + end.length);
    if (body.length > 0) response.write(body);
  };
}

function findHeaderEnd(buffer: Buffer): { at: number; length: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf !== -1) return { at: lf, length: 2 };
  return null;
}

function writeCgiHead(response: ServerResponse, head: string): void {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 200;
    } else {
      headers[name] = value;
    }
  }
  response.writeHead(status, headers);
}

/** Each branch the push created, moved or deleted becomes an environment activity. */
async function recordRefUpdates(
  herald: Herald,
  runner: ActivityRunner,
  project: ProjectRow,
  token: ApiTokenRow,
  pushLog: string,
): Promise<void> {
  let lines: string[];
  try {
    lines = readFileSync(pushLog, 'utf8').split('\n').filter(Boolean);
  } catch {
    return; // Nothing was updated: the hook never ran.
  }

  for (const line of lines) {
    const [before = '', after = '', ref = ''] = line.split(' ');
    if (!ref.startsWith('refs/heads/')) continue;
    const branch = ref.slice('refs/heads/'.length);
    try {
      const user = token.user ?? token.name;
      await recordRefUpdate(herald, runner, project, { branch, before, after, user });
    } catch (error) {
      herald.logger.warn(
        { project_id: project.id, branch, err: error },
        'a pushed branch could not become an activity',
      );
    }
  }
}

async function recordRefUpdate(
  herald: Herald,
  runner: ActivityRunner,
  project: ProjectRow,
  update: { branch: string; before: string; after: string; user: string },
): Promise<void> {
  const { branch } = update;
  const environment = findEnvironment(herald.db, project.id, branch);
  const exists = environment !== undefined && environment.status !== 'deleted';
  if (isZeroCommit(update.after)) {
    if (exists && !environment.isDefault) {
      removeEnvironmentOfBranch(herald, runner, project.id, branch, 'its branch was deleted');
    }
    return;
  }

  const before = isZeroCommit(update.before) ? null : update.before;
  const commits = await listPushedCommits(herald, project.id, branch, before, update.after);
  const push = { user: update.user, before, after: update.after, commits };
  if (exists) {
    recordPush(herald, runner, project.id, branch, push, { source: 'git' });
  } else {
    createEnvironmentFromPush(herald, runner, project.id, branch, push, { source: 'git' });
  }
}
