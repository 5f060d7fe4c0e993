import { activityRouter } from './routers/activities.ts';
import { authRouter } from './routers/auth.ts';
import { backupRouter } from './routers/backups.ts';
import { domainRouter } from './routers/domains.ts';
import { environmentRouter } from './routers/environments.ts';
import { healthRouter } from './routers/health.ts';
import { integrationRouter } from './routers/integrations.ts';
import { projectUserRouter } from './routers/project-users.ts';
import { projectRouter } from './routers/projects.ts';
import { routeRouter } from './routers/routes.ts';
import { variableRouter } from './routers/variables.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  project: projectRouter,
  environment: environmentRouter,
  integration: integrationRouter,
  activity: activityRouter,
  auth: authRouter,
  health: healthRouter,
  variable: variableRouter,
  route: routeRouter,
  domain: domainRouter,
  projectUser: projectUserRouter,
  backup: backupRouter,
});

export type AppRouter = typeof appRouter;
