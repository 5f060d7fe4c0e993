import type { AppRouter } from '@herald/api/router';
import { createTRPCClient, httpLink } from '@trpc/client';
import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { readConsoleEnv } from '../env.ts';
import { type ApiFailure, describeApiError } from './api-errors.ts';

/**
 * The API token lives only in this http-only cookie: the browser sends it to the console's
 * server, which calls the API with it. Page scripts never see it.
 */
export const TOKEN_COOKIE = 'herald_token';

export const SIGN_IN_PATH = '/sign-in';

export function createApiClient(token: string) {
  const { apiUrl } = readConsoleEnv();
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${apiUrl}/trpc`,
        headers: () => ({ authorization: `Bearer ${token}` }),
      }),
    ],
  });
}

export type HeraldApi = ReturnType<typeof createApiClient>;
type Output<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>>;
export type ProjectView = Output<HeraldApi['project']['get']['query']>;
export type EnvironmentView = Output<HeraldApi['environment']['list']['query']>[number];
export type ActivityView = Output<HeraldApi['activity']['get']['query']>;
export type IntegrationView = Output<HeraldApi['integration']['get']['query']>;
export type DeliveryView = Output<HeraldApi['integration']['deliveries']['query']>[number];
export type DeliveryDetail = Output<HeraldApi['integration']['delivery']['query']>;

export async function readToken(): Promise<string | undefined> {
  return (await cookies()).get(TOKEN_COOKIE)?.value || undefined;
}

/** The signed-in person's token; without one, the sign-in page instead. */
export async function requireToken(): Promise<string> {
  const token = await readToken();
  if (token === undefined) {
    redirect(SIGN_IN_PATH);
  }

  return token;
}

export type Loaded<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure };

/**
 * Runs a page's reads. A rejected token leads to the sign-in page, a missing project or
 * integration to the not-found page; any other failure comes back in words for the page to show.
 */
export async function load<T>(read: (api: HeraldApi) => Promise<T>): Promise<Loaded<T>> {
  const api = createApiClient(await requireToken());
  let failure: ApiFailure;
  try {
    return { ok: true, data: await read(api) };
  } catch (error) {
    failure = describeApiError(error, readConsoleEnv().apiUrl);
  }

  if (failure.code === 'UNAUTHORIZED') {
    redirect(`${SIGN_IN_PATH}?reason=rejected`);
  }
  if (failure.code === 'NOT_FOUND') {
    notFound();
  }

  return { ok: false, failure };
}
