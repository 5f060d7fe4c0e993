import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../api/test/helpers.ts';
import { createHeraldClient } from '../src/client.ts';
import { runInTerminal } from './terminal.ts';

let api: TestApi;
let receiver: Server;
let receiverUrl: string;
let releaseSecondAnswer: () => void;
const secondAnswerReleased = new Promise<void>((resolve) => {
  releaseSecondAnswer = resolve;
});

beforeAll(async () => {
  // One retry, soon: the first attempt fails, the second succeeds when the test allows it.
  api = await startTestApi({ dispatcher: { retryScheduleMs: [300] } });
  let requests = 0;
  receiver = createServer((request, response) => {
    request.resume();
    requests += 1;
    if (requests === 1) {
      response.writeHead(500).end('not yet');
      return;
    }
    void secondAnswerReleased.then(() => response.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  releaseSecondAnswer();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await api?.close();
});

describe('integration:activity:log', () => {
  it('follows the log of a running delivery until it completes', async () => {
    const created = await api.cli(['project:create', '--title', 'Follow']);
    const project = created.stdout.trim();
    const env = { HERALD_API_URL: api.url, HERALD_TOKEN: api.token, HERALD_PROJECT: project };
    const added = await api.cli(['integration:add', '--type=webhook', `--url=${receiverUrl}`], {
      env,
    });
    const integration = /Created integration ([a-z2-7]{13})/.exec(added.stderr)![1]!;

    const client = createHeraldClient({ apiUrl: api.url, token: api.token, project, color: false });
    await client.activity.report.mutate({
      project,
      type: 'environment.push',
      environments: ['main'],
      state: 'complete',
      result: 'success',
    });

    const session = runInTerminal(['integration:activity:log', integration, '-t'], env);
    await session.waitFor(/Attempt 1: HTTP 500 in \d+ ms; next attempt in /);
    // The second attempt is being held by the receiver: the log is still being written.
    const running = await client.integration.activity.query({ project, id: integration });
    expect(running.state).toBe('in_progress');
    // Piped, the log so far and an exit: a retrying delivery is not followed for hours.
    const piped = await api.cli(['integration:activity:log', integration], { env });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/^Attempt 1: HTTP 500 /m);
    expect(piped.stderr).toMatch(/Activity [a-z2-7]{13} is still in progress\./);

    releaseSecondAnswer();
    await session.waitFor(/Attempt 2: HTTP 200 in \d+ ms/);
    expect(await session.exited).toBe(0);
    const stamp = String.raw`\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\]`;
    expect(session.text()).toMatch(
      new RegExp(`^${stamp} Attempt 1: HTTP 500 .*\n${stamp} Attempt 2: HTTP 200 `, 'm'),
    );
  });
});
