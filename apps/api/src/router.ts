import { activityRouter } from './routers/activities.ts';
import { authRouter } from './routers/auth.ts';
import { healthRouter } from './routers/health.ts';
import { integrationRouter } from './routers/integrations.ts';
import { environmentRouter, projectRouter } from './routers/projects.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  project: projectRouter,
  environment: environmentRouter,
  integration: integrationRouter,
  activity: activityRouter,
  auth: authRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
