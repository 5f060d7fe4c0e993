import type { AppRouter } from '@herald/api/router';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { CliEnv } from './env.ts';

export type HeraldClient = ReturnType<typeof createHeraldClient>;

export function createHeraldClient(env: CliEnv) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${env.apiUrl}/trpc`,
        headers: () => (env.token ? { authorization: `Bearer ${env.token}` } : {}),
      }),
    ],
  });
}
