import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { environmentRoutes } from './schema/index.ts';

export type RouteRow = typeof environmentRoutes.$inferSelect;

const ofEnvironment = (projectId: string, environment: string) =>
  and(eq(environmentRoutes.projectId, projectId), eq(environmentRoutes.environment, environment));

export function insertRoute(db: DbOrTx, route: RouteRow): void {
  db.insert(environmentRoutes).values(route).run();
}

export function findRoute(
  db: DbOrTx,
  projectId: string,
  environment: string,
  route: string,
): RouteRow | undefined {
  return db
    .select()
    .from(environmentRoutes)
    .where(and(ofEnvironment(projectId, environment), eq(environmentRoutes.route, route)))
    .get();
}

export function listRoutes(db: DbOrTx, projectId: string, environment: string): RouteRow[] {
  return db
    .select()
    .from(environmentRoutes)
    .where(ofEnvironment(projectId, environment))
    .orderBy(asc(environmentRoutes.route))
    .all();
}

export function updateRoute(
  db: DbOrTx,
  key: { projectId: string; environment: string; route: string },
  changes: Partial<Pick<RouteRow, 'type' | 'upstream' | 'to' | 'updatedAt'>>,
): void {
  db.update(environmentRoutes)
    .set(changes)
    .where(
      and(ofEnvironment(key.projectId, key.environment), eq(environmentRoutes.route, key.route)),
    )
    .run();
}

/** Deletes one route, or every route of the environment when `route` is left out. */
export function deleteRoutes(
  db: DbOrTx,
  projectId: string,
  environment: string,
  route?: string,
): number {
  const where =
    route === undefined
      ? ofEnvironment(projectId, environment)
      : and(ofEnvironment(projectId, environment), eq(environmentRoutes.route, route));

  return db.delete(environmentRoutes).where(where).run().changes;
}
