import { setTimeout as sleep } from 'node:timers/promises';
import { compactVerify, flattenedVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver, startTestApi, type TestApi } from './helpers.ts';

const SHARED_KEY = 'a-shared-key-the-user-chose';

describe('a webhook receives an environment.branch activity, signed', () => {
  let api: TestApi;
  let receiver: Receiver;

  beforeAll(async () => {
    api = await startTestApi();
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it('goes from CLI commands to one verified POST', async () => {
    const created = await api.cli(['project:create', '--title', 'Shop']);
    expect(created.code, created.stderr).toBe(0);
    const project = created.stdout.trim();

    const added = await api.cli([
      'integration:add',
      '--type=webhook',
      `--url=${receiver.url}/hooks`,
      '--events=environment.branch',
      `--shared-key=${SHARED_KEY}`,
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/Created integration [a-z2-7]{13} \(type: webhook\)/);
    expect(added.stdout).not.toContain(SHARED_KEY);

    const branched = await api.cli(['environment:branch', 'feature-x']);
    expect(branched.code, branched.stderr).toBe(0);

    const [request] = await receiver.waitFor(1);
    // Only `complete` is subscribed by default: nothing else may follow.
    await sleep(500);
    expect(receiver.requests).toHaveLength(1);

    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks');
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      type: 'environment.branch',
      state: 'complete',
      result: 'success',
      project,
      environments: ['feature-x'],
      parameters: { environment: 'feature-x', parent: 'main' },
    });
    for (const stamp of ['created_at', 'started_at', 'updated_at', 'completed_at']) {
      expect(Date.parse(body[stamp])).not.toBeNaN();
    }

    const headers = request!.headers as Record<string, string>;
    const webhook = new Webhook(Buffer.from(SHARED_KEY).toString('base64'));
    expect(webhook.verify(request!.body, headers)).toEqual(body);

    const jws = headers['x-jws-signature']!;
    const [protectedHeader, , signature] = jws.split('.');
    const verified = await flattenedVerify(
      { protected: protectedHeader!, payload: request!.body, signature: signature! },
      new TextEncoder().encode(SHARED_KEY),
    );
    expect(verified.protectedHeader).toMatchObject({ alg: 'HS256', b64: false });
    await expect(compactVerify(jws, new TextEncoder().encode(SHARED_KEY))).rejects.toThrow();
  });
});
