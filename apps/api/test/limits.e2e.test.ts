import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRequestBody, sendJson } from '../src/server.ts';
import { createToken } from '../src/services/tokens.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { callProcedure } from './trpc-http.ts';

const LIMIT = 4096;

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
