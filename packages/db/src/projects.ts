import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { prepareOnce } from './prepared.ts';
import { environments, projects } from './schema/index.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type EnvironmentRow = typeof environments.$inferSelect;
export type NewEnvironment = typeof environments.$inferInsert;

export function insertProject(db: DbOrTx, project: typeof projects.$inferInsert): void {
  db.insert(projects).values(project).run();
}

/** Every project-scoped API call looks its project up first. */
export function findProject(db: DbOrTx, id: string): ProjectRow | undefined {
  const query = prepareOnce(db, 'findProject', () =>
    db
      .select()
      .from(projects)
      .where(eq(projects.id, sql.placeholder('id')))
      .prepare(),
  );

  return query.get({ id });
}

export function listProjects(db: DbOrTx): ProjectRow[] {
  return db.select().from(projects).orderBy(asc(projects.createdAt)).all();
}

export function updateProject(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<ProjectRow, 'id' | 'createdAt'>>,
): void {
  db.update(projects).set(changes).where(eq(projects.id, id)).run();
}

export function deleteProject(db: DbOrTx, id: string): void {
  db.delete(projects).where(eq(projects.id, id)).run();
}

export function insertEnvironment(db: DbOrTx, environment: NewEnvironment): void {
  db.insert(environments).values(environment).run();
}

export function findEnvironment(
  db: DbOrTx,
  projectId: string,
  name: string,
): EnvironmentRow | undefined {
  // Access control looks the environment up on every environment-scoped call.
  const query = prepareOnce(db, 'findEnvironment', () =>
    db
      .select()
      .from(environments)
      .where(
        and(
          eq(environments.projectId, sql.placeholder('projectId')),
          eq(environments.name, sql.placeholder('name')),
        ),
      )
      .prepare(),
  );

  return query.get({ projectId, name });
}

/** The project's environments that have not been deleted, oldest first. */
export function listEnvironments(db: DbOrTx, projectId: string): EnvironmentRow[] {
  return db
    .select()
    .from(environments)
    .where(and(eq(environments.projectId, projectId), ne(environments.status, 'deleted')))
    .orderBy(asc(environments.createdAt), asc(environments.name))
    .all();
}

export function updateEnvironment(
  db: DbOrTx,
  projectId: string,
  name: string,
  changes: Partial<Omit<EnvironmentRow, 'projectId' | 'name' | 'createdAt'>>,
): void {
  db.update(environments)
    .set(changes)
    .where(and(eq(environments.projectId, projectId), eq(environments.name, name)))
    .run();
}
