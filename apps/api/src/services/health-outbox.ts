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
  buildHealthDeliveryBody,
  describeHealthChange,
  generateId,
  generateMessageId,
  type HealthNotice,
  isHealthIntegrationType,
} from '@herald/domain';
import type { Herald } from './herald.ts';

/**
 * Writes one delivery per enabled health integration of the project, each with its fixed body
 * and the `integration.health.*` activity that is its log. Runs in the transaction that stores
 * the new health state, so a state change and the notifications it owes exist together or not
 * at all.
 */
export function enqueueHealthNotifications(
  herald: Herald,
  tx: DbOrTx,
  notice: HealthNotice,
): number {
  const now = herald.clock.now();
  const createdAt = new Date(now).toISOString();
  const rows: NewDelivery[] = [];

  for (const integration of listEnabledIntegrations(tx, notice.project.id)) {
    if (!isHealthIntegrationType(integration.type)) continue;

    const logActivity = notificationActivity(integration, notice, createdAt);
    insertActivity(tx, logActivity);
    rows.push({
      id: generateMessageId(),
      integrationId: integration.id,
      // A health change is no platform activity: the notification's own activity stands for it.
      activityId: logActivity.id,
      logActivityId: logActivity.id,
      body: buildHealthDeliveryBody(integration.type, notice),
      status: 'pending',
      nextAttemptAt: now,
      createdAt,
    });
  }

  insertDeliveries(tx, rows);
  return rows.length;
}

function notificationActivity(
  integration: IntegrationRow,
  notice: HealthNotice,
  createdAt: string,
): Activity {
  const change = describeHealthChange(notice);
  const target = `${integration.type} integration ${integration.id}`;

  return {
    id: generateId(),
    type: `integration.${integration.type}`,
    project: notice.project.id,
    environments: [notice.environment],
    state: 'pending',
    result: null,
    created_at: createdAt,
    started_at: null,
    updated_at: createdAt,
    completed_at: null,
    cancelled_at: null,
    completion_percent: 0,
    parameters: {
      notification: notice.id,
      kind: notice.kind,
      environment: notice.environment,
      service: notice.service,
      metric: notice.metric,
      state: notice.state,
      previous_state: notice.previous_state,
      used: notice.used,
      total: notice.total,
    },
    payload: {},
    description: `Health ${notice.kind} to ${target}: ${change}`,
    text: `Health ${notice.kind}: ${change}`,
    log: '',
    integration: integration.id,
  };
}
