import { z } from 'zod';
import type { IntegrationTypeSpec } from './spec.ts';

export const healthSlackSettingsSchema = z
  .object({
    token: z
      .string({ error: 'a Slack bot token is required' })
      .trim()
      .regex(/^xox[a-z]-\S+$/, {
        error: 'must be a Slack token, e.g. a bot token starting with xoxb-',
      }),
    channel: z
      .string({ error: 'a channel is required, e.g. #ops or C0123456789' })
      .trim()
      .min(1, 'a channel is required, e.g. #ops or C0123456789')
      .max(81)
      .regex(/^#?[^\s#]+$/, {
        error: 'must be a channel name like #ops or an ID like C0123456789',
      }),
  })
  .strict();
export type HealthSlackSettings = z.infer<typeof healthSlackSettingsSchema>;

export const healthSlackType: IntegrationTypeSpec = {
  type: 'health.slack',
  label: 'Health notifications in Slack',
  description: 'Posts to a Slack channel when an environment runs low on disk space or inodes.',
  schema: healthSlackSettingsSchema,
  fields: [
    {
      name: 'token',
      option: 'token',
      label: 'Slack bot token',
      description: 'The Slack bot token (xoxb-…) of an app allowed to post to the channel',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'channel',
      option: 'channel',
      label: 'Channel',
      description: 'The Slack channel to post to, e.g. #ops',
      kind: 'string',
      required: true,
    },
  ],
  summarize: (config) => String(config.channel ?? ''),
  hasFilters: false,
};
