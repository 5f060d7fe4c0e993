import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  appendDeliveryLog,
  claimDueDeliveries,
  type DbOrTx,
  type DeliveryLogEntry,
  type DeliveryRow,
  type IntegrationRow,
  insertAttempt,
  listIntegrationsByIds,
  nextDeliveryDueAt,
  releaseLeases,
  settleLeasedDelivery,
  updateIntegration,
} from '@herald/db';
import {
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

/** A finished send waiting for its attempt to be written with the others of its batch. */
interface FinishedSend {
  delivery: DeliveryRow;
  outcome: AttemptOutcome;
  startedAt: number;
  recorded: () => void;
  failed: (error: unknown) => void;
  /** Gives the send's slot back; safe to call more than once. */
  freeSlot: () => void;
}

type Recorded = { status: string; retryIn: number | null } | null;

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
  /** Sends finished since the last write of results; written together, see `#recordFinished`. */
  #finished: FinishedSend[] = [];
  #running = false;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;

  constructor(herald: Herald, options: Partial<DispatcherOptions> = {}) {
    this.#herald = herald;
    this.#options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    // Every send in flight listens for the shutdown signal until it ends: one per slot.
    setMaxListeners(this.#options.concurrency + 1, this.#abandon.signal);
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
      this.#launchAll(claimed);
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
      this.#launchAll(claimed);
      if (claimed.length === 0) {
        await this.#sleep(this.#idleDelay());
      }
    }
  }

  #claim(db: DbOrTx = this.#herald.db, finishing: readonly FinishedSend[] = []): DeliveryRow[] {
    // Sends whose results are being written now count as done: their slots are free.
    const inFlight = new Map(this.#perIntegration);
    for (const { delivery } of finishing) {
      inFlight.set(delivery.integrationId, (inFlight.get(delivery.integrationId) ?? 1) - 1);
    }

    return claimDueDeliveries(db, {
      now: this.#herald.clock.now(),
      leaseMs: this.#options.leaseMs,
      owner: this.#owner,
      limit: this.#options.concurrency - this.#inFlight.size + finishing.length,
      perIntegration: this.#options.perIntegration,
      inFlight,
    });
  }

  /**
   * Starts the claimed sends, with the integrations read in one statement for the whole claim.
   * A delivery whose integration is gone was deleted with it while it waited: nothing is owed.
   */
  #launchAll(claimed: DeliveryRow[]): void {
    if (claimed.length === 0) return;

    const ids = [...new Set(claimed.map((delivery) => delivery.integrationId))];
    let rows: IntegrationRow[];
    try {
      rows = listIntegrationsByIds(this.#herald.db, ids);
    } catch (error) {
      // A row that cannot be read must not end the loop: the claimed deliveries keep their
      // lease, so they are sent again once it runs out.
      this.#herald.logger.error(
        { err: error, delivery_ids: claimed.map((delivery) => delivery.id) },
        'reading the integrations of claimed deliveries failed',
      );
      return;
    }
    const integrations = new Map(rows.map((integration) => [integration.id, integration]));
    for (const delivery of claimed) {
      const integration = integrations.get(delivery.integrationId);
      if (integration !== undefined) this.#launch(delivery, integration);
    }
  }

  #launch(delivery: DeliveryRow, integration: IntegrationRow): void {
    if (this.#inFlight.has(delivery.id)) {
      // Our own lease ran out while the send was still going (the event loop was starved):
      // the claim renewed it, and the send in flight records the result once.
      return;
    }

    const integrationId = delivery.integrationId;
    this.#perIntegration.set(integrationId, (this.#perIntegration.get(integrationId) ?? 0) + 1);
    let free = true;
    const freeSlot = () => {
      if (!free) return;
      free = false;
      this.#inFlight.delete(delivery.id);
      const left = (this.#perIntegration.get(integrationId) ?? 1) - 1;
      if (left > 0) this.#perIntegration.set(integrationId, left);
      else this.#perIntegration.delete(integrationId);
      this.#wake?.();
    };
    const send = this.#attempt(delivery, integration, freeSlot)
      .catch((error: unknown) => {
        this.#herald.logger.error(
          { err: error, delivery_id: delivery.id, integration_id: integrationId },
          'recording a delivery attempt failed; its lease will run out and it will be sent again',
        );
      })
      .finally(freeSlot);
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

  async #attempt(
    delivery: DeliveryRow,
    integration: IntegrationRow,
    freeSlot: () => void,
  ): Promise<void> {
    const herald = this.#herald;
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
    await new Promise<void>((recorded, failed) => {
      this.#finished.push({ delivery, outcome, startedAt, recorded, failed, freeSlot });
      if (this.#finished.length === 1) setImmediate(this.#recordFinished);
    });
  }

  /**
   * Writes the results of every send that finished in the same turn of the event loop in one
   * transaction: a commit costs more than the rows of one attempt, and under load many sends
   * finish together. Each result is still fenced by its own lease, so one whose lease ran out
   * (and was claimed again) is dropped alone. When the batch fails as a whole, each result is
   * tried alone, so one broken row does not lose the others.
   */
  readonly #recordFinished = (): void => {
    const batch = this.#finished;
    this.#finished = [];

    const ids = [...new Set(batch.map((finished) => finished.delivery.integrationId))];
    let results: (Recorded | Error)[];
    let claimed: DeliveryRow[] = [];
    try {
      results = this.#herald.db.transaction((tx) => {
        const integrations = new IntegrationsRead(tx, ids);
        const recorded = batch.map((finished) => this.#recordOne(tx, integrations, finished));
        // The freed slots are refilled in the same transaction: one commit instead of two.
        if (this.#running) claimed = this.#claim(tx, batch);
        return recorded;
      });
    } catch {
      claimed = [];
      results = batch.map((finished) => {
        try {
          return this.#herald.db.transaction((tx) =>
            this.#recordOne(tx, new IntegrationsRead(tx, ids), finished),
          );
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      });
    }

    batch.forEach((finished, index) => {
      const result = results[index]!;
      if (result instanceof Error) {
        finished.failed(result);
        return;
      }
      this.#logRecorded(finished, result);
      finished.recorded();
    });
    // Slots are given back now, not when each send's promise settles a few microtasks later:
    // a delivery whose retry is already due may be among those just claimed, and a claim must
    // never find its own recorded send still in flight (it would take that for a renewed lease).
    for (const finished of batch) finished.freeSlot();
    this.#launchAll(claimed);
  };

  #recordOne(tx: DbOrTx, integrations: IntegrationsRead, finished: FinishedSend): Recorded {
    const { delivery, outcome, startedAt } = finished;
    const herald = this.#herald;
    const now = herald.clock.now();
    const number = delivery.attemptCount + 1;

    const integration = integrations.find(delivery.integrationId);
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
    appendDeliveryLog(tx, delivery.logActivityId, logEntry(number, outcome, status, now, retryIn));
    if (this.#trackHealth(tx, integration, outcome, now)) {
      integrations.forget(integration.id);
    }
    if (disableReason !== null) {
      disableIntegration(herald, tx, integration, disableReason);
      integrations.forget(integration.id);
    }

    return { status, retryIn };
  }

  #logRecorded(finished: FinishedSend, result: Recorded): void {
    const { delivery, outcome } = finished;
    const ids = {
      delivery_id: delivery.id,
      integration_id: delivery.integrationId,
      activity_id: delivery.activityId,
      attempt: delivery.attemptCount + 1,
    };
    if (result === null) {
      this.#herald.logger.warn(ids, 'lease lost before the attempt was recorded; result dropped');
      return;
    }

    this.#options.metrics?.observeAttempt(outcome, result.status);
    this.#herald.logger.info(
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

  /** Remembers since when an integration fails; one success forgets it. True when it wrote. */
  #trackHealth(tx: DbOrTx, integration: IntegrationRow, outcome: AttemptOutcome, now: number) {
    if (!integration.enabled) {
      return false;
    }
    if (outcome.ok && integration.failingSince !== null) {
      updateIntegration(tx, integration.id, { failingSince: null });
      return true;
    }
    if (!outcome.ok && integration.failingSince === null) {
      updateIntegration(tx, integration.id, { failingSince: now });
      return true;
    }

    return false;
  }
}

/**
 * The integrations a batch of results needs, read inside its transaction in one statement and
 * again after the batch itself changed one (its health, or disabling it).
 */
class IntegrationsRead {
  readonly #tx: DbOrTx;
  #rows: Map<string, IntegrationRow> | null = null;
  readonly #ids: readonly string[];

  constructor(tx: DbOrTx, ids: readonly string[]) {
    this.#tx = tx;
    this.#ids = ids;
  }

  find(id: string): IntegrationRow | undefined {
    if (this.#rows === null) {
      const rows = listIntegrationsByIds(this.#tx, this.#ids);
      this.#rows = new Map(rows.map((row) => [row.id, row]));
    }
    if (!this.#rows.has(id)) {
      // Forgotten after a change, or not among the ids asked for: read it alone.
      const [row] = listIntegrationsByIds(this.#tx, [id]);
      if (row !== undefined) this.#rows.set(id, row);
      return row;
    }

    return this.#rows.get(id);
  }

  forget(id: string): void {
    this.#rows?.delete(id);
  }
}

/** What one attempt changes in its delivery's `integration.webhook` activity. */
function logEntry(
  number: number,
  outcome: AttemptOutcome,
  status: string,
  now: number,
  retryIn: number | null,
): DeliveryLogEntry {
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
    state: finished ? 'complete' : 'in_progress',
    result: finished ? (status === 'succeeded' ? 'success' : 'failure') : null,
    at,
    completedAt: finished ? at : null,
    completionPercent: finished ? 100 : null,
    line,
    statusCode: outcome.statusCode,
    attempts: number,
  };
}
