import { findActivity } from '@herald/db';
import type { Activity } from '@herald/domain';
import { moveActivity, type NewActivity, recordActivity } from './activities.ts';
import type { Herald } from './herald.ts';

/** What an action does once its turn comes; its return value is written to the activity's log. */
export type ActionWork = (activity: Activity) => Promise<string | undefined> | string | undefined;

/**
 * Runs platform actions as activities. Activities of one environment run one at a time, in the
 * order they were recorded; different environments (and projects) run side by side.
 */
export class ActivityRunner {
  readonly #herald: Herald;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #turns = new Map<string, Promise<void>>();

  constructor(herald: Herald) {
    this.#herald = herald;
  }

  /**
   * Records the activity as pending and queues its work; returns the pending activity. The work
   * waits behind the activities of the same queue: its first environment's, unless `queue` names
   * another (an integration's fetches queue apart from the environments they act on).
   */
  start(input: NewActivity, work: ActionWork, options: { queue?: string } = {}): Activity {
    const herald = this.#herald;
    const activity = herald.db.transaction((tx) =>
      recordActivity(herald, tx, { ...input, state: 'pending' }),
    );
    herald.signals.emit('outbox');
    herald.signals.emit('activity', activity.project);
    this.enqueue(activity, work, options.queue);

    return activity;
  }

  /** Queues the work of an activity that the caller recorded in a transaction of its own. */
  enqueue(activity: Activity, work: ActionWork, queue?: string): void {
    const key = queue ?? `${activity.project}/${activity.environments[0] ?? ''}`;
    const previous = this.#queues.get(key) ?? Promise.resolve();
    // A turn never rejects, so one broken action cannot stall the environment's queue.
    const turn = previous.then(() =>
      this.#run(activity, work).catch((error: unknown) => {
        this.#herald.logger.error(
          { activity_id: activity.id, err: error },
          'activity runner failed',
        );
      }),
    );
    this.#queues.set(key, turn);
    this.#turns.set(activity.id, turn);
    void turn.finally(() => {
      this.#turns.delete(activity.id);
      if (this.#queues.get(key) === turn) {
        this.#queues.delete(key);
      }
    });
  }

  /** Resolves once the activity's work has run (at once if it is not queued here). */
  async settled(activityId: string): Promise<void> {
    await this.#turns.get(activityId);
  }

  /** Resolves when every queued action has finished: for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) {
      await Promise.all(this.#queues.values());
    }
  }

  async #run(activity: Activity, work: ActionWork): Promise<void> {
    const herald = this.#herald;
    const current = findActivity(herald.db, activity.project, activity.id);
    if (current === undefined || current.state !== 'pending') {
      // Cancelled while it waited its turn, or removed with its project.
      return;
    }

    moveActivity(herald, activity.project, activity.id, { state: 'in_progress' });
    try {
      const log = await work(current);
      moveActivity(herald, activity.project, activity.id, {
        state: 'complete',
        result: 'success',
        ...(log ? { log } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      herald.logger.warn({ activity_id: activity.id, reason }, 'activity failed');
      if (findActivity(herald.db, activity.project, activity.id) === undefined) {
        return; // Its project was deleted while it ran.
      }
      moveActivity(herald, activity.project, activity.id, {
        state: 'complete',
        result: 'failure',
        log: `Failed: ${reason}`,
      });
    }
  }
}
