import { z } from 'zod';
import { filterFieldsSchema } from '../filters.ts';
import { generateSigningSecret } from '../secrets.ts';
import type { FieldSpec, IntegrationTypeSpec } from './spec.ts';

/** Browsers and most HTTP servers handle URLs this long; longer ones are mistakes or abuse. */
export const MAX_URL_LENGTH = 2048;

export const httpUrlSchema = z
  .string({ error: 'a URL is required' })
  .trim()
  .min(1, 'a URL is required')
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH.toLocaleString('en')} characters long`)
  .refine((value) => URL.canParse(value), {
    error: 'must be a valid URL, e.g. https://example.com/hook',
  })
  .refine(
    (value) => !URL.canParse(value) || ['http:', 'https:'].includes(new URL(value).protocol),
    {
      error: 'must be an http:// or https:// URL',
    },
  );

export const webhookSettingsSchema = z
  .object({
    url: httpUrlSchema,
    shared_key: z.string().min(1).max(1024).optional(),
  })
  .extend(filterFieldsSchema.shape)
  .strict();
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

export const FILTER_FIELDS: readonly FieldSpec[] = [
  {
    name: 'events',
    option: 'events',
    label: 'Events to report',
    description: 'A list of events to report, e.g. environment.push',
    kind: 'list',
  },
  {
    name: 'states',
    option: 'states',
    label: 'States to report',
    description: 'A list of activity states to report, e.g. pending, in_progress, complete',
    kind: 'list',
  },
  {
    name: 'result',
    option: 'result',
    label: 'Result to report',
    description: 'A result to listen for',
    kind: 'enum',
    choices: ['*', 'success', 'failure'],
  },
  {
    name: 'environments',
    option: 'environments',
    label: 'Included environments',
    description: 'The environments to include',
    kind: 'list',
  },
  {
    name: 'excluded_environments',
    option: 'excluded-environments',
    label: 'Excluded environments',
    description: 'The environments to exclude',
    kind: 'list',
  },
];

export const webhookType: IntegrationTypeSpec = {
  type: 'webhook',
  label: 'Webhook',
  description: 'Sends every matching activity as a signed JSON POST to a URL.',
  schema: webhookSettingsSchema,
  fields: [
    {
      name: 'url',
      option: 'url',
      label: 'URL',
      description: 'The URL where activities are POSTed',
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
    ...FILTER_FIELDS,
  ],
  summarize: (config) => String(config.url ?? ''),
  hasFilters: true,
  generatedSecrets: { shared_key: generateSigningSecret },
};
