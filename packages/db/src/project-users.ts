import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { projectUsers } from './schema/index.ts';

export type ProjectUserRow = typeof projectUsers.$inferSelect;

export function findProjectUser(
  db: DbOrTx,
  projectId: string,
  user: string,
): ProjectUserRow | undefined {
  return db
    .select()
    .from(projectUsers)
    .where(and(eq(projectUsers.projectId, projectId), eq(projectUsers.user, user)))
    .get();
}

export function listProjectUsers(db: DbOrTx, projectId: string): ProjectUserRow[] {
  return db
    .select()
    .from(projectUsers)
    .where(eq(projectUsers.projectId, projectId))
    .orderBy(asc(projectUsers.createdAt), asc(projectUsers.user))
    .all();
}

/** The projects a user belongs to, with the role in each. */
export function listMembershipsOfUser(db: DbOrTx, user: string): ProjectUserRow[] {
  return db
    .select()
    .from(projectUsers)
    .where(eq(projectUsers.user, user))
    .orderBy(asc(projectUsers.createdAt))
    .all();
}

/** Inserts the user's membership, or replaces its role and environment roles. */
export function saveProjectUser(db: DbOrTx, row: ProjectUserRow): void {
  db.insert(projectUsers)
    .values(row)
    .onConflictDoUpdate({
      target: [projectUsers.projectId, projectUsers.user],
      set: { role: row.role, environmentRoles: row.environmentRoles, updatedAt: row.updatedAt },
    })
    .run();
}

export function deleteProjectUser(db: DbOrTx, projectId: string, user: string): void {
  db.delete(projectUsers)
    .where(and(eq(projectUsers.projectId, projectId), eq(projectUsers.user, user)))
    .run();
}
