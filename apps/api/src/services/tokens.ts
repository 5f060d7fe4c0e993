import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ApiTokenRow,
  countActiveAdminTokens,
  countTokens,
  findActiveTokenByHash,
  findProjectUser,
  findToken,
  insertApiToken,
  listMembershipsOfUser,
  listProjects,
  listTokens,
  revokeToken,
} from '@herald/db';
import {
  conflict,
  environmentRolesSchema,
  generateId,
  invalid,
  notFound,
  type ProjectRole,
  projectRoleSchema,
  projectUserSchema,
} from '@herald/domain';
import { z } from 'zod';
import { grantProjectAccess, isInstallationAdmin } from './access.ts';
import type { ActivityRunner } from './activity-runner.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export const TOKEN_PREFIX = 'hrld_';
/** How much of a token is kept in clear to tell tokens apart: the prefix and 6 characters. */
const SHOWN_LENGTH = TOKEN_PREFIX.length + 6;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function adminTokenFile(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

/**
 * On first start, makes the installation's admin token and writes it to the data directory,
 * readable by its owner only; the CLI picks it up from there when HERALD_TOKEN is unset.
 */
export function ensureAdminToken(herald: Herald): void {
  if (countTokens(herald.db) > 0) return;

  const file = adminTokenFile(herald.config.dataDir);
  const token = existsSync(file) ? readFileSync(file, 'utf8').trim() : generateToken();
  insertApiToken(herald.db, {
    id: generateId(),
    name: 'admin',
    hash: hashToken(token),
    prefix: token.slice(0, SHOWN_LENGTH),
    role: 'admin',
    user: null,
    createdAt: isoNow(herald),
  });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  herald.logger.info({ file }, 'admin token written');
}

/** The active token an `Authorization: Bearer …` header carries, or null. */
export function authenticate(herald: Herald, header: string | undefined): ApiTokenRow | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) return null;

  return findActiveToken(herald, match[1]);
}

/**
 * The active token for a token given some other way, such as the password of HTTP Basic auth
 * that Git sends to the remote. Tokens are 256 random bits: a fast hash is enough.
 */
export function findActiveToken(herald: Herald, secret: string): ApiTokenRow | null {
  return findActiveTokenByHash(herald.db, hashToken(secret)) ?? null;
}

export const tokenCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(100),
    /** An installation admin: every project, tokens included. */
    admin: z.boolean().default(false),
    /** The project user the token acts as; defaults to the token's name. */
    user: projectUserSchema.optional(),
    /** Also give the user this role in this project. */
    project: z.string().min(1).optional(),
    role: projectRoleSchema.optional(),
    environment_roles: environmentRolesSchema.optional(),
  })
  .strict();
export type TokenCreate = z.input<typeof tokenCreateSchema>;

export interface TokenProjectView {
  project: string;
  role: ProjectRole;
  environment_roles: Record<string, string>;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  /** admin (the installation's) or member (a project user's). */
  role: string;
  user: string | null;
  projects: TokenProjectView[];
  created_at: string;
  revoked_at: string | null;
}

export function presentToken(herald: Herald, row: ApiTokenRow): TokenView {
  const memberships = row.user === null ? [] : listMembershipsOfUser(herald.db, row.user);

  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    user: row.user,
    projects: memberships.map((membership) => ({
      project: membership.projectId,
      role: membership.role as ProjectRole,
      environment_roles: membership.environmentRoles,
    })),
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
  };
}

export interface CreatedToken {
  token: TokenView;
  /** The token itself: shown this once, stored only as a hash. */
  secret: string;
}

export function createToken(
  herald: Herald,
  runner: ActivityRunner,
  input: z.output<typeof tokenCreateSchema>,
) {
  if (input.admin && (input.user || input.project || input.role)) {
    throw invalid('An admin token reaches every project; leave out user, project and role', [
      { field: 'admin', message: 'cannot be combined with user, project or role' },
    ]);
  }
  if ((input.project === undefined) !== (input.role === undefined)) {
    const field = input.project === undefined ? 'project' : 'role';
    throw invalid('A project and a role go together: give both or neither', [
      { field, message: 'is required with the other' },
    ]);
  }
  const user = input.admin ? null : parseOrInvalidUser(input.user ?? input.name);
  if (input.project !== undefined) requireProject(herald, input.project);
  if (user !== null && input.project !== undefined) {
    refuseExistingMember(herald, input.project, user);
  }

  const secret = generateToken();
  const row: ApiTokenRow = {
    id: generateId(),
    name: input.name,
    hash: hashToken(secret),
    prefix: secret.slice(0, SHOWN_LENGTH),
    role: input.admin ? 'admin' : 'member',
    user,
    createdAt: isoNow(herald),
    revokedAt: null,
  };
  insertApiToken(herald.db, row);
  if (user !== null && input.project !== undefined && input.role !== undefined) {
    grantProjectAccess(herald, runner, {
      project: input.project,
      user,
      role: input.role,
      environmentRoles: input.environment_roles ?? {},
    });
  }
  herald.logger.info({ token_id: row.id, role: row.role, user }, 'api token created');

  return { token: presentToken(herald, row), secret } satisfies CreatedToken;
}

/**
 * A token's --role only grants access to someone new to the project: quietly replacing an
 * existing user's roles (and dropping their roles per environment) would widen what they reach
 * without the access activities that `user:update` records.
 */
function refuseExistingMember(herald: Herald, project: string, user: string): void {
  const member = findProjectUser(herald.db, project, user);
  if (member === undefined) return;

  throw conflict(
    `${user} is already a user of project ${project} (${member.role}): leave out --role to ` +
      'create a token with their access, or change their roles with user:update',
  );
}

function parseOrInvalidUser(user: string): string {
  const parsed = projectUserSchema.safeParse(user);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'is not a valid user';
    throw invalid(`Invalid input: user: ${message} (give --user, or a name that is one)`, [
      { field: 'user', message },
    ]);
  }

  return parsed.data;
}

export function listTokenViews(herald: Herald): TokenView[] {
  return listTokens(herald.db).map((row) => presentToken(herald, row));
}

/** Revokes a token; it stops working with the next request. The last admin token stays. */
export function revokeApiToken(herald: Herald, id: string): TokenView {
  const row = findToken(herald.db, id);
  if (row === undefined) {
    throw notFound(`Token ${id} not found; run "herald auth:token:list" to see tokens`);
  }
  if (row.revokedAt !== null) {
    throw conflict(`Token ${id} was already revoked at ${row.revokedAt}`);
  }
  if (isInstallationAdmin(row) && countActiveAdminTokens(herald.db) <= 1) {
    throw conflict(
      `Token ${id} is the last installation admin token; create another admin token first`,
    );
  }

  const revokedAt = isoNow(herald);
  revokeToken(herald.db, id, revokedAt);
  herald.logger.info({ token_id: id }, 'api token revoked');

  return presentToken(herald, { ...row, revokedAt });
}

export interface WhoAmI {
  token: Omit<TokenView, 'projects'>;
  installation_admin: boolean;
  /** The projects the token reaches and its role in each. */
  projects: TokenProjectView[];
}

/** The caller's own token and roles: for the console's sign-in and `auth:info`. */
export function describeCaller(herald: Herald, row: ApiTokenRow): WhoAmI {
  const { projects, ...token } = presentToken(herald, row);
  if (!isInstallationAdmin(row)) {
    return { token, installation_admin: false, projects };
  }

  return {
    token,
    installation_admin: true,
    projects: listProjects(herald.db).map((project) => ({
      project: project.id,
      role: 'admin' as const,
      environment_roles: {},
    })),
  };
}
