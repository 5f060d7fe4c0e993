import { readOutboxStats } from '@herald/db';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Herald } from './herald.ts';
import type { AttemptOutcome } from './outbound/json-attempt.ts';

/**
 * What an operator scrapes at /metrics: deliveries by outcome, attempt latency, how deep the
 * outbox is and how long its oldest due delivery has waited. Labels carry outcomes and error
 * kinds only, never a project, integration, URL or payload.
 */
export class DeliveryMetrics {
  readonly registry = new Registry();
  readonly #attempts: Counter<'outcome' | 'error_kind'>;
  readonly #finished: Counter<'outcome'>;
  readonly #latency: Histogram<'outcome'>;

  constructor(herald: Herald) {
    const registers = [this.registry];
    this.#attempts = new Counter({
      name: 'herald_delivery_attempts_total',
      help: 'Delivery attempts made by this process, by outcome and error kind',
      labelNames: ['outcome', 'error_kind'],
      registers,
    });
    this.#finished = new Counter({
      name: 'herald_deliveries_finished_total',
      help: 'Deliveries this process finished, by outcome (succeeded, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'herald_delivery_attempt_duration_seconds',
      help: 'How long one delivery attempt took, from connect to the last byte read',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
      registers,
    });

    // The outbox gauges are read from the database at scrape time, so they hold across every
    // process that sends (the API's own dispatcher, or a standalone one).
    const depth = new Gauge({
      name: 'herald_outbox_depth',
      help: 'Deliveries still owed: pending, due now or later',
      registers: [],
    });
    const oldest = new Gauge({
      name: 'herald_outbox_oldest_due_age_seconds',
      help: 'How long the longest-waiting due delivery has been due; 0 when none is',
      registers: [],
    });
    new Gauge({
      name: 'herald_deliveries',
      help: 'Deliveries in the outbox by status (pending, succeeded, failed)',
      labelNames: ['status'],
      registers,
      // One database read per scrape sets all three gauges; this one is collected first
      // because it is registered first.
      collect() {
        const now = herald.clock.now();
        const stats = readOutboxStats(herald.db, now);
        for (const status of ['pending', 'succeeded', 'failed']) {
          this.set({ status }, stats.byStatus[status] ?? 0);
        }
        depth.set(stats.byStatus.pending ?? 0);
        oldest.set(stats.oldestDueAt === null ? 0 : (now - stats.oldestDueAt) / 1000);
      },
    });
    this.registry.registerMetric(depth);
    this.registry.registerMetric(oldest);
  }

  /** `outcome` is the delivery's status after the attempt: succeeded, pending (a retry), failed. */
  observeAttempt(outcome: AttemptOutcome, status: string): void {
    const result = outcome.ok ? 'success' : 'failure';
    this.#attempts.inc({ outcome: result, error_kind: outcome.errorKind ?? 'none' });
    this.#latency.observe({ outcome: result }, outcome.durationMs / 1000);
    if (status !== 'pending') {
      this.#finished.inc({ outcome: status });
    }
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
