import type { Activity } from './activity.ts';

/**
 * The webhook body: the activity object as the platform sends it. Serialised once, when the
 * delivery is enqueued, so every attempt sends and signs exactly the same bytes.
 */
export function buildWebhookBody(activity: Activity): string {
  return JSON.stringify({
    id: activity.id,
    type: activity.type,
    project: activity.project,
    environments: activity.environments,
    state: activity.state,
    result: activity.result,
    created_at: activity.created_at,
    started_at: activity.started_at,
    updated_at: activity.updated_at,
    completed_at: activity.completed_at,
    cancelled_at: activity.cancelled_at,
    completion_percent: activity.completion_percent,
    parameters: activity.parameters,
    payload: activity.payload,
    description: activity.description,
    text: activity.text,
    log: activity.log,
  });
}
