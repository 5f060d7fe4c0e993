import type { DeliveryRow, IntegrationRow } from '@herald/db';
import {
  buildWebhookBody,
  findIntegrationType,
  generateMessageId,
  toFieldIssues,
} from '@herald/domain';
import { buildActivity } from './activities.ts';
import type { Herald } from './herald.ts';
import { requireIntegration } from './integrations.ts';
import { sendWebhook } from './webhook-sender.ts';

export interface IntegrationValidation {
  id: string;
  type: string;
  valid: boolean;
  /** Why it cannot work, one reason a line; empty when valid. */
  errors: string[];
  /** What was checked, for the person reading the result. */
  checks: string[];
}

type Check = Pick<IntegrationValidation, 'errors' | 'checks'>;

/** A live check of one type: does the integration actually work with what it points at? */
type LiveCheck = (herald: Herald, integration: IntegrationRow) => Promise<Check>;

/**
 * Live checks by type. A type without one is checked against its schema only: its settings
 * can be valid while the service they name refuses them, which only a live check can tell.
 */
const LIVE_CHECKS: Record<string, LiveCheck> = {
  webhook: checkWebhook,
};

/** Checks that an integration can work: its settings, then (where its type has one) live. */
export async function validateIntegration(
  herald: Herald,
  projectId: string,
  integrationId: string,
): Promise<IntegrationValidation> {
  const integration = requireIntegration(herald, projectId, integrationId);
  const result = { id: integration.id, type: integration.type };
  const spec = findIntegrationType(integration.type);
  if (spec === undefined) {
    return { ...result, valid: false, errors: [`Unknown type ${integration.type}`], checks: [] };
  }

  const parsed = spec.schema.safeParse({ ...integration.config, ...integration.secrets });
  if (!parsed.success) {
    const errors = toFieldIssues(parsed.error).map((issue) => `${issue.field}: ${issue.message}`);
    return { ...result, valid: false, errors, checks: ['settings'] };
  }

  const live = LIVE_CHECKS[integration.type];
  if (live === undefined) {
    return { ...result, valid: true, errors: [], checks: ['settings'] };
  }

  const check = await live(herald, integration);
  herald.logger.info(
    { integration_id: integration.id, valid: check.errors.length === 0 },
    'integration validated',
  );
  return {
    ...result,
    valid: check.errors.length === 0,
    errors: check.errors,
    checks: ['settings', ...check.checks],
  };
}

/**
 * Sends one signed test delivery to the webhook's URL, through the same sender as real
 * deliveries, so signing, timeouts and address rules are the ones deliveries meet. It is not
 * queued: a failed test is reported, never retried.
 */
async function checkWebhook(herald: Herald, integration: IntegrationRow): Promise<Check> {
  const activity = buildActivity(herald, {
    project: integration.projectId,
    type: 'integration.webhook.validate',
    environments: [],
    description: `Test delivery to webhook integration ${integration.id}`,
    state: 'complete',
    result: 'success',
  });
  const now = herald.clock.now();
  const delivery: DeliveryRow = {
    id: generateMessageId(),
    integrationId: integration.id,
    activityId: activity.id,
    logActivityId: activity.id,
    body: buildWebhookBody({ ...activity, integration: integration.id }),
    status: 'pending',
    attemptCount: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    leaseOwner: null,
    createdAt: activity.created_at,
    completedAt: null,
  };

  const outcome = await sendWebhook(delivery, integration, herald);
  const check = `a signed test delivery to ${String(integration.config.url)}`;
  if (outcome.ok) {
    return { errors: [], checks: [`${check}: HTTP ${outcome.statusCode}`] };
  }
  if (outcome.statusCode > 0) {
    return {
      errors: [`The URL answered HTTP ${outcome.statusCode} to a test delivery; expected 2xx`],
      checks: [check],
    };
  }

  return {
    errors: [`The test delivery did not arrive (${outcome.errorKind}): ${outcome.errorMessage}`],
    checks: [check],
  };
}
