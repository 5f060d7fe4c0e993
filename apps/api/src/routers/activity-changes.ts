import { tracked } from '@trpc/server';
import { z } from 'zod';
import { watchActivityChanges } from '../services/activity-changes.ts';
import { isoNow } from '../services/herald.ts';
import { requireProject } from '../services/projects.ts';
import { viewerProcedure } from '../trpc.ts';

/** Live activities, pushed over server-sent events: part of `activity`. */
export const activityChangeProcedures = {
  /**
   * Each activity of the project as it is recorded or changes state, from `since` (default:
   * now) on. A client that reconnects sends the last cursor it saw as `lastEventId`.
   */
  changes: viewerProcedure
    .input(
      z.object({
        project: z.string().min(1),
        since: z.iso.datetime().optional(),
        lastEventId: z.string().nullish(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      requireProject(ctx.herald, input.project);
      const since = input.lastEventId ?? input.since ?? isoNow(ctx.herald);
      for await (const change of watchActivityChanges(ctx.herald, input.project, since, signal)) {
        yield tracked(change.cursor, change.activity);
      }
    }),
};
