import { rmSync } from 'node:fs';
import {
  type BackupRow,
  findBackup,
  insertBackup,
  listBackups,
  markBackupRestored,
} from '@herald/db';
import { conflict, generateId, notFound } from '@herald/domain';
import type { ActivityRunner } from './activity-runner.ts';
import {
  backupPath,
  environmentFilesPath,
  measureDirectory,
  replaceDirectory,
} from './environment-files.ts';
import { requireEnvironment, setEnvironmentStatus } from './environments.ts';
import { hasCommit, readBranch, setBranch } from './git.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface BackupView {
  id: string;
  environment: string;
  commit_id: string | null;
  file_count: number;
  size_bytes: number;
  created_at: string;
  restored_at: string | null;
}

export function presentBackup(row: BackupRow): BackupView {
  return {
    id: row.id,
    environment: row.environment,
    commit_id: row.commitId,
    file_count: row.fileCount,
    size_bytes: row.sizeBytes,
    created_at: row.createdAt,
    restored_at: row.restoredAt,
  };
}

export function listBackupViews(herald: Herald, projectId: string, environment?: string) {
  requireProject(herald, projectId);
  if (environment !== undefined) requireEnvironment(herald, projectId, environment);
  return listBackups(herald.db, projectId, environment).map(presentBackup);
}

function requireBackup(herald: Herald, projectId: string, id: string): BackupRow {
  const backup = findBackup(herald.db, projectId, id);
  if (backup === undefined) {
    throw notFound(`Backup ${id} not found in project ${projectId}; run "herald backup:list"`);
  }

  return backup;
}

export function getBackupView(herald: Herald, projectId: string, id: string): BackupView {
  return presentBackup(requireBackup(herald, projectId, id));
}

/** `backup:create`: `environment.backup`, the branch's commit and a copy of the files. */
export function createBackup(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
) {
  const target = requireEnvironment(herald, projectId, environment);
  if (target.status !== 'active') {
    throw conflict(
      `Environment ${environment} is ${target.status}; only an active one is backed up`,
    );
  }
  const id = generateId();

  return runner.start(
    {
      project: projectId,
      type: 'environment.backup',
      environments: [environment],
      description: `Backed up ${environment}`,
      parameters: { environment, backup_name: id },
    },
    async () => {
      const commit = (await readBranch(herald, projectId, environment)) ?? target.headCommit;
      const path = backupPath(herald, projectId, id);
      replaceDirectory(environmentFilesPath(herald, projectId, environment), path);
      const size = measureDirectory(path);
      try {
        insertBackup(herald.db, {
          id,
          projectId,
          environment,
          commitId: commit,
          fileCount: size.files,
          sizeBytes: size.bytes,
          createdAt: isoNow(herald),
          restoredAt: null,
        });
      } catch (error) {
        rmSync(path, { recursive: true, force: true });
        throw error;
      }
      const code = commit?.slice(0, 12) ?? 'no code';
      return `Backup ${id} of ${environment}: ${code}, ${size.files} file(s), ${size.bytes} bytes.`;
    },
  );
}

/**
 * `backup:restore`: `environment.restore`. The files are put back and, unless told not to,
 * the branch goes back to the backup's commit (a forced move, as the platform's restore is).
 */
export function restoreBackup(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: { backup: string; target?: string | undefined; restoreCode: boolean },
) {
  const backup = requireBackup(herald, projectId, input.backup);
  const targetName = input.target ?? backup.environment;
  const target = requireEnvironment(herald, projectId, targetName);
  if (target.status !== 'active') {
    throw conflict(`Environment ${targetName} is ${target.status}; activate it before restoring`);
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.restore',
      environments: [targetName],
      description: `Restored ${targetName} from backup ${backup.id}`,
      parameters: {
        environment: targetName,
        backup_name: backup.id,
        backup_environment: backup.environment,
        restore_code: input.restoreCode,
      },
    },
    async () => {
      requireBackup(herald, projectId, backup.id);
      replaceDirectory(
        backupPath(herald, projectId, backup.id),
        environmentFilesPath(herald, projectId, targetName),
      );
      const log = [`Files of ${targetName} restored from backup ${backup.id}.`];
      if (input.restoreCode && backup.commitId !== null) {
        if (await hasCommit(herald, projectId, backup.commitId)) {
          await setBranch(herald, projectId, targetName, backup.commitId);
          log.push(`Branch ${targetName} reset to ${backup.commitId.slice(0, 12)}.`);
        }
        setEnvironmentStatus(herald, projectId, targetName, { headCommit: backup.commitId });
      }
      markBackupRestored(herald.db, projectId, backup.id, isoNow(herald));
      return log.join('\n');
    },
  );
}
