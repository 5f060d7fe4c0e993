import type { AppRouter } from '@herald/api/router';
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';

/**
 * The browser's own client, for subscriptions only. It reaches the API through the console's
 * `/live/trpc` route, which adds the token from the http-only cookie: page scripts never hold it.
 */
export function createLiveClient() {
  return createTRPCClient<AppRouter>({ links: [httpSubscriptionLink({ url: '/live/trpc' })] });
}
