import type { ProjectRole } from '@herald/domain/access';
import { cache } from 'react';
import { type HeraldApi, load } from './api.ts';

export type Caller = Awaited<ReturnType<HeraldApi['auth']['whoami']['query']>>;

/** Who the signed-in token is and what it may do; asked once per request however many ask. */
export const loadCaller = cache(() => load((api) => api.auth.whoami.query()));

export function roleIn(caller: Caller, project: string): ProjectRole | null {
  if (caller.installation_admin) return 'admin';
  return caller.projects.find((membership) => membership.project === project)?.role ?? null;
}

/**
 * Whether to offer changes to a project's integrations. Only a hint for the page: the API
 * checks every call itself, and a button shown by mistake gets its refusal in words.
 */
export async function mayManageIntegrations(project: string): Promise<boolean> {
  const caller = await loadCaller();
  return caller.ok && roleIn(caller.data, project) === 'admin';
}
