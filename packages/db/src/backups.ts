import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { backups } from './schema/index.ts';

export type BackupRow = typeof backups.$inferSelect;

export function insertBackup(db: DbOrTx, backup: BackupRow): void {
  db.insert(backups).values(backup).run();
}

export function findBackup(db: DbOrTx, projectId: string, id: string): BackupRow | undefined {
  return db
    .select()
    .from(backups)
    .where(and(eq(backups.projectId, projectId), eq(backups.id, id)))
    .get();
}

/** Newest first; every environment's when `environment` is left out. */
export function listBackups(db: DbOrTx, projectId: string, environment?: string): BackupRow[] {
  const where =
    environment === undefined
      ? eq(backups.projectId, projectId)
      : and(eq(backups.projectId, projectId), eq(backups.environment, environment));

  return db
    .select()
    .from(backups)
    .where(where)
    .orderBy(desc(backups.createdAt), desc(backups.id))
    .all();
}

export function markBackupRestored(db: DbOrTx, projectId: string, id: string, at: string): void {
  db.update(backups)
    .set({ restoredAt: at })
    .where(and(eq(backups.projectId, projectId), eq(backups.id, id)))
    .run();
}

export function deleteBackupsOfEnvironment(
  db: DbOrTx,
  projectId: string,
  environment: string,
): BackupRow[] {
  return db
    .delete(backups)
    .where(and(eq(backups.projectId, projectId), eq(backups.environment, environment)))
    .returning()
    .all();
}
