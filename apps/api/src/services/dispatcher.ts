import { randomUUID } from 'node:crypto';
import {
  claimDueDeliveries,
  type DbOrTx,
  type DeliveryRow,
  findActivityById,
  findIntegrationById,
  type IntegrationRow,
  insertAttempt,
  nextDeliveryDueAt,
  releaseLeases,
  saveActivity,
  settleLeasedDelivery,
  updateIntegration,
} from '@herald/db';
import {
  type Activity,
  applyRetryAfter,
  DEFAULT_RETRY_SCHEDULE_MS,
  FAILING_INTEGRATION_DISABLE_MS,
  formatDuration,
  nextRetryDelay,
  parseRetryAfter,
} from '@herald/domain';
import type { Herald } from './herald.ts';
import { disableIntegration } from './integration-disable.ts';
import type { DeliveryMetrics } from './metrics.ts';
import { type AttemptOutcome, failedAttempt } from './outbound/json-attempt.ts';
import { findSender, type Sender } from './senders.ts';

export interface DispatcherOptions {
  /** Sends at once, across every integration. */
  concurrency: number;
  /** Sends at once to one integration, so one slow receiver cannot take every slot. */
  perIntegration: number;
  /** Must outlast the whole-request timeout, or a slow send would be claimed and sent twice. */
  leaseMs: number;
  /** How often an idle dispatcher looks for work that another process enqueued. */
  pollMs: number;
  retryScheduleMs: readonly number[];
  random: () => number;
  /** How long `stop` waits for sends in flight before abandoning them; default: the timeout. */
  shutdownGraceMs: number | null;
  send: Sender;
  metrics: DeliveryMetrics | null;
}

const sendWithTypeSender: Sender = (delivery, integration, herald, signal) => {
  const sender = findSender(integration.type);
  if (sender === undefined) {
    return Promise.resolve(
      failedAttempt('internal', `No sender for integrations of type ${integration.type}`),
    );
  }

  return sender(delivery, integration, herald, signal);
};

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  concurrency: 64,
  perIntegration: 8,
  leaseMs: 60_000,
  pollMs: 500,
  retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  random: Math.random,
  shutdownGraceMs: null,
  send: sendWithTypeSender,
  metrics: null,
};

/** Even when the outbox says work is due, an idle loop waits this long before looking again. */
const MIN_IDLE_MS = 5;

/**
 * Claims due deliveries from the outbox, sends them and records every attempt. Claims and
 * results are short write transactions of their own: none is held open across an HTTP call.
 * It drains continuously: a claim follows every finished send and every enqueue in this
 * process; only work enqueued by another process waits for the next poll.
 */
export class Dispatcher {
  readonly #herald: Herald;
  readonly #options: DispatcherOptions;
  readonly #owner = `dispatcher-${randomUUID()}`;
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #perIntegration = new Map<string, number>();
  readonly #abandon = new AbortController();
  #running = false;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;

  constructor(herald: Herald, options: Partial<DispatcherOptions> = {}) {
    this.#herald = herald;
    this.#options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    const timeout = herald.outbound.limits.requestTimeoutMs;
    if (this.#options.leaseMs < 2 * timeout) {
      throw new Error(
        `The delivery lease (${formatDuration(this.#options.leaseMs)}) must be at least twice ` +
          `the request timeout (${formatDuration(timeout)}), or slow sends would be sent twice`,
      );
    }
  }

  get owner(): string {
    return this.#owner;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#herald.signals.on('outbox', this.#onOutbox);
    this.#loop = this.#run();
  }

  /**
   * Stops claiming, lets sends in flight finish within the grace period (the request timeout by
   * default), abandons what is left, and gives every lease back so the next start (or another
   * dispatcher) sends those deliveries at once.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#herald.signals.off('outbox', this.#onOutbox);
    this.#wake?.();
    await this.#loop;
    this.#loop = null;

    const grace =
      this.#options.shutdownGraceMs ?? this.#herald.outbound.limits.requestTimeoutMs + 1_000;
    const settled = Promise.all(this.#inFlight.values());
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), grace);
      }),
    ]);
    clearTimeout(timer);
    if (late) {
      this.#herald.logger.warn({ in_flight: this.#inFlight.size }, 'abandoning sends in flight');
      this.#abandon.abort();
      await settled;
    }

    const released = releaseLeases(this.#herald.db, this.#owner);
    this.#herald.logger.info({ released }, 'dispatcher stopped');
  }

  /**
   * Sends everything due now and waits for it: for tests that move an injected clock instead of
   * sleeping, and for one-off runs. Do not mix with `start`.
   */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = this.#claim();
      for (const delivery of claimed) this.#launch(delivery);
      sent += claimed.length;
      if (this.#inFlight.size === 0) {
        return sent;
      }
      await Promise.race(this.#inFlight.values());
    }
  }

  readonly #onOutbox = () => this.#wake?.();

  async #run(): Promise<void> {
    // Claims come in batches while the dispatcher is nearly full: one write transaction per
    // finished send would cost as much as recording it. An idle dispatcher claims at once.
    const batch = Math.max(1, Math.floor(this.#options.concurrency / 8));
    while (this.#running) {
      if (this.#options.concurrency - this.#inFlight.size < batch) {
        await this.#sleep(this.#options.pollMs);
        continue;
      }

      let claimed: DeliveryRow[] = [];
      try {
        claimed = this.#claim();
      } catch (error) {
        // A busy database (another process's write outlasting the busy timeout) or a broken
        // row must not end the loop: log it and look again after a pause.
        this.#herald.logger.error({ err: error }, 'claiming deliveries failed');
        await this.#sleep(this.#options.pollMs);
        continue;
      }
      for (const delivery of claimed) this.#launch(delivery);
      if (claimed.length === 0) {
        await this.#sleep(this.#idleDelay());
      }
    }
  }

  #claim(): DeliveryRow[] {
    return claimDueDeliveries(this.#herald.db, {
      now: this.#herald.clock.now(),
      leaseMs: this.#options.leaseMs,
      owner: this.#owner,
      limit: this.#options.concurrency - this.#inFlight.size,
      perIntegration: this.#options.perIntegration,
      inFlight: this.#perIntegration,
    });
  }

  #launch(delivery: DeliveryRow): void {
    if (this.#inFlight.has(delivery.id)) {
      // Our own lease ran out while the send was still going (the event loop was starved):
      // the claim renewed it, and the send in flight records the result once.
      return;
    }

    const integrationId = delivery.integrationId;
    this.#perIntegration.set(integrationId, (this.#perIntegration.get(integrationId) ?? 0) + 1);
    const send = this.#attempt(delivery)
      .catch((error: unknown) => {
        this.#herald.logger.error(
          { err: error, delivery_id: delivery.id, integration_id: integrationId },
          'recording a delivery attempt failed; its lease will run out and it will be sent again',
        );
      })
      .finally(() => {
        this.#inFlight.delete(delivery.id);
        const left = (this.#perIntegration.get(integrationId) ?? 1) - 1;
        if (left > 0) this.#perIntegration.set(integrationId, left);
        else this.#perIntegration.delete(integrationId);
        this.#wake?.();
      });
    this.#inFlight.set(delivery.id, send);
  }

  #idleDelay(): number {
    if (this.#inFlight.size >= this.#options.concurrency) {
      // Full: the next finished send wakes the loop.
      return this.#options.pollMs;
    }

    const full = [...this.#perIntegration]
      .filter(([, count]) => count >= this.#options.perIntegration)
      .map(([id]) => id);
    const now = this.#herald.clock.now();
    const dueAt = nextDeliveryDueAt(this.#herald.db, { now, skipIntegrations: full });
    if (dueAt === null) return this.#options.pollMs;

    const wait = dueAt - now;
    return Math.min(this.#options.pollMs, Math.max(MIN_IDLE_MS, wait));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #attempt(delivery: DeliveryRow): Promise<void> {
    const herald = this.#herald;
    const integration = findIntegrationById(herald.db, delivery.integrationId);
    if (integration === undefined) {
      // Deleted with its deliveries while this one waited: nothing is owed any more.
      return;
    }

    const startedAt = herald.clock.now();
    let outcome: AttemptOutcome;
    try {
      outcome = await this.#options.send(delivery, integration, herald, this.#abandon.signal);
    } catch (error) {
      outcome = failedAttempt('internal', error instanceof Error ? error.message : String(error));
    }

    if (this.#abandon.signal.aborted && outcome.errorKind === 'aborted') {
      // Cut off by shutdown: not the receiver's fault, so no attempt is recorded; `stop`
      // gives the lease back and the next start sends it again with the same webhook-id.
      return;
    }
    this.#record(delivery, outcome, startedAt);
  }

  #record(delivery: DeliveryRow, outcome: AttemptOutcome, startedAt: number): void {
    const herald = this.#herald;
    const now = herald.clock.now();
    const number = delivery.attemptCount + 1;

    const result = herald.db.transaction((tx) => {
      const integration = findIntegrationById(tx, delivery.integrationId);
      if (integration === undefined) return null;

      const disableReason = outcome.ok ? null : this.#disableReason(integration, outcome, now);
      const retryIn =
        outcome.ok || disableReason !== null || !integration.enabled
          ? null
          : this.#retryDelay(number, outcome, now);
      const status = outcome.ok ? 'succeeded' : retryIn === null ? 'failed' : 'pending';

      const held = settleLeasedDelivery(tx, delivery.id, this.#owner, {
        status,
        attemptCount: number,
        nextAttemptAt: retryIn === null ? delivery.nextAttemptAt : now + retryIn,
        completedAt: status === 'pending' ? null : new Date(now).toISOString(),
      });
      if (!held) return null;

      insertAttempt(tx, {
        deliveryId: delivery.id,
        number,
        startedAt: new Date(startedAt).toISOString(),
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        errorKind: outcome.errorKind,
        errorMessage: outcome.errorMessage,
        responseHeaders: outcome.responseHeaders,
        responseBody: outcome.responseBody,
      });
      const logActivity = findActivityById(tx, delivery.logActivityId);
      if (logActivity !== undefined) {
        saveActivity(tx, logAttempt(logActivity, number, outcome, status, now, retryIn));
      }
      this.#trackHealth(tx, integration, outcome, now);
      if (disableReason !== null) {
        disableIntegration(herald, tx, integration, disableReason);
      }

      return { status, retryIn };
    });

    const ids = {
      delivery_id: delivery.id,
      integration_id: delivery.integrationId,
      activity_id: delivery.activityId,
      attempt: number,
    };
    if (result === null) {
      herald.logger.warn(ids, 'lease lost before the attempt was recorded; result dropped');
      return;
    }

    this.#options.metrics?.observeAttempt(outcome, result.status);
    herald.logger.info(
      {
        ...ids,
        status_code: outcome.statusCode,
        error_kind: outcome.errorKind,
        duration_ms: outcome.durationMs,
        outcome: result.status,
        retry_in_ms: result.retryIn,
      },
      'delivery attempt',
    );
  }

  #retryDelay(number: number, outcome: AttemptOutcome, now: number): number | null {
    const schedule = this.#options.retryScheduleMs;
    const scheduled = nextRetryDelay(number, this.#options.random(), schedule);
    if (scheduled === null) return null;

    const asked = parseRetryAfter(outcome.responseHeaders['retry-after'], now);
    return applyRetryAfter(scheduled, asked, schedule);
  }

  /** Why this failure turns the integration off, or null when it does not. */
  #disableReason(integration: IntegrationRow, outcome: AttemptOutcome, now: number) {
    if (!integration.enabled) {
      return null;
    }
    if (outcome.statusCode === 410) {
      return 'The receiver answered 410 Gone: it no longer wants these deliveries';
    }
    const since = integration.failingSince;
    if (since !== null && now - since >= FAILING_INTEGRATION_DISABLE_MS) {
      return (
        `Every delivery has failed since ${new Date(since).toISOString()}, ` +
        `${formatDuration(FAILING_INTEGRATION_DISABLE_MS)} without one success`
      );
    }

    return null;
  }

  /** Remembers since when an integration fails; one success forgets it. */
  #trackHealth(tx: DbOrTx, integration: IntegrationRow, outcome: AttemptOutcome, now: number) {
    if (!integration.enabled) {
      return;
    }
    if (outcome.ok && integration.failingSince !== null) {
      updateIntegration(tx, integration.id, { failingSince: null });
    } else if (!outcome.ok && integration.failingSince === null) {
      updateIntegration(tx, integration.id, { failingSince: now });
    }
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
    outcome.answer ??
    (outcome.statusCode > 0
      ? `HTTP ${outcome.statusCode}`
      : `${outcome.errorKind}: ${outcome.errorMessage}`);
  let line = `Attempt ${number}: ${answer} in ${outcome.durationMs} ms`;
  if (status === 'pending' && retryIn !== null) {
    line += `; next attempt in ${formatDuration(Math.round(retryIn / 1000) * 1000)}`;
  } else if (status === 'failed') {
    line += '; no more attempts';
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
