import { z } from 'zod';
import { generateSigningSecret } from '../secrets.ts';
import type { IntegrationTypeSpec } from './spec.ts';
import { httpUrlSchema } from './webhook.ts';

export const healthWebhookSettingsSchema = z
  .object({
    url: httpUrlSchema,
    shared_key: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type HealthWebhookSettings = z.infer<typeof healthWebhookSettingsSchema>;

export const healthWebhookType: IntegrationTypeSpec = {
  type: 'health.webhook',
  label: 'Health notifications by webhook',
  description:
    'POSTs a signed JSON notification to a URL when an environment runs low on disk space or ' +
    'inodes, and when it recovers.',
  schema: healthWebhookSettingsSchema,
  fields: [
    {
      name: 'url',
      option: 'url',
      label: 'URL',
      description: 'The URL where health notifications are POSTed',
      kind: 'url',
      required: true,
    },
    {
      name: 'shared_key',
      option: 'shared-key',
      label: 'Shared key',
      description: 'The key that signs every request; Herald makes one when none is given',
      kind: 'string',
      secret: true,
    },
  ],
  summarize: (config) => String(config.url ?? ''),
  hasFilters: false,
  generatedSecrets: { shared_key: generateSigningSecret },
};
