import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRequestBody, sendJson } from '../src/server.ts';
import { createIntegration } from '../src/services/integrations.ts';
import { createProject } from '../src/services/projects.ts';
import { createToken } from '../src/services/tokens.ts';
import { cloneProject, commitFile, git, mustGit, remoteUrl } from './git-helpers.ts';
import { postHook, providerHeaders, readFixture } from './git-hooks.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { callProcedure } from './trpc-http.ts';

const LIMIT = 4096;
const GIT_LIMIT = 64 * 1024;

/** Setup, not the action under test: made through the service, without a CLI process. */
async function setUpProject(api: TestApi, title: string): Promise<string> {
  const created = createProject(api.herald, api.runner, { title, default_branch: 'main' });
  await api.runner.settled(created.activity.id);
  return created.project.id;
}

/** Text that does not compress: a pack holding it is about its size. */
function randomText(size: number): string {
  return randomBytes(Math.ceil(size / 2))
    .toString('hex')
    .slice(0, size);
}

/** Sends a body in chunks, without a Content-Length, and returns the status and body. */
function postChunked(url: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server may answer and close before every chunk is written.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('request bodies are limited', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      env: { HERALD_MAX_BODY_BYTES: String(LIMIT) },
      routes: [
        async (request, response, url) => {
          if (url.pathname !== '/api/echo') return false;
          const body = await readRequestBody(request, api.herald.config.maxBodyBytes);
          sendJson(response, 200, { bytes: body.length });
          return true;
        },
      ],
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 413 to a tRPC call over the limit, and takes one under it', async () => {
    const procedure = { path: 'project.create', type: 'mutation' as const };
    const large = await callProcedure(api.url, procedure, { title: 'x'.repeat(LIMIT) }, api.token);
    expect(large.status).toBe(413);
    expect(large.error?.message).toBe(
      'The request body is larger than the server accepts (HERALD_MAX_BODY_BYTES)',
    );

    const small = await callProcedure(api.url, procedure, { title: 'Shop' }, api.token);
    expect(small.status).toBe(200);
  });

  it('answers 413 to a plain route whose Content-Length is over the limit', async () => {
    const response = await fetch(`${api.url}/api/anything`, {
      method: 'POST',
      body: 'x'.repeat(LIMIT + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: `The request body is larger than ${LIMIT} bytes, the limit (HERALD_MAX_BODY_BYTES)`,
    });
  });

  it('counts a chunked body as it arrives', async () => {
    const under = await postChunked(`${api.url}/api/echo`, [
      Buffer.alloc(1000),
      Buffer.alloc(1000),
    ]);
    expect(under).toEqual({ status: 200, body: JSON.stringify({ bytes: 2000 }) });

    const over = await postChunked(
      `${api.url}/api/echo`,
      Array.from({ length: 5 }, () => Buffer.alloc(1000)),
    );
    expect(over.status).toBe(413);
  });
});

describe('calls are rate-limited per token', () => {
  let api: TestApi;

  beforeAll(async () => {
    // A clock that stands still: no call is refilled while the test runs, however slow.
    api = await startTestApi({
      env: { HERALD_RATE_LIMIT_PER_MINUTE: '5' },
      clock: { now: () => Date.parse('2026-01-01T00:00:00Z') },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 429 with Retry-After once a token has used its calls', async () => {
    const whoami = { path: 'auth.whoami', type: 'query' as const };
    const statuses: number[] = [];
    for (let call = 0; call < 5; call += 1) {
      statuses.push((await callProcedure(api.url, whoami, undefined, api.token)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const limited = await callProcedure(api.url, whoami, undefined, api.token);
    expect(limited.status).toBe(429);
    // 5 calls a minute come back one every 12 s.
    expect(limited.headers.get('retry-after')).toBe('12');
    expect(limited.error?.message).toContain('Too many requests for this token; retry after 12 s');
  });

  it('counts each token apart, and tells the CLI user when to retry', async () => {
    // The admin token has used its calls: the second token is made straight in the store.
    const other = createToken(api.herald, api.runner, { name: 'other', admin: true });
    const whoami = { path: 'auth.whoami', type: 'query' as const };
    const answer = await callProcedure(api.url, whoami, undefined, other.secret);
    expect(answer.status).toBe(200);

    const cli = await api.cli(['project:list']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('Too many requests for this token; retry after 12 s');
  });
});

describe('a push has a size limit of its own', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      env: { HERALD_MAX_BODY_BYTES: String(LIMIT), HERALD_MAX_GIT_BODY_BYTES: String(GIT_LIMIT) },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('takes a push over the API body limit, refuses one over the Git limit with 413', async () => {
    const project = await setUpProject(api, 'Sizes');
    const checkout = await cloneProject(api, project);
    // Random text barely compresses: each pack is about as large as its file.
    const pushed = await commitFile(checkout, 'small.txt', randomText(20_000), 'Small');
    await mustGit(['push', '--quiet', 'origin', 'main'], checkout);

    // Under 1 MiB git sends a Content-Length, refused before a byte is read; over it, chunks,
    // counted as they arrive and cut off at the limit.
    for (const size of [300_000, 3_000_000]) {
      await commitFile(checkout, `large-${size}.txt`, randomText(size), `Large ${size}`);
      const refused = await git(['push', 'origin', 'main'], checkout);
      expect(refused.code, refused.stderr).not.toBe(0);
      expect(refused.stderr, `${size}`).toContain('413');
    }

    const heads = await mustGit(['ls-remote', remoteUrl(api, project), 'main'], checkout);
    expect(heads.split('\t')[0]).toBe(pushed);
  });
});

describe('the Git remote counts against the per-token limit', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      env: { HERALD_RATE_LIMIT_PER_MINUTE: '5' },
      clock: { now: () => Date.parse('2026-01-01T00:00:00Z') },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 429 with Retry-After once a token has used its calls, Git or API', async () => {
    const project = await setUpProject(api, 'Busy');
    const infoRefs = `${api.url}/git/${project}.git/info/refs?service=git-upload-pack`;
    const basic = `Basic ${Buffer.from(`dev:${api.token}`).toString('base64')}`;
    const statuses: number[] = [];
    for (let call = 0; call < 5; call += 1) {
      const response = await fetch(infoRefs, { headers: { authorization: basic } });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const limited = await fetch(infoRefs, { headers: { authorization: basic } });
    expect(limited.status).toBe(429);
    // 5 calls a minute come back one every 12 s.
    expect(limited.headers.get('retry-after')).toBe('12');
    expect(await limited.json()).toEqual({
      error:
        'Too many requests for this token; retry after 12 s ' +
        '(the limit is HERALD_RATE_LIMIT_PER_MINUTE on the server)',
    });

    const parent = mkdtempSync(join(tmpdir(), 'herald-limited-'));
    const clone = await git(['clone', remoteUrl(api, project), 'work'], parent);
    expect(clone.code).not.toBe(0);
    expect(clone.stderr).toContain('The requested URL returned error: 429');
    const whoami = { path: 'auth.whoami', type: 'query' as const };
    expect((await callProcedure(api.url, whoami, undefined, api.token)).status).toBe(429);

    // Another token has a budget of its own.
    const other = createToken(api.herald, api.runner, { name: 'git-other', admin: true });
    await mustGit(['clone', '--quiet', remoteUrl(api, project, other.secret), 'other'], parent);
  });
});

describe('provider hooks are rate-limited per integration', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      env: { HERALD_HOOK_RATE_LIMIT_PER_MINUTE: '2' },
      clock: { now: () => Date.parse('2026-01-01T00:00:00Z') },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  async function addSource(title: string) {
    const created = createProject(api.herald, api.runner, { title, default_branch: 'master' });
    await api.runner.settled(created.activity.id);
    const secret = `hook-secret-${title}`;
    const { integration } = createIntegration(api.herald, created.project.id, {
      type: 'bitbucket',
      settings: {
        key: 'consumer-key',
        secret: 'consumer-secret',
        repository: 'brydzewski/foo',
        hook_secret: secret,
      },
    });
    const body = readFixture('bitbucket', 'repo_push-existing-branch.json');
    const signed = () => providerHeaders('bitbucket', 'repo:push', body, secret);
    return {
      post: (headers: Record<string, string> = signed()) =>
        postHook(integration.hook_url!, body, headers),
      /** Through fetch, to read the response's headers. */
      fetch: () => fetch(integration.hook_url!, { method: 'POST', headers: signed(), body }),
    };
  }

  it('answers 429 with Retry-After to a noisy integration, and not to the others', async () => {
    const noisy = await addSource('Noisy');
    const quiet = await addSource('Quiet');

    expect((await noisy.post()).status).toBe(202);
    expect((await noisy.post()).status).toBe(202);
    // An unsigned request spends nothing: whoever lacks the secret cannot starve a source.
    expect((await noisy.post({ 'x-event-key': 'repo:push' })).status).toBe(401);
    const limited = await noisy.post();
    expect(limited).toEqual({
      status: 429,
      body: {
        error: expect.stringMatching(
          /^Too many hooks for integration \w+; retry after 30 s \(the limit is HERALD_HOOK_/,
        ),
      },
    });
    // 2 hooks a minute come back one every 30 s.
    const again = await noisy.fetch();
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('30');

    expect((await quiet.post()).status).toBe(202);
  });
});

describe('health and metrics', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('reveal no project data to a caller without a token', { timeout: 120_000 }, async () => {
    const created = await api.cli(['project:create', '--title', 'Secret Shop Project']);
    expect(created.code, created.stderr).toBe(0);
    const project = created.stdout.trim();
    const added = await api.cli([
      'integration:add',
      '--type=webhook',
      '--url=http://127.0.0.1:9/very-private-hook',
      '--format=csv',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const integration = added.stdout.match(/^id,(\w+)$/m)?.[1];
    expect(integration).toBeDefined();

    for (const path of ['/healthz', '/metrics']) {
      const response = await fetch(`${api.url}${path}`);
      const text = await response.text();
      for (const secret of [project, 'Secret Shop', integration!, 'very-private-hook', 'main']) {
        expect(text, `${path} shows ${secret}`).not.toContain(secret);
      }
    }
  });
});
