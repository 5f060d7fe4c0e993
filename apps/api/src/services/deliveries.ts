import {
  type DbOrTx,
  type DeliveryAttemptRow,
  type DeliveryRow,
  findActivityById,
  findDelivery,
  findDeliveryByLogActivity,
  findLastAttempt,
  type IntegrationRow,
  listAttempts,
  listDeliveryPage,
  requeueFailedDeliveries,
  saveActivity,
  updateDelivery,
} from '@herald/db';
import { conflict, invalid, notFound } from '@herald/domain';
import { type Herald, isoNow } from './herald.ts';
import { requireIntegration } from './integrations.ts';
import { type PageCursors, readDeliveryCursors } from './paging.ts';

export interface AttemptView {
  number: number;
  started_at: string;
  duration_ms: number;
  status_code: number;
  error_kind: string | null;
  error_message: string | null;
  response_headers: Record<string, string>;
  response_body: string;
}

export interface DeliveryView {
  id: string;
  integration: string;
  activity: string;
  log_activity: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  created_at: string;
  completed_at: string | null;
  last_attempt: AttemptView | null;
}

function presentAttempt(row: DeliveryAttemptRow): AttemptView {
  return {
    number: row.number,
    started_at: row.startedAt,
    duration_ms: row.durationMs,
    status_code: row.statusCode,
    error_kind: row.errorKind,
    error_message: row.errorMessage,
    response_headers: row.responseHeaders,
    response_body: row.responseBody,
  };
}

function presentDelivery(herald: Herald, row: DeliveryRow): DeliveryView {
  const last = findLastAttempt(herald.db, row.id);

  return {
    id: row.id,
    integration: row.integrationId,
    activity: row.activityId,
    log_activity: row.logActivityId,
    status: row.status,
    attempt_count: row.attemptCount,
    next_attempt_at: row.status === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
    created_at: row.createdAt,
    completed_at: row.completedAt,
    last_attempt: last ? presentAttempt(last) : null,
  };
}

export function listDeliveryViews(
  herald: Herald,
  projectId: string,
  integrationId: string,
  options: { limit: number; statuses?: string[] } & PageCursors,
): DeliveryView[] {
  const integration = requireIntegration(herald, projectId, integrationId);
  const { before, after, ...filters } = options;
  return listDeliveryPage(herald.db, integration.id, {
    ...filters,
    ...readDeliveryCursors(herald, integration, { before, after }),
  }).map((row) => presentDelivery(herald, row));
}

/** A delivery by its id (the `webhook-id`) or by its `integration.webhook` activity's id. */
function requireDelivery(herald: Herald, projectId: string, integrationId: string, id: string) {
  const integration = requireIntegration(herald, projectId, integrationId);
  const delivery = findDelivery(herald.db, id) ?? findDeliveryByLogActivity(herald.db, id);
  if (delivery === undefined || delivery.integrationId !== integration.id) {
    throw notFound(`Delivery ${id} not found for integration ${integrationId}`);
  }

  return delivery;
}

/** Sending to a disabled integration would fail at once: say how to turn it on instead. */
function requireEnabled(integration: IntegrationRow): void {
  if (!integration.enabled) {
    throw conflict(
      `Integration ${integration.id} is disabled ` +
        `(${integration.disabledReason ?? 'no reason given'}); ` +
        'update it (herald integration:update) to enable it again, then redeliver',
    );
  }
}

export function getDeliveryView(
  herald: Herald,
  projectId: string,
  integrationId: string,
  id: string,
): DeliveryView & { attempts: AttemptView[]; body: string } {
  const delivery = requireDelivery(herald, projectId, integrationId, id);

  return {
    ...presentDelivery(herald, delivery),
    attempts: listAttempts(herald.db, delivery.id).map(presentAttempt),
    body: delivery.body,
  };
}

/** Sends a delivery again: the same id and bytes, one more attempt, due at once. */
export function redeliver(
  herald: Herald,
  projectId: string,
  integrationId: string,
  id: string,
): DeliveryView {
  const delivery = requireDelivery(herald, projectId, integrationId, id);
  requireEnabled(requireIntegration(herald, projectId, integrationId));
  if (delivery.status === 'pending' && delivery.leaseUntil !== null) {
    throw conflict(`Delivery ${id} is being sent right now; try again when it has finished`);
  }

  const now = herald.clock.now();
  herald.db.transaction((tx) => {
    updateDelivery(tx, delivery.id, {
      status: 'pending',
      nextAttemptAt: now,
      completedAt: null,
      leaseUntil: null,
      leaseOwner: null,
    });
    noteRedelivery(herald, tx, delivery);
  });
  herald.signals.emit('outbox');

  return presentDelivery(herald, { ...delivery, status: 'pending', nextAttemptAt: now });
}

export interface BulkRedelivery {
  /** How many failed deliveries are due again. */
  count: number;
  deliveries: string[];
  since: string;
}

/**
 * Sends again every failed delivery of an integration created since `since` (an ISO time),
 * for after a receiver's outage: each keeps its id and bytes and gets one more attempt.
 */
export function redeliverFailedSince(
  herald: Herald,
  projectId: string,
  integrationId: string,
  since: string,
): BulkRedelivery {
  const integration = requireIntegration(herald, projectId, integrationId);
  requireEnabled(integration);
  const from = new Date(since);
  if (Number.isNaN(from.getTime())) {
    throw invalid(`"${since}" is not a time`, [{ field: 'since', message: 'must be an ISO time' }]);
  }

  const now = herald.clock.now();
  const requeued = herald.db.transaction((tx) => {
    const rows = requeueFailedDeliveries(tx, integration.id, from.toISOString(), now);
    for (const delivery of rows) noteRedelivery(herald, tx, delivery);
    return rows;
  });
  if (requeued.length > 0) {
    herald.signals.emit('outbox');
  }
  herald.logger.info(
    { integration_id: integration.id, since: from.toISOString(), count: requeued.length },
    'failed deliveries redelivered',
  );

  return {
    count: requeued.length,
    deliveries: requeued.map((delivery) => delivery.id),
    since: from.toISOString(),
  };
}

/** The delivery's `integration.webhook` activity runs again and says who asked. */
function noteRedelivery(herald: Herald, tx: DbOrTx, delivery: DeliveryRow): void {
  const log = findActivityById(tx, delivery.logActivityId);
  if (log === undefined) return;

  const line = `Redelivery requested at ${isoNow(herald)}`;
  saveActivity(tx, {
    ...log,
    state: 'in_progress',
    result: null,
    completed_at: null,
    updated_at: isoNow(herald),
    log: log.log ? `${log.log}\n${line}` : line,
  });
}
