import {
  type DbOrTx,
  failPendingDeliveries,
  findActivityById,
  type IntegrationRow,
  insertActivity,
  saveActivity,
  updateIntegration,
} from '@herald/db';
import type { Activity } from '@herald/domain';
import { buildActivity } from './activities.ts';
import type { Herald } from './herald.ts';

/** The activity type that records, in the integration's own log, why Herald disabled it. */
export const DISABLE_ACTIVITY_TYPE = 'integration.disable';

/**
 * Turns an integration off and says why, in the caller's transaction: an `integration.disable`
 * activity of the integration, and every delivery it still owed ended with the same reason.
 * Updating the integration turns it on again (services/integrations.ts).
 */
export function disableIntegration(
  herald: Herald,
  tx: DbOrTx,
  integration: IntegrationRow,
  reason: string,
): Activity {
  const now = herald.clock.now();
  updateIntegration(tx, integration.id, {
    enabled: false,
    disabledReason: reason,
    failingSince: null,
    updatedAt: new Date(now).toISOString(),
  });

  const activity: Activity = {
    ...buildActivity(herald, {
      project: integration.projectId,
      type: DISABLE_ACTIVITY_TYPE,
      environments: [],
      description: `Herald disabled ${integration.type} integration ${integration.id}: ${reason}`,
      parameters: { reason },
      state: 'complete',
      result: 'failure',
      log: `${reason}\nUpdate the integration (herald integration:update) to enable it again.`,
    }),
    integration: integration.id,
  };
  insertActivity(tx, activity);

  const at = new Date(now).toISOString();
  for (const delivery of failPendingDeliveries(tx, integration.id, now)) {
    const log = findActivityById(tx, delivery.logActivityId);
    if (log === undefined) continue;
    const line = `Not sent: the integration was disabled (${reason})`;
    saveActivity(tx, {
      ...log,
      state: 'complete',
      result: 'failure',
      updated_at: at,
      completed_at: at,
      completion_percent: 100,
      log: log.log ? `${log.log}\n${line}` : line,
    });
  }

  herald.logger.warn({ integration_id: integration.id, reason }, 'integration disabled');
  return activity;
}
