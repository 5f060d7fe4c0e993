import { bitbucketType } from './bitbucket.ts';
import { bitbucketServerType } from './bitbucket-server.ts';
import { githubType } from './github.ts';
import { gitlabType } from './gitlab.ts';
import { healthEmailType } from './health-email.ts';
import { healthPagerDutyType } from './health-pagerduty.ts';
import { healthSlackType } from './health-slack.ts';
import { healthWebhookType } from './health-webhook.ts';
import type { IntegrationTypeSpec } from './spec.ts';
import { webhookType } from './webhook.ts';

export * from './bitbucket.ts';
export * from './bitbucket-server.ts';
export * from './git-source.ts';
export * from './github.ts';
export * from './gitlab.ts';
export * from './health-email.ts';
export * from './health-pagerduty.ts';
export * from './health-slack.ts';
export * from './health-webhook.ts';
export * from './spec.ts';
export * from './webhook.ts';

/** Every integration type Herald knows, in the order the CLI and console offer them. */
export const INTEGRATION_TYPES: readonly IntegrationTypeSpec[] = [
  webhookType,
  githubType,
  gitlabType,
  bitbucketType,
  bitbucketServerType,
  healthEmailType,
  healthSlackType,
  healthPagerDutyType,
  healthWebhookType,
];

/** The types that health state changes notify. */
export const HEALTH_INTEGRATION_TYPES = [
  healthEmailType.type,
  healthSlackType.type,
  healthPagerDutyType.type,
  healthWebhookType.type,
] as const;

export function isHealthIntegrationType(type: string): boolean {
  return (HEALTH_INTEGRATION_TYPES as readonly string[]).includes(type);
}

export const INTEGRATION_TYPE_NAMES = INTEGRATION_TYPES.map((spec) => spec.type);

export function findIntegrationType(type: string): IntegrationTypeSpec | undefined {
  return INTEGRATION_TYPES.find((spec) => spec.type === type);
}
