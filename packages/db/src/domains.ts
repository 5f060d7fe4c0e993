import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { projectDomains } from './schema/index.ts';

export type DomainRow = typeof projectDomains.$inferSelect;

export function insertDomain(db: DbOrTx, domain: DomainRow): void {
  db.insert(projectDomains).values(domain).run();
}

export function findDomain(db: DbOrTx, projectId: string, name: string): DomainRow | undefined {
  return db
    .select()
    .from(projectDomains)
    .where(and(eq(projectDomains.projectId, projectId), eq(projectDomains.name, name)))
    .get();
}

export function listDomains(db: DbOrTx, projectId: string): DomainRow[] {
  return db
    .select()
    .from(projectDomains)
    .where(eq(projectDomains.projectId, projectId))
    .orderBy(asc(projectDomains.name))
    .all();
}

/** Makes `name` the project's only default domain. */
export function setDefaultDomain(db: DbOrTx, projectId: string, name: string, at: string): void {
  db.update(projectDomains)
    .set({ isDefault: false, updatedAt: at })
    .where(and(eq(projectDomains.projectId, projectId), eq(projectDomains.isDefault, true)))
    .run();
  db.update(projectDomains)
    .set({ isDefault: true, updatedAt: at })
    .where(and(eq(projectDomains.projectId, projectId), eq(projectDomains.name, name)))
    .run();
}

export function updateDomain(
  db: DbOrTx,
  projectId: string,
  name: string,
  changes: Partial<Pick<DomainRow, 'isDefault' | 'updatedAt'>>,
): void {
  db.update(projectDomains)
    .set(changes)
    .where(and(eq(projectDomains.projectId, projectId), eq(projectDomains.name, name)))
    .run();
}

export function deleteDomain(db: DbOrTx, projectId: string, name: string): number {
  return db
    .delete(projectDomains)
    .where(and(eq(projectDomains.projectId, projectId), eq(projectDomains.name, name)))
    .run().changes;
}
