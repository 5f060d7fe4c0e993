import type { DbOrTx } from '@herald/db';
import type { ROLE_RECIPIENTS } from '@herald/domain';

type RoleRecipient = (typeof ROLE_RECIPIENTS)[number];

const ROLES: Record<RoleRecipient, string> = { '#admins': 'admin', '#viewers': 'viewer' };

export interface ResolvedRecipients {
  /** Unique addresses, in the order given. */
  addresses: string[];
  /** The role recipients that stood for nobody. */
  emptyRoles: string[];
}

/** Turns `#admins` and `#viewers` into the e-mail addresses of the project's users. */
export function resolveRecipients(
  db: DbOrTx,
  projectId: string,
  recipients: readonly string[],
): ResolvedRecipients {
  const addresses = new Map<string, string>();
  const emptyRoles: string[] = [];
  for (const recipient of recipients) {
    const role = ROLES[recipient as RoleRecipient];
    const found = role === undefined ? [recipient] : listRoleEmails(db, projectId, role);
    if (role !== undefined && found.length === 0) emptyRoles.push(recipient);
    for (const address of found) {
      if (!addresses.has(address.toLowerCase())) addresses.set(address.toLowerCase(), address);
    }
  }

  return { addresses: [...addresses.values()], emptyRoles };
}

function listRoleEmails(_db: DbOrTx, _projectId: string, _role: string): string[] {
  return [];
}
