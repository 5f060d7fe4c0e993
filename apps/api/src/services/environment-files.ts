import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Herald } from './herald.ts';

/**
 * An environment's data: the files its application wrote (its mounts), kept under
 * `<data dir>/files/<project>/<environment>`. Synchronizing data, backups and restores copy
 * these directories. Branch names may hold "/", so the environment's name is encoded: `a`
 * and `a/b` must never share a directory.
 */
export function environmentFilesPath(herald: Herald, projectId: string, name: string): string {
  return join(herald.config.dataDir, 'files', projectId, encodeURIComponent(name));
}

export function backupPath(herald: Herald, projectId: string, backupId: string): string {
  return join(herald.config.dataDir, 'backups', projectId, backupId);
}

export function ensureEnvironmentFiles(herald: Herald, projectId: string, name: string): string {
  const path = environmentFilesPath(herald, projectId, name);
  mkdirSync(path, { recursive: true });
  return path;
}

/** Replaces the directory `to` with a copy of `from` (an empty one when `from` is missing). */
export function replaceDirectory(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  if (existsSync(from)) {
    cpSync(from, to, { recursive: true, preserveTimestamps: true });
  }
}

export function measureDirectory(path: string): { files: number; bytes: number } {
  if (!existsSync(path)) return { files: 0, bytes: 0 };

  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

export function removeProjectFiles(herald: Herald, projectId: string): void {
  for (const area of ['files', 'backups']) {
    rmSync(join(herald.config.dataDir, area, projectId), { recursive: true, force: true });
  }
}
