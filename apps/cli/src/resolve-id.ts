import { TRPCClientError } from '@trpc/client';
import type { CliContext } from './context.ts';
import { matchById } from './integration-select.ts';

/**
 * Full IDs from shortened ones, for the commands that take an activity, token or backup ID
 * (integrations: selectIntegration). The full ID goes to the API, so its access rules see
 * the very activity or backup acted on.
 */

/** Enough candidates to show an ambiguous start without reading the whole history. */
const CANDIDATES = 6;

export async function resolveActivityId(
  ctx: CliContext,
  project: string,
  id: string,
): Promise<string> {
  const activities = await ctx.client.activity.list.query({
    project,
    id_prefix: id,
    limit: CANDIDATES,
  });

  return matchById(activities, id, {
    noun: 'Activity',
    describe: (activity) => `${activity.id} (${activity.type}): ${activity.description}`,
  }).id;
}

export async function resolveTokenId(ctx: CliContext, id: string): Promise<string> {
  const tokens = await ctx.client.auth.token.list.query();

  return matchById(tokens, id, {
    noun: 'Token',
    describe: (token) => `${token.id} (${token.name}${token.revoked_at ? ', revoked' : ''})`,
  }).id;
}

export async function resolveBackupId(
  ctx: CliContext,
  project: string,
  id: string,
): Promise<string> {
  const backups = await ctx.client.backup.list.query({ project });

  return matchById(backups, id, {
    noun: 'Backup',
    describe: (backup) => `${backup.id} (${backup.environment}, ${backup.created_at})`,
  }).id;
}

/**
 * A delivery names itself by its integration.webhook activity's ID (shortened or not) or by
 * its webhook-id; a start that fits no activity of the integration is passed on as given.
 */
export async function resolveDeliveryId(
  ctx: CliContext,
  project: string,
  integration: string,
  id: string,
): Promise<string> {
  try {
    const activity = await ctx.client.integration.activity.query({
      project,
      id: integration,
      activity: id,
    });
    return activity.id;
  } catch (error) {
    const notFound =
      error instanceof TRPCClientError &&
      (error.data as { code?: string } | undefined)?.code === 'NOT_FOUND' &&
      !error.message.includes('ambiguous');
    if (notFound) return id;
    throw error;
  }
}
