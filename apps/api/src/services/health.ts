import {
  findHealthState,
  type HealthStateRow,
  listHealthStates,
  saveHealthState,
} from '@herald/db';
import {
  classifyHealth,
  detectHealthChange,
  freePercent,
  generateId,
  type HealthMetric,
  type HealthState,
  healthReportSchema,
  parseOrInvalid,
} from '@herald/domain';
import { requireEnvironment } from './environments.ts';
import { enqueueHealthNotifications } from './health-outbox.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface HealthStatusView {
  environment: string;
  service: string;
  metric: HealthMetric;
  state: HealthState;
  used: number;
  total: number;
  free_percent: number;
  reported_at: string;
  changed_at: string;
}

export interface HealthReportResult extends HealthStatusView {
  /** The state before this report; null when the metric was never reported. */
  previous_state: HealthState | null;
  changed: boolean;
  /** How many health integrations were sent a notification. */
  notifications: number;
}

function presentHealthState(row: HealthStateRow): HealthStatusView {
  return {
    environment: row.environment,
    service: row.service,
    metric: row.metric as HealthMetric,
    state: row.state as HealthState,
    used: row.used,
    total: row.total,
    free_percent: freePercent(row.used, row.total),
    reported_at: row.reportedAt,
    changed_at: row.changedAt,
  };
}

/**
 * A monitoring agent's reading of one metric. The state it puts the metric in is stored, and a
 * change of state notifies every health integration of the project in the same transaction;
 * a reading in the state already known notifies nobody.
 */
export function reportHealth(
  herald: Herald,
  projectId: string,
  input: unknown,
): HealthReportResult {
  const report = parseOrInvalid(healthReportSchema, input);
  const project = requireProject(herald, projectId);
  requireEnvironment(herald, projectId, report.environment);

  const key = { projectId, ...report };
  const state = classifyHealth(report.used, report.total);
  const now = isoNow(herald);
  const result = herald.db.transaction((tx) => {
    const previous = findHealthState(tx, key);
    const previousState = (previous?.state as HealthState | undefined) ?? null;
    const change = detectHealthChange(previousState ?? undefined, state);
    const row: HealthStateRow = {
      projectId,
      environment: report.environment,
      service: report.service,
      metric: report.metric,
      state,
      used: report.used,
      total: report.total,
      reportedAt: now,
      changedAt: previous === undefined || previousState !== state ? now : previous.changedAt,
    };
    saveHealthState(tx, row);

    const notifications =
      change === null
        ? 0
        : enqueueHealthNotifications(herald, tx, {
            id: generateId(),
            project: { id: project.id, title: project.title },
            environment: report.environment,
            service: report.service,
            metric: report.metric,
            used: report.used,
            total: report.total,
            state,
            previous_state: change.from,
            kind: change.kind,
            reported_at: now,
          });

    return {
      ...presentHealthState(row),
      previous_state: previousState,
      changed: change !== null,
      notifications,
    };
  });

  herald.logger.info(
    {
      project_id: projectId,
      environment: report.environment,
      service: report.service,
      metric: report.metric,
      state,
      previous_state: result.previous_state,
      notifications: result.notifications,
    },
    'health reported',
  );
  if (result.notifications > 0) herald.signals.emit('outbox');

  return result;
}

export function listHealthViews(herald: Herald, projectId: string): HealthStatusView[] {
  requireProject(herald, projectId);
  return listHealthStates(herald.db, projectId).map(presentHealthState);
}
