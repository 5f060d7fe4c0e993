import { z } from 'zod';
import type { IntegrationTypeSpec } from './spec.ts';

export const healthPagerDutySettingsSchema = z
  .object({
    // PagerDuty documents the routing (integration) key as 32 characters.
    routing_key: z
      .string({ error: 'a PagerDuty routing key is required' })
      .trim()
      .regex(/^[A-Za-z0-9]{32}$/, {
        error: "must be the 32-character integration key of a PagerDuty service's Events API v2",
      }),
  })
  .strict();
export type HealthPagerDutySettings = z.infer<typeof healthPagerDutySettingsSchema>;

export const healthPagerDutyType: IntegrationTypeSpec = {
  type: 'health.pagerduty',
  label: 'Health notifications in PagerDuty',
  description:
    'Triggers a PagerDuty alert when an environment runs low on disk space or inodes, and ' +
    'resolves it on recovery.',
  schema: healthPagerDutySettingsSchema,
  fields: [
    {
      name: 'routing_key',
      option: 'routing-key',
      label: 'Routing key',
      description: 'The integration key of an Events API v2 integration of the PagerDuty service',
      kind: 'string',
      secret: true,
      required: true,
    },
  ],
  summarize: () => 'PagerDuty Events API v2',
  hasFilters: false,
};
