import type { IntegrationTypeSpec } from './spec.ts';
import { webhookType } from './webhook.ts';

export * from './spec.ts';
export * from './webhook.ts';

/** Every integration type Herald knows, in the order the CLI and console offer them. */
export const INTEGRATION_TYPES: readonly IntegrationTypeSpec[] = [webhookType];

export const INTEGRATION_TYPE_NAMES = INTEGRATION_TYPES.map((spec) => spec.type);

export function findIntegrationType(type: string): IntegrationTypeSpec | undefined {
  return INTEGRATION_TYPES.find((spec) => spec.type === type);
}
