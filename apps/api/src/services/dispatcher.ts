import { randomUUID } from 'node:crypto';
import {
  claimDueDeliveries,
  type DeliveryRow,
  findActivityById,
  findIntegrationById,
  insertAttempt,
  nextDeliveryDueAt,
  releaseLeases,
  saveActivity,
  updateDelivery,
} from '@herald/db';
import { type Activity, DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay } from '@herald/domain';
import type { Herald } from './herald.ts';
import { findSender } from './senders.ts';
import type { AttemptOutcome } from './webhook-sender.ts';

export interface DispatcherOptions {
  /** Sends at once, across every integration. */
  concurrency: number;
  /** Longer than the whole-request timeout, so a slow send is never claimed twice. */
  leaseMs: number;
  /** Checks the outbox at least this often, for work another process enqueued. */
  pollMs: number;
  retryScheduleMs: readonly number[];
  random: () => number;
  send: (delivery: DeliveryRow, herald: Herald) => Promise<AttemptOutcome>;
}

const defaultSend: DispatcherOptions['send'] = async (delivery, herald) => {
  const integration = findIntegrationById(herald.db, delivery.integrationId);
  if (integration === undefined) {
    return failure('gone', 'The integration was deleted');
  }

  const sender = findSender(integration.type);
  if (sender === undefined) {
    return failure('internal', `No sender for integrations of type ${integration.type}`);
  }

  return sender(delivery, integration, herald);
};

function failure(kind: string, message: string): AttemptOutcome {
  return {
    ok: false,
    statusCode: 0,
    errorKind: kind,
    errorMessage: message,
    responseHeaders: {},
    responseBody: '',
    durationMs: 0,
  };
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  concurrency: 64,
  leaseMs: 60_000,
  pollMs: 1_000,
  retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  random: Math.random,
  send: defaultSend,
};

/**
 * Claims due deliveries from the outbox, sends them and records every attempt. Claims and
 * results are short write transactions of their own: none is held open across an HTTP call.
 */
export class Dispatcher {
  readonly #herald: Herald;
  readonly #options: DispatcherOptions;
  readonly #owner = `dispatcher-${randomUUID()}`;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;

  constructor(herald: Herald, options: Partial<DispatcherOptions> = {}) {
    this.#herald = herald;
    this.#options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#herald.signals.on('outbox', this.#onOutbox);
    this.#loop = this.#run();
  }

  /** Stops claiming, lets in-flight sends finish, and gives back anything still leased. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#herald.signals.off('outbox', this.#onOutbox);
    this.#wake?.();
    await this.#loop;
    await Promise.all(this.#inFlight);
    releaseLeases(this.#herald.db, this.#owner);
  }

  readonly #onOutbox = () => this.#wake?.();

  async #run(): Promise<void> {
    while (this.#running) {
      const free = this.#options.concurrency - this.#inFlight.size;
      const claimed = free > 0 ? this.#claim(free) : [];
      for (const delivery of claimed) {
        const send = this.#attempt(delivery).finally(() => {
          this.#inFlight.delete(send);
          this.#wake?.();
        });
        this.#inFlight.add(send);
      }

      if (claimed.length === 0 || this.#inFlight.size >= this.#options.concurrency) {
        await this.#sleep(this.#idleDelay());
      }
    }
  }

  #claim(limit: number): DeliveryRow[] {
    return claimDueDeliveries(this.#herald.db, {
      now: this.#herald.clock.now(),
      leaseMs: this.#options.leaseMs,
      owner: this.#owner,
      limit,
    });
  }

  #idleDelay(): number {
    const dueAt = nextDeliveryDueAt(this.#herald.db);
    if (dueAt === null) return this.#options.pollMs;

    return Math.min(this.#options.pollMs, Math.max(0, dueAt - this.#herald.clock.now()));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  async #attempt(delivery: DeliveryRow): Promise<void> {
    const herald = this.#herald;
    const startedAt = new Date(herald.clock.now()).toISOString();
    let outcome: AttemptOutcome;
    try {
      outcome = await this.#options.send(delivery, herald);
    } catch (error) {
      outcome = failure('internal', error instanceof Error ? error.message : String(error));
    }

    this.#record(delivery, outcome, startedAt);
  }

  #record(delivery: DeliveryRow, outcome: AttemptOutcome, startedAt: string): void {
    const herald = this.#herald;
    const now = herald.clock.now();
    const number = delivery.attemptCount + 1;
    const retryIn = outcome.ok
      ? null
      : nextRetryDelay(number, this.#options.random(), this.#options.retryScheduleMs);
    const status = outcome.ok ? 'succeeded' : retryIn === null ? 'failed' : 'pending';

    herald.db.transaction((tx) => {
      insertAttempt(tx, {
        deliveryId: delivery.id,
        number,
        startedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        errorKind: outcome.errorKind,
        errorMessage: outcome.errorMessage,
        responseHeaders: outcome.responseHeaders,
        responseBody: outcome.responseBody,
      });
      updateDelivery(tx, delivery.id, {
        status,
        attemptCount: number,
        nextAttemptAt: retryIn === null ? delivery.nextAttemptAt : now + retryIn,
        leaseUntil: null,
        leaseOwner: null,
        completedAt: status === 'pending' ? null : new Date(now).toISOString(),
      });

      const logActivity = findActivityById(tx, delivery.logActivityId);
      if (logActivity !== undefined) {
        saveActivity(tx, logAttempt(logActivity, number, outcome, status, now, retryIn));
      }
    });

    herald.logger.info(
      {
        delivery_id: delivery.id,
        integration_id: delivery.integrationId,
        activity_id: delivery.activityId,
        attempt: number,
        status_code: outcome.statusCode,
        error_kind: outcome.errorKind,
        duration_ms: outcome.durationMs,
        outcome: status,
      },
      'delivery attempt',
    );
  }
}

function logAttempt(
  activity: Activity,
  number: number,
  outcome: AttemptOutcome,
  status: string,
  now: number,
  retryIn: number | null,
): Activity {
  const at = new Date(now).toISOString();
  const answer =
    outcome.statusCode > 0
      ? `HTTP ${outcome.statusCode}`
      : `${outcome.errorKind}: ${outcome.errorMessage}`;
  let line = `Attempt ${number}: ${answer} in ${outcome.durationMs} ms`;
  if (status === 'pending' && retryIn !== null) {
    line += `; next attempt in ${Math.round(retryIn / 1000)} s`;
  }

  const finished = status !== 'pending';
  return {
    ...activity,
    state: finished ? 'complete' : 'in_progress',
    result: finished ? (status === 'succeeded' ? 'success' : 'failure') : null,
    started_at: activity.started_at ?? at,
    updated_at: at,
    completed_at: finished ? at : null,
    completion_percent: finished ? 100 : activity.completion_percent,
    log: activity.log ? `${activity.log}\n${line}` : line,
    payload: { ...activity.payload, status_code: outcome.statusCode, attempts: number },
  };
}
