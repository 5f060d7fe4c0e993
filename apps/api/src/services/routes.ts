import {
  deleteRoutes,
  findRoute,
  insertRoute,
  listRoutes,
  type RouteRow,
  updateRoute as storeUpdateRoute,
} from '@herald/db';
import { conflict, notFound, parseOrInvalid, routeSchema } from '@herald/domain';
import type { ActivityRunner } from './activity-runner.ts';
import { requireEnvironment } from './environments.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface RouteView {
  route: string;
  environment: string;
  type: string;
  upstream: string | null;
  to: string | null;
  created_at: string;
  updated_at: string;
}

export function presentRoute(row: RouteRow): RouteView {
  return {
    route: row.route,
    environment: row.environment,
    type: row.type,
    upstream: row.upstream,
    to: row.to,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

function requireRoute(herald: Herald, projectId: string, environment: string, route: string) {
  const row = findRoute(herald.db, projectId, environment, route);
  if (row === undefined) {
    throw notFound(
      `Route ${route} not found on ${environment}; run "herald route:list -e ${environment}"`,
    );
  }

  return row;
}

export function listRouteViews(herald: Herald, projectId: string, environment: string) {
  requireProject(herald, projectId);
  requireEnvironment(herald, projectId, environment);
  return listRoutes(herald.db, projectId, environment).map(presentRoute);
}

export function getRouteView(
  herald: Herald,
  projectId: string,
  environment: string,
  route: string,
) {
  requireEnvironment(herald, projectId, environment);
  return presentRoute(requireRoute(herald, projectId, environment, route));
}

interface RouteInput {
  route: string;
  type?: 'upstream' | 'redirect' | undefined;
  upstream?: string | undefined;
  to?: string | undefined;
}

/** `route:create`: `environment.route.create`. */
export function createRoute(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
  input: RouteInput,
) {
  requireEnvironment(herald, projectId, environment);
  const route = parseOrInvalid(routeSchema, {
    route: input.route,
    type: input.type ?? 'upstream',
    upstream: input.upstream ?? null,
    to: input.to ?? null,
  });
  if (findRoute(herald.db, projectId, environment, route.route) !== undefined) {
    throw conflict(`Route ${route.route} already exists on ${environment}; use route:update`);
  }

  return runner.start(
    {
      project: projectId,
      type: 'environment.route.create',
      environments: [environment],
      description: `Added route ${route.route} to ${environment}`,
      parameters: { environment, ...route },
    },
    () => {
      if (findRoute(herald.db, projectId, environment, route.route) !== undefined) {
        throw new Error(`route ${route.route} was created by an earlier activity`);
      }
      const now = isoNow(herald);
      insertRoute(herald.db, { projectId, environment, ...route, createdAt: now, updatedAt: now });
      return `Route ${route.route} (${route.type}) added to ${environment}.`;
    },
  );
}

/** `route:update`: `environment.route.update`. */
export function updateRoute(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
  input: RouteInput,
) {
  requireEnvironment(herald, projectId, environment);
  const current = requireRoute(herald, projectId, environment, input.route);
  const route = parseOrInvalid(routeSchema, {
    route: current.route,
    type: input.type ?? current.type,
    upstream: input.upstream ?? current.upstream,
    to: input.to ?? current.to,
  });

  return runner.start(
    {
      project: projectId,
      type: 'environment.route.update',
      environments: [environment],
      description: `Changed route ${route.route} of ${environment}`,
      parameters: { environment, ...route },
    },
    () => {
      requireRoute(herald, projectId, environment, route.route);
      storeUpdateRoute(
        herald.db,
        { projectId, environment, route: route.route },
        { type: route.type, upstream: route.upstream, to: route.to, updatedAt: isoNow(herald) },
      );
      const target = route.upstream ?? route.to;
      return `Route ${route.route} of ${environment} is now ${route.type} to ${target}.`;
    },
  );
}

/** `route:delete`: `environment.route.delete`. */
export function deleteRoute(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
  route: string,
) {
  requireEnvironment(herald, projectId, environment);
  const current = requireRoute(herald, projectId, environment, route);

  return runner.start(
    {
      project: projectId,
      type: 'environment.route.delete',
      environments: [environment],
      description: `Removed route ${route} from ${environment}`,
      parameters: { environment, route, type: current.type },
    },
    () => {
      if (deleteRoutes(herald.db, projectId, environment, route) === 0) {
        throw new Error(`route ${route} was already removed`);
      }
      return `Route ${route} removed from ${environment}.`;
    },
  );
}
