import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../src/router.ts';
import type { TestApi } from './helpers.ts';

/** A tRPC client of the test API with its admin token, as the console and CLI talk to it. */
export function createApiClient(api: TestApi) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${api.url}/trpc`,
        headers: () => ({ authorization: `Bearer ${api.token}` }),
      }),
    ],
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
