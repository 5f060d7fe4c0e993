import {
  findDeliveryByLogActivity,
  findIntegrationActivitiesByPrefix,
  listActivities,
  listAttempts,
} from '@herald/db';
import { type Activity, type ActivityResult, type ActivityState, notFound } from '@herald/domain';
import type { Herald } from './herald.ts';
import { requireIntegration } from './integrations.ts';
import { requireProject } from './projects.ts';

export interface IntegrationActivityFilters {
  /** Shell-style patterns; `%` works as `*`, and `environment.` may be left out. */
  types?: string[];
  exclude_types?: string[];
  states?: ActivityState[];
  result?: ActivityResult;
  /** Only pending and in-progress activities. */
  incomplete?: boolean;
  /** Only activities created before this ISO time. */
  before?: string;
  limit: number;
}

export interface ActivityPage {
  activities: Activity[];
  /** Whether older activities match beyond this page. */
  has_more: boolean;
}

/**
 * The patterns one filter value stands for: `%` is the platform's other wildcard, and
 * `push` means `environment.push` as it does in the platform CLI.
 */
export function expandTypePattern(pattern: string): string[] {
  const glob = pattern.trim().replace(/%/g, '*');
  if (glob === '' || glob.startsWith('environment.') || glob.startsWith('*')) return [glob];

  return [glob, `environment.${glob}`];
}

/** An integration's own activities (its deliveries, fetches, disables), newest first. */
export function listIntegrationActivities(
  herald: Herald,
  projectId: string,
  integrationId: string,
  filters: IntegrationActivityFilters,
): ActivityPage {
  requireProject(herald, projectId);
  const integration = requireIntegration(herald, projectId, integrationId);
  const states = filters.incomplete
    ? (filters.states ?? ['pending', 'in_progress']).filter(
        (state) => state === 'pending' || state === 'in_progress',
      )
    : filters.states;
  if (filters.incomplete && states?.length === 0) {
    return { activities: [], has_more: false };
  }

  const rows = listActivities(herald.db, {
    projectId,
    integrationId: integration.id,
    ...(states ? { states } : {}),
    ...(filters.result ? { results: [filters.result] } : {}),
    ...(filters.types?.length ? { typePatterns: filters.types.flatMap(expandTypePattern) } : {}),
    ...(filters.exclude_types?.length
      ? { excludeTypePatterns: filters.exclude_types.flatMap(expandTypePattern) }
      : {}),
    ...(filters.before ? { before: filters.before } : {}),
    // One more than asked tells whether another page exists without counting them all.
    limit: filters.limit + 1,
  });

  return { activities: rows.slice(0, filters.limit), has_more: rows.length > filters.limit };
}

/**
 * One activity of an integration, by id or by a unique prefix of its id; without one, the
 * latest. A prefix that fits several is refused with the candidates.
 */
export function getIntegrationActivity(
  herald: Herald,
  projectId: string,
  integrationId: string,
  activityId: string | undefined,
): Activity {
  const integration = requireIntegration(herald, projectId, integrationId);
  if (activityId === undefined) {
    const [latest] = listActivities(herald.db, {
      projectId,
      integrationId: integration.id,
      limit: 1,
    });
    if (latest === undefined) {
      throw notFound(`Integration ${integration.id} has no activities yet`);
    }
    return latest;
  }

  const matches = findIntegrationActivitiesByPrefix(herald.db, integration.id, activityId, 6);
  const exact = matches.find((activity) => activity.id === activityId);
  if (exact) return exact;
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) {
    throw notFound(`Activity ${activityId} not found for integration ${integration.id}`);
  }

  throw notFound(
    `The ID ${activityId} is ambiguous: it starts ${matches
      .map((activity) => activity.id)
      .join(', ')}; give more of it`,
  );
}

export interface LogLine {
  /** When the line was written, as far as Herald knows (see readActivityLog). */
  timestamp: string;
  text: string;
}

export interface ActivityLogPage {
  lines: LogLine[];
  /** Pass back as `offset` to get only the lines written since. */
  next_offset: number;
  state: ActivityState;
  result: ActivityResult | null;
}

const ISO_AT_END = /\bat (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/;
const ATTEMPT_LINE = /^Attempt (\d+):/;

/**
 * The lines of an activity's log from `offset` on. Logs are stored as plain text, so each
 * line's time is reconstructed: a delivery attempt line takes the attempt's start, a line
 * ending "at <ISO time>" takes that time, and any other line the time of the line before it
 * (the first: when the activity started). Per-line times stored with the log would end
 * this guesswork for lines that carry no time of their own.
 */
export function readActivityLog(
  herald: Herald,
  projectId: string,
  integrationId: string,
  activityId: string | undefined,
  offset: number,
): ActivityLogPage {
  const activity = getIntegrationActivity(herald, projectId, integrationId, activityId);
  const all = activity.log === '' ? [] : activity.log.split('\n');
  const delivery = findDeliveryByLogActivity(herald.db, activity.id);
  const attempts = delivery ? listAttempts(herald.db, delivery.id) : [];

  let previous = activity.started_at ?? activity.created_at;
  const lines = all.map((text) => {
    const attempt = ATTEMPT_LINE.exec(text);
    const stated = ISO_AT_END.exec(text);
    const started = attempt ? attempts[Number(attempt[1]) - 1]?.startedAt : undefined;
    previous = started ?? stated?.[1] ?? previous;
    return { timestamp: previous, text };
  });

  return {
    lines: lines.slice(offset),
    next_offset: all.length,
    state: activity.state,
    result: activity.result,
  };
}
