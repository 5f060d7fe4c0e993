import { z } from 'zod';
import { describeHostnameProblem } from './hostnames.ts';

export const ROUTE_TYPES = ['upstream', 'redirect'] as const;

const ROUTE_URL = /^(https?):\/\/([^/]+)(\/.*)$/;
const PLACEHOLDER_HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*)\{(?:default|all)\}$/;

/** Why a route's URL template is wrong, or null: `https://{default}/`, `http://www.{all}/blog`. */
export function describeRouteProblem(route: string): string | null {
  const match = ROUTE_URL.exec(route);
  if (match === null) {
    return 'use a URL template such as https://{default}/ or https://www.example.com/shop';
  }

  const host = match[2] ?? '';
  if (host.includes('{')) {
    return PLACEHOLDER_HOST.test(host)
      ? null
      : `"${host}": a placeholder host is {default} or {all}, optionally after subdomains`;
  }
  const problem = describeHostnameProblem(host);
  return problem === null ? null : `"${host}": ${problem}`;
}

export const routeUrlSchema = z
  .string()
  .trim()
  .min(1, 'a route is required')
  .superRefine((route, context) => {
    const problem = describeRouteProblem(route);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });

/** `app:http`: the application that serves the route and its protocol. */
export const upstreamSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]*:(?:http|https)$/, {
    error: 'use <application>:http, such as app:http',
  });

const routeFields = {
  type: z.enum(ROUTE_TYPES, {
    error: (issue) => `"${String(issue.input)}" is not a route type; use upstream or redirect`,
  }),
  upstream: upstreamSchema.nullable(),
  to: routeUrlSchema.nullable(),
};

/** A route as stored: the upstream for `upstream` routes, the target for `redirect` ones. */
export const routeSchema = z
  .object({ route: routeUrlSchema, ...routeFields })
  .superRefine((route, context) => {
    if (route.type === 'upstream' && route.upstream === null) {
      context.addIssue({
        code: 'custom',
        path: ['upstream'],
        message: 'an upstream route needs an upstream, such as app:http',
      });
    }
    if (route.type === 'redirect' && route.to === null) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'a redirect route needs a target URL',
      });
    }
  })
  .transform((route) => ({
    ...route,
    upstream: route.type === 'upstream' ? route.upstream : null,
    to: route.type === 'redirect' ? route.to : null,
  }));
export type EnvironmentRoute = z.infer<typeof routeSchema>;

export const routeCreateSchema = z.object({
  route: routeUrlSchema,
  type: routeFields.type.default('upstream'),
  upstream: upstreamSchema.optional(),
  to: routeUrlSchema.optional(),
});

export const routeUpdateSchema = z.object({
  type: routeFields.type.optional(),
  upstream: upstreamSchema.optional(),
  to: routeUrlSchema.optional(),
});
