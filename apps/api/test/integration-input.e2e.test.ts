import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers.ts';

describe('integration:add refuses bad webhook input', () => {
  let api: TestApi;
  let project: string;

  beforeAll(async () => {
    api = await startTestApi();
    const created = await api.cli(['project:create', '--title', 'Refusals']);
    project = created.stdout.trim();
  });

  afterAll(async () => {
    await api?.close();
  });

  async function expectRefused(args: string[], field: string, message: string) {
    const result = await api.cli(['integration:add', '--type=webhook', ...args]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`--${field}: ${message}`);
    expect(result.stdout).toBe('');

    const list = await api.cli(['integration:list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  }

  it('without --url', async () => {
    await expectRefused([], 'url', 'a URL is required');
  });

  it('with a URL that is not http(s)', async () => {
    await expectRefused(['--url=ftp://example.com/hook'], 'url', 'must be an http:// or https://');
  });

  it('with an unknown event name', async () => {
    await expectRefused(
      ['--url=https://example.com/hook', '--events=environment.push,environment.pushed'],
      'events',
      '"environment.pushed" is not an event type',
    );
  });

  it('with an unknown state', async () => {
    await expectRefused(
      ['--url=https://example.com/hook', '--states=complete,finished'],
      'states',
      '"finished" is not a state; use pending, in_progress, complete or cancelled',
    );
  });

  it('exits 4 for refused input and stores the integration once input is right', async () => {
    const refused = await api.cli(['integration:add', '--type=webhook', '--url=nope']);
    expect(refused.code).toBe(4);

    const accepted = await api.cli([
      'integration:add',
      '--type=webhook',
      '--url=https://example.com/hook',
      '-p',
      project,
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const list = await api.cli(['integration:list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });
});
