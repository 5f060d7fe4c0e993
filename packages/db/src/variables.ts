import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { environmentVariables } from './schema/index.ts';

export type VariableRow = typeof environmentVariables.$inferSelect;

const ofEnvironment = (projectId: string, environment: string) =>
  and(
    eq(environmentVariables.projectId, projectId),
    eq(environmentVariables.environment, environment),
  );

export function insertVariable(db: DbOrTx, variable: VariableRow): void {
  db.insert(environmentVariables).values(variable).run();
}

export function findVariable(
  db: DbOrTx,
  projectId: string,
  environment: string,
  name: string,
): VariableRow | undefined {
  return db
    .select()
    .from(environmentVariables)
    .where(and(ofEnvironment(projectId, environment), eq(environmentVariables.name, name)))
    .get();
}

export function listVariables(db: DbOrTx, projectId: string, environment: string): VariableRow[] {
  return db
    .select()
    .from(environmentVariables)
    .where(ofEnvironment(projectId, environment))
    .orderBy(asc(environmentVariables.name))
    .all();
}

export function updateVariable(
  db: DbOrTx,
  key: { projectId: string; environment: string; name: string },
  changes: Partial<Omit<VariableRow, 'projectId' | 'environment' | 'name' | 'createdAt'>>,
): void {
  db.update(environmentVariables)
    .set(changes)
    .where(
      and(ofEnvironment(key.projectId, key.environment), eq(environmentVariables.name, key.name)),
    )
    .run();
}

/** Deletes one variable, or every variable of the environment when `name` is left out. */
export function deleteVariables(
  db: DbOrTx,
  projectId: string,
  environment: string,
  name?: string,
): number {
  const where =
    name === undefined
      ? ofEnvironment(projectId, environment)
      : and(ofEnvironment(projectId, environment), eq(environmentVariables.name, name));

  return db.delete(environmentVariables).where(where).run().changes;
}
