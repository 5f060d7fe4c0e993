import type { AppRouter } from '@herald/api/router';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

export type HeraldClient = ReturnType<typeof createHeraldClient>;

/**
 * The API's own tRPC client, batching the calls made in one tick into one HTTP request as the
 * console does; the driver then spends its CPU on offering load rather than on HTTP framing.
 */
export function createHeraldClient(url: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url}/trpc`,
        maxItems: 50,
        headers: () => ({ authorization: `Bearer ${token}` }),
      }),
    ],
  });
}

export const BENCH_EVENT = 'environment.push';

/** A project with `webhooks` webhook integrations that all match the benchmark's activity. */
export async function setUpProject(
  client: HeraldClient,
  receiverUrl: string,
  webhooks: number,
): Promise<{ project: string; integrations: string[] }> {
  const created = await client.project.create.mutate({ title: 'Benchmark' });
  const project = created.project.id;
  const integrations: string[] = [];
  for (let i = 0; i < webhooks; i += 1) {
    const result = await client.integration.create.mutate({
      project,
      type: 'webhook',
      settings: {
        url: `${receiverUrl}?webhook=${i}`,
        shared_key: `whsec_${Buffer.from(`benchmark-secret-${i}-0123456789`).toString('base64')}`,
        events: [BENCH_EVENT],
        states: ['complete'],
      },
    });
    integrations.push(result.integration.id);
  }

  return { project, integrations };
}

/** A push as a deploy pipeline reports it: about 1 KB of webhook body, like a real one. */
export function pushReport(project: string, sequence: number) {
  return {
    project,
    type: BENCH_EVENT,
    environments: ['main'],
    state: 'complete' as const,
    result: 'success' as const,
    description: `Benchmark pushed 3 commits to main (${sequence})`,
    parameters: { user: 'benchmark', environment: 'main', sequence },
    payload: {
      commits: [1, 2, 3].map((n) => ({
        sha: `${sequence.toString(16).padStart(8, '0')}${'0'.repeat(31)}${n}`,
        message: `Change number ${n} of push ${sequence}: adjust the deployment settings`,
        author: { name: 'Benchmark Bot', email: 'bench@example.com' },
      })),
    },
  };
}
