import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWebhook, reportPushes, seedProject, waitForDelivery } from './fixtures.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { type ScriptedReceiver, startScriptedReceiver } from './receivers.ts';

let api: TestApi;
let silent: ScriptedReceiver;

beforeAll(async () => {
  // Production limits: nothing here shortens the 15 s whole-request timeout.
  api = await startTestApi();
  silent = await startScriptedReceiver(() => {
    // Reads the request and never answers.
  });
});

afterAll(async () => {
  // The receiver first: a retry in flight then fails at once instead of holding the shutdown.
  await silent.close();
  await api.close();
});

describe('a receiver that never answers', () => {
  it('is given up on at 15 s and retried later', { timeout: 30_000 }, async () => {
    const project = seedProject(api.herald);
    const webhook = addWebhook(api.herald, project, `${silent.url}/hook`);
    reportPushes(api.herald, project);

    const { delivery, attempts } = await waitForDelivery(
      api.herald,
      webhook.id,
      (_row, rows) => rows.length === 1,
      25_000,
    );

    expect(silent.arrivals).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      statusCode: 0,
      errorKind: 'timeout',
      errorMessage: `No answer from ${new URL(silent.url).host} within 15s`,
    });
    expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(15_000);
    expect(delivery.status).toBe('pending');
  });
});
