import type { Activity } from '@herald/domain';
import { type ColumnSet, columnsOf, type Row } from './output.ts';
import { formatPropertyValue } from './yaml-cell.ts';

export const ACTIVITY_COLUMNS: ColumnSet = {
  all: columnsOf(
    ['id', 'ID'],
    ['created', 'Created'],
    ['completed', 'Completed'],
    ['description', 'Description'],
    ['progress', 'Progress'],
    ['type', 'Type'],
    ['state', 'State'],
    ['result', 'Result'],
  ),
  defaults: ['id', 'created', 'description', 'type', 'state', 'result'],
};

/**
 * An ISO time as the platform CLI prints dates by default (PHP's `c`): seconds, and the
 * offset written out — `2024-05-01T10:00:00+00:00`. Herald keeps and shows times in UTC.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;

  return `${time.toISOString().slice(0, 19)}+00:00`;
}

export function formatState(state: string): string {
  return state.replace(/_/g, ' ');
}

export function activityRow(activity: Activity): Row {
  return {
    id: activity.id,
    created: formatDate(activity.created_at),
    completed: activity.completed_at ? formatDate(activity.completed_at) : null,
    description: activity.description,
    progress: `${activity.completion_percent}%`,
    type: activity.type,
    state: formatState(activity.state),
    result: activity.result,
  };
}

const DATE_PROPERTIES = new Set([
  'created_at',
  'started_at',
  'updated_at',
  'completed_at',
  'cancelled_at',
]);

/** The Property/Value rows of an activity; its log has a command of its own. */
export function activityProperties(activity: Activity): Record<string, unknown> {
  const { log: _log, text: _text, ...shown } = activity;
  return shown;
}

export function formatActivityProperty(value: unknown, property: string): string {
  if (DATE_PROPERTIES.has(property) && typeof value === 'string') return formatDate(value);

  return formatPropertyValue(value);
}
