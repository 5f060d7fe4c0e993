import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiTokenRow, countTokens, findActiveTokenByHash, insertApiToken } from '@herald/db';
import { generateId } from '@herald/domain';
import { type Herald, isoNow } from './herald.ts';

export const TOKEN_PREFIX = 'hrld_';

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
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    role: 'admin',
    createdAt: isoNow(herald),
  });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  herald.logger.info({ file }, 'admin token written');
}

export function authenticate(herald: Herald, header: string | undefined): ApiTokenRow | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) return null;

  return findActiveTokenByHash(herald.db, hashToken(match[1])) ?? null;
}
