import { z } from 'zod';
import type { IntegrationTypeSpec } from './spec.ts';

/** `#admins` and `#viewers` stand for the project's users with that role when a mail is sent. */
export const ROLE_RECIPIENTS = ['#admins', '#viewers'] as const;

const emailAddressSchema = z.email({ error: 'must be an e-mail address, e.g. ops@example.com' });

export function isEmailAddress(value: string): boolean {
  return emailAddressSchema.safeParse(value).success;
}

export const recipientSchema = z
  .string()
  .trim()
  .min(1)
  .refine(
    (value) => (ROLE_RECIPIENTS as readonly string[]).includes(value) || isEmailAddress(value),
    {
      error: (issue) => `"${String(issue.input)}" is not an e-mail address, #admins or #viewers`,
    },
  );

export const healthEmailSettingsSchema = z
  .object({
    from_address: emailAddressSchema.optional(),
    recipients: z
      .array(recipientSchema, { error: 'a list of recipients is required' })
      .min(1, 'name at least one recipient: an address, #admins or #viewers'),
  })
  .strict();
export type HealthEmailSettings = z.infer<typeof healthEmailSettingsSchema>;

export const healthEmailType: IntegrationTypeSpec = {
  type: 'health.email',
  label: 'Health notifications by e-mail',
  description: 'E-mails people when an environment runs low on disk space or inodes.',
  schema: healthEmailSettingsSchema,
  fields: [
    {
      name: 'from_address',
      option: 'from-address',
      label: 'From address',
      description: "The address notifications come from (default: the installation's sender)",
      kind: 'string',
    },
    {
      name: 'recipients',
      option: 'recipients',
      label: 'Recipients',
      description:
        'The addresses to notify; #admins and #viewers mean the project users with that role',
      kind: 'list',
      required: true,
    },
  ],
  summarize: (config) => {
    const recipients = Array.isArray(config.recipients) ? config.recipients.join(', ') : '';
    return `From: ${String(config.from_address ?? '(default)')}; To: ${recipients}`;
  },
  hasFilters: false,
};
