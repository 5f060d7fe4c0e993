import {
  type DbOrTx,
  type IntegrationRow,
  insertActivity,
  insertDeliveries,
  listEnabledIntegrations,
  type NewDelivery,
} from '@herald/db';
import {
  type Activity,
  buildWebhookBody,
  type Filters,
  findIntegrationType,
  generateId,
  generateMessageId,
  matchesFilters,
} from '@herald/domain';
import type { Herald } from './herald.ts';

/**
 * Writes a delivery for every enabled integration of the project whose filters match the
 * activity as it is now. Runs inside the transaction that changed the activity, so a state
 * change and the deliveries it owes are stored together or not at all.
 */
export function enqueueDeliveries(herald: Herald, tx: DbOrTx, activity: Activity): number {
  if (activity.integration !== null) {
    // An integration's own activities (its deliveries) never trigger integrations: no loops.
    return 0;
  }

  const now = herald.clock.now();
  const createdAt = new Date(now).toISOString();
  const body = buildWebhookBody(activity);
  const rows: NewDelivery[] = [];

  for (const integration of listEnabledIntegrations(tx, activity.project)) {
    if (!wantsActivity(integration, activity)) {
      continue;
    }

    const logActivity = deliveryActivity(integration, activity, createdAt);
    insertActivity(tx, logActivity);
    rows.push({
      id: generateMessageId(),
      integrationId: integration.id,
      activityId: activity.id,
      logActivityId: logActivity.id,
      body,
      status: 'pending',
      nextAttemptAt: now,
      createdAt,
    });
  }

  insertDeliveries(tx, rows);
  return rows.length;
}

function wantsActivity(integration: IntegrationRow, activity: Activity): boolean {
  const spec = findIntegrationType(integration.type);
  if (spec === undefined || !spec.hasFilters) {
    return false;
  }

  return matchesFilters(integration.config as Filters, activity);
}

/** The `integration.webhook` activity that shows one delivery in the integration's log. */
function deliveryActivity(
  integration: IntegrationRow,
  activity: Activity,
  createdAt: string,
): Activity {
  const label = `${activity.type} (${activity.state})`;

  return {
    id: generateId(),
    type: `integration.${integration.type}`,
    project: activity.project,
    environments: activity.environments,
    state: 'pending',
    result: null,
    created_at: createdAt,
    started_at: null,
    updated_at: createdAt,
    completed_at: null,
    cancelled_at: null,
    completion_percent: 0,
    parameters: { activity: activity.id, activity_type: activity.type, state: activity.state },
    payload: {},
    description: `Delivery of ${label} to ${integration.type} integration ${integration.id}`,
    text: `Delivery of ${label}`,
    log: '',
    integration: integration.id,
  };
}
