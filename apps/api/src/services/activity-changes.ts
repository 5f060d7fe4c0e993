import { listActivitiesChangedSince } from '@herald/db';
import type { Activity } from '@herald/domain';
import type { Herald } from './herald.ts';

/** How many changed activities one read sends; a burst beyond it follows at once. */
const BATCH = 100;
/**
 * Writers in another process (a dispatcher run alone) or without a signal still show up:
 * the feed reads again this often even when nothing was signalled.
 */
const BACKSTOP_MS = 5000;

/**
 * Wakes a waiting feed when an activity of its project changes in this process. Armed before
 * each read, so a change that lands while the feed is sending is not slept through.
 */
class ChangeAlarm {
  #rung = false;
  #wake: (() => void) | null = null;
  readonly #herald: Herald;
  readonly #projectId: string;
  readonly #onActivity = (projectId: string) => {
    if (projectId !== this.#projectId) return;
    this.#rung = true;
    this.#wake?.();
  };

  constructor(herald: Herald, projectId: string) {
    this.#herald = herald;
    this.#projectId = projectId;
    herald.signals.on('activity', this.#onActivity);
  }

  /** Clears the alarm before a read: what changes from here on rings it again. */
  reset(): void {
    this.#rung = false;
  }

  /** Resolves on a change, after `ms`, or when `signal` aborts, whichever comes first. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#rung || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.#wake = done;
    });
  }

  close(): void {
    this.#herald.signals.off('activity', this.#onActivity);
  }
}

/**
 * What tells two writes of an activity apart when they share a millisecond: a pending
 * activity may be started and finished within one.
 */
function describeVersion(activity: Activity): string {
  const { id, updated_at, state, result, completion_percent, log } = activity;
  return `${id} ${updated_at} ${state} ${result} ${completion_percent} ${log.length}`;
}

export interface ActivityChange {
  /** The activity's `updated_at`: where a reconnecting subscriber picks up again. */
  cursor: string;
  activity: Activity;
}

/**
 * Every activity of the project as it changes from `since` on, oldest change first, until
 * `signal` aborts (the subscriber went away). Activities changed in the same millisecond as
 * the last one sent are read again; the versions already sent are skipped.
 */
export async function* watchActivityChanges(
  herald: Herald,
  projectId: string,
  since: string,
  signal?: AbortSignal,
): AsyncGenerator<ActivityChange> {
  const alarm = new ChangeAlarm(herald, projectId);
  let watermark = since;
  let sentAtWatermark = new Set<string>();
  try {
    while (!signal?.aborted) {
      alarm.reset();
      const changed = listActivitiesChangedSince(herald.db, projectId, watermark, BATCH);
      const fresh = changed.filter((activity) => !sentAtWatermark.has(describeVersion(activity)));
      for (const activity of fresh) {
        if (activity.updated_at !== watermark) {
          watermark = activity.updated_at;
          sentAtWatermark = new Set();
        }
        sentAtWatermark.add(describeVersion(activity));
        yield { cursor: activity.updated_at, activity };
      }
      if (changed.length < BATCH || fresh.length === 0) {
        await alarm.wait(BACKSTOP_MS, signal);
      }
    }
  } finally {
    alarm.close();
  }
}
