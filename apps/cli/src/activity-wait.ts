import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity } from '@herald/domain';
import { type CliContext, say } from './context.ts';
import { EXIT } from './errors.ts';

const POLL_MS = 200;
const WAIT_LIMIT_MS = 10 * 60_000;

/**
 * Follows an activity until it completes, as the platform CLI does unless `--no-wait` is
 * given; returns the exit code its result deserves.
 */
export async function waitForActivity(
  ctx: CliContext,
  activity: Activity,
  wait: boolean,
): Promise<number> {
  return (await followActivity(ctx, activity, wait)).code;
}

/** As waitForActivity, also returning the activity as it was last seen. */
export async function followActivity(
  ctx: CliContext,
  activity: Activity,
  wait: boolean,
): Promise<{ code: number; activity: Activity }> {
  say(ctx, `Activity ${activity.id}: ${activity.description}`);
  if (!wait) return { code: EXIT.ok, activity };

  const deadline = Date.now() + WAIT_LIMIT_MS;
  let current = activity;
  while (current.state === 'pending' || current.state === 'in_progress') {
    if (Date.now() > deadline) {
      say(ctx, `Still ${current.state} after ${WAIT_LIMIT_MS / 60_000} minutes; stopped waiting.`);
      return { code: EXIT.failed, activity: current };
    }
    await sleep(POLL_MS);
    current = await ctx.client.activity.get.query({ project: activity.project, id: activity.id });
  }

  if (current.log) say(ctx, current.log);
  if (current.state === 'cancelled') {
    say(ctx, `Activity ${current.id} was cancelled.`);
    return { code: EXIT.failed, activity: current };
  }
  say(ctx, `Activity ${current.id} completed: ${current.result}`);
  return { code: current.result === 'success' ? EXIT.ok : EXIT.failed, activity: current };
}
