import { type DbOrTx, listProjectUsers } from '@herald/db';
import { isEmailAddress, type ProjectRole, type ROLE_RECIPIENTS } from '@herald/domain';

type RoleRecipient = (typeof ROLE_RECIPIENTS)[number];

const ROLES: Record<RoleRecipient, ProjectRole> = { '#admins': 'admin', '#viewers': 'viewer' };

export interface ResolvedRecipients {
  /** Unique addresses, in the order given. */
  addresses: string[];
  /** The role recipients that stood for nobody. */
  emptyRoles: string[];
}

/**
 * Turns `#admins` and `#viewers` into the e-mail addresses of the project's users with exactly
 * that role (a contributor is neither). Project users named by something other than an
 * address, such as `ci-deploy`, receive no mail.
 */
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

function listRoleEmails(db: DbOrTx, projectId: string, role: ProjectRole): string[] {
  return listProjectUsers(db, projectId)
    .filter((member) => member.role === role && isEmailAddress(member.user))
    .map((member) => member.user);
}
