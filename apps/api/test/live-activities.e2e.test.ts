import type { Activity } from '@herald/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from './api-client.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { readServerEvents, type StreamEvent } from './trpc-http.ts';

/** `activity.changes` as any server-sent-events client reads it, with the admin token. */
async function subscribeToChanges(api: TestApi, input: Record<string, unknown>) {
  const abort = new AbortController();
  const url = `${api.url}/trpc/activity.changes?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${api.token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events = readServerEvents(response.body!);

  return {
    /** The next activity pushed, with the cursor it came with. */
    next: async (): Promise<{ id: string; activity: Activity }> => {
      for (;;) {
        const { value, done } = await events.next();
        if (done) throw new Error('the stream ended');
        const event: StreamEvent = value;
        if (event.event === 'serialized-error') throw new Error(event.data);
        if (event.event === 'message') return { id: event.id, activity: JSON.parse(event.data) };
      }
    },
    close: () => abort.abort(),
  };
}

describe('live activities and pages of lists', () => {
  let api: TestApi;
  let client: ApiClient;
  let project: string;

  beforeAll(async () => {
    api = await startTestApi();
    client = createApiClient(api);
    project = (await client.project.create.mutate({ title: 'Shop' })).project.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('pushes an activity as it is recorded and as it moves, until complete', async () => {
    const since = new Date().toISOString();
    const live = await subscribeToChanges(api, { project, since });
    try {
      const reported = await client.activity.report.mutate({
        project,
        type: 'environment.push',
        environments: ['main'],
        state: 'pending',
      });
      let pushed = await live.next();
      while (pushed.activity.id !== reported.id) pushed = await live.next();
      expect(pushed.activity.state).toBe('pending');
      expect(pushed.id).toBe(pushed.activity.updated_at);

      await client.activity.transition.mutate({ project, id: reported.id, state: 'in_progress' });
      expect((await live.next()).activity).toMatchObject({ id: reported.id, state: 'in_progress' });

      await client.activity.transition.mutate({
        project,
        id: reported.id,
        state: 'complete',
        result: 'failure',
      });
      expect((await live.next()).activity).toMatchObject({
        id: reported.id,
        state: 'complete',
        result: 'failure',
      });
    } finally {
      live.close();
    }
  });

  it('picks up from the last event after a reconnect, without what came before', async () => {
    const first = await client.activity.report.mutate({
      project,
      type: 'environment.push',
      environments: ['main'],
      state: 'complete',
    });
    const second = await client.activity.report.mutate({
      project,
      type: 'environment.push',
      environments: ['main'],
      state: 'complete',
    });
    const live = await subscribeToChanges(api, { project, lastEventId: first.updated_at });
    try {
      const ids = new Set<string>();
      let pushed = await live.next();
      ids.add(pushed.activity.id);
      while (pushed.activity.id !== second.id) {
        pushed = await live.next();
        ids.add(pushed.activity.id);
      }
      // The cursor's own millisecond is read again (anything may share it); nothing older.
      for (const id of ids) {
        const activity = await client.activity.get.query({ project, id });
        expect(activity.updated_at >= first.updated_at).toBe(true);
      }
    } finally {
      live.close();
    }
  });

  it('pages through activities with before and after, ids ordering equal times', async () => {
    for (let index = 0; index < 7; index++) {
      await client.activity.report.mutate({
        project,
        type: 'environment.variable.create',
        environments: ['main'],
        state: 'complete',
        description: `variable ${index}`,
      });
    }
    const types = ['environment.variable.create'];
    const all = await client.activity.list.query({ project, types, limit: 100 });
    expect(all).toHaveLength(7);

    const page1 = await client.activity.list.query({ project, types, limit: 3 });
    const page2 = await client.activity.list.query({
      project,
      types,
      limit: 3,
      before: page1.at(-1)!.id,
    });
    const page3 = await client.activity.list.query({
      project,
      types,
      limit: 3,
      before: page2.at(-1)!.id,
    });
    expect([...page1, ...page2, ...page3].map((activity) => activity.id)).toEqual(
      all.map((activity) => activity.id),
    );

    const back = await client.activity.list.query({
      project,
      types,
      limit: 3,
      after: page3[0]!.id,
    });
    expect(back.map((activity) => activity.id)).toEqual(page2.map((activity) => activity.id));

    await expect(
      client.activity.list.query({ project, limit: 3, before: 'no-such-activity' }),
    ).rejects.toThrow(/before: activity no-such-activity is not in project/);
  });
});
