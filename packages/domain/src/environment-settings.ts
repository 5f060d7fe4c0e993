import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { invalid } from './errors.ts';
import { MASK } from './integrations/spec.ts';

/** `any`, an address, or a CIDR range; single addresses are stored as /32 or /128. */
export const accessAddressSchema = z
  .string()
  .trim()
  .transform((address, context) => {
    if (address === 'any') return address;
    try {
      const [range, bits] = address.includes('/')
        ? ipaddr.parseCIDR(address)
        : (() => {
            const single = ipaddr.parse(address);
            return [single, single.kind() === 'ipv4' ? 32 : 128] as const;
          })();
      return `${range.toString()}/${bits}`;
    } catch {
      context.addIssue({
        code: 'custom',
        message: `"${address}" is not an IP address or CIDR range (such as 192.0.2.0/24), nor any`,
      });
      return z.NEVER;
    }
  });

export const accessRuleSchema = z.object({
  permission: z.enum(['allow', 'deny'], { error: 'a rule is allow or deny' }),
  address: accessAddressSchema,
});
export type AccessRule = z.infer<typeof accessRuleSchema>;

export const basicAuthUserSchema = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, {
  error: 'a user name holds letters, digits, ".", "_", "@", "-"',
});

/** HTTP access control: address rules checked in order, and optional basic-auth users. */
export const httpAccessSchema = z.object({
  is_enabled: z.boolean(),
  addresses: z.array(accessRuleSchema).max(100),
  /** User name -> password. Passwords are write-only. */
  basic_auth: z.record(basicAuthUserSchema, z.string().min(1).max(128)),
});
export type HttpAccess = z.infer<typeof httpAccessSchema>;

export const httpAccessUpdateSchema = httpAccessSchema.partial();
export type HttpAccessUpdate = z.infer<typeof httpAccessUpdateSchema>;

export interface EnvironmentSettings {
  /** Asks search engines not to index the environment (an `X-Robots-Tag: noindex` header). */
  restrict_robots: boolean;
  /** Whether the environment may send e-mail. */
  enable_smtp: boolean;
  http_access: HttpAccess;
}

/** The platform's defaults: production is indexed and sends mail, the others do neither. */
export function defaultEnvironmentSettings(type: string): EnvironmentSettings {
  const production = type === 'production';
  return {
    restrict_robots: !production,
    enable_smtp: production,
    http_access: { is_enabled: true, addresses: [], basic_auth: {} },
  };
}

export function readEnvironmentSettings(
  type: string,
  stored: Record<string, unknown>,
): EnvironmentSettings {
  return { ...defaultEnvironmentSettings(type), ...stored } as EnvironmentSettings;
}

/** The settings as people see them: basic-auth passwords masked. */
export function maskEnvironmentSettings(settings: EnvironmentSettings): EnvironmentSettings {
  const users = Object.keys(settings.http_access.basic_auth);
  return {
    ...settings,
    http_access: {
      ...settings.http_access,
      basic_auth: Object.fromEntries(users.map((user) => [user, MASK])),
    },
  };
}

/** The boolean settings set one at a time, and the event each change is. */
export const SETTING_EVENTS = {
  restrict_robots: 'environment.update.restrict_robots',
  enable_smtp: 'environment.update.smtp',
} as const;
export type BooleanSetting = keyof typeof SETTING_EVENTS;

/** Reads a CLI rule such as `allow:192.0.2.0/24` or `deny:any`. */
export function parseAccessRule(text: string): AccessRule {
  const at = text.indexOf(':');
  const parsed = accessRuleSchema.safeParse({
    permission: at === -1 ? text : text.slice(0, at),
    address: at === -1 ? '' : text.slice(at + 1),
  });
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw invalid(`--access ${text}: ${message}; write allow:ADDRESS or deny:ADDRESS`, [
      { field: 'addresses', message },
    ]);
  }

  return parsed.data;
}

/** Reads `--auth user:password`. */
export function parseBasicAuth(text: string): [string, string] {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) {
    throw invalid('--auth takes USER:PASSWORD', [
      { field: 'basic_auth', message: 'USER:PASSWORD' },
    ]);
  }

  return [text.slice(0, at), text.slice(at + 1)];
}
