import type { Activity, ActivityResult, ActivityState } from '@herald/domain';
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  not,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { prepareOnce, slot } from './prepared.ts';
import { activities } from './schema/index.ts';

type ActivityRow = typeof activities.$inferSelect;

export function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    type: row.type,
    project: row.projectId,
    environments: row.environments,
    state: row.state as ActivityState,
    result: row.result as ActivityResult | null,
    created_at: row.createdAt,
    started_at: row.startedAt,
    updated_at: row.updatedAt,
    completed_at: row.completedAt,
    cancelled_at: row.cancelledAt,
    completion_percent: row.completionPercent,
    parameters: row.parameters,
    payload: row.payload,
    description: row.description,
    text: row.text,
    log: row.log,
    integration: row.integrationId,
  };
}

export function insertActivity(db: DbOrTx, activity: Activity): void {
  // Every reported activity and every delivery's log activity comes through here.
  const query = prepareOnce(db, 'insertActivity', () =>
    db
      .insert(activities)
      .values({
        id: slot('id'),
        projectId: slot('projectId'),
        integrationId: slot('integrationId'),
        type: slot('type'),
        state: slot('state'),
        result: slot('result'),
        environments: slot('environments'),
        parameters: slot('parameters'),
        payload: slot('payload'),
        description: slot('description'),
        text: slot('text'),
        log: slot('log'),
        completionPercent: slot('completionPercent'),
        createdAt: slot('createdAt'),
        startedAt: slot('startedAt'),
        updatedAt: slot('updatedAt'),
        completedAt: slot('completedAt'),
        cancelledAt: slot('cancelledAt'),
      })
      .prepare(),
  );

  query.run({
    id: activity.id,
    projectId: activity.project,
    integrationId: activity.integration,
    type: activity.type,
    state: activity.state,
    result: activity.result,
    environments: activity.environments,
    parameters: activity.parameters,
    payload: activity.payload,
    description: activity.description,
    text: activity.text,
    log: activity.log,
    completionPercent: activity.completion_percent,
    createdAt: activity.created_at,
    startedAt: activity.started_at,
    updatedAt: activity.updated_at,
    completedAt: activity.completed_at,
    cancelledAt: activity.cancelled_at,
  });
}

/** Writes every mutable field of an activity back. */
export function saveActivity(db: DbOrTx, activity: Activity): void {
  const query = prepareOnce(db, 'saveActivity', () =>
    db
      .update(activities)
      .set({
        state: slot('state'),
        result: slot('result'),
        environments: slot('environments'),
        parameters: slot('parameters'),
        payload: slot('payload'),
        description: slot('description'),
        text: slot('text'),
        log: slot('log'),
        completionPercent: slot('completionPercent'),
        startedAt: slot('startedAt'),
        updatedAt: slot('updatedAt'),
        completedAt: slot('completedAt'),
        cancelledAt: slot('cancelledAt'),
      })
      .where(eq(activities.id, sql.placeholder('id')))
      .prepare(),
  );

  query.run({
    id: activity.id,
    state: activity.state,
    result: activity.result,
    environments: activity.environments,
    parameters: activity.parameters,
    payload: activity.payload,
    description: activity.description,
    text: activity.text,
    log: activity.log,
    completionPercent: activity.completion_percent,
    startedAt: activity.started_at,
    updatedAt: activity.updated_at,
    completedAt: activity.completed_at,
    cancelledAt: activity.cancelled_at,
  });
}

export interface DeliveryLogEntry {
  state: ActivityState;
  result: ActivityResult | null;
  /** ISO time of the attempt: the activity's update, its start when it has none yet. */
  at: string;
  completedAt: string | null;
  /** Set when the delivery is finished; otherwise the activity keeps its percentage. */
  completionPercent: number | null;
  /** One line for the activity's log, appended after what is there. */
  line: string;
  statusCode: number;
  attempts: number;
}

/**
 * Writes one attempt into a delivery's log activity with a single UPDATE: the line is appended
 * and the payload's `status_code` and `attempts` set by SQLite, so recording an attempt does not
 * read the activity and write every field of it back.
 */
export function appendDeliveryLog(db: DbOrTx, id: string, entry: DeliveryLogEntry): void {
  const query = prepareOnce(db, 'appendDeliveryLog', () => {
    const line = sql.placeholder('line');
    return db
      .update(activities)
      .set({
        state: slot('state'),
        result: slot('result'),
        startedAt: sql`coalesce(${activities.startedAt}, ${sql.placeholder('at')})`,
        updatedAt: slot('at'),
        completedAt: slot('completedAt'),
        completionPercent: sql`coalesce(${sql.placeholder('completionPercent')}, ${
          activities.completionPercent
        })`,
        log: sql`case when ${activities.log} = '' then ${line}
          else ${activities.log} || char(10) || ${line} end`,
        payload: sql`json_set(${activities.payload},
          '$.status_code', ${sql.placeholder('statusCode')},
          '$.attempts', ${sql.placeholder('attempts')})`,
      })
      .where(eq(activities.id, sql.placeholder('id')))
      .prepare();
  });

  query.run({ ...entry, id });
}

export function findActivity(db: DbOrTx, projectId: string, id: string): Activity | undefined {
  const row = db
    .select()
    .from(activities)
    .where(and(eq(activities.projectId, projectId), eq(activities.id, id)))
    .get();

  return row && toActivity(row);
}

export interface ActivityQuery {
  projectId: string;
  /** Only this integration's own activities; null for the project's platform activities. */
  integrationId?: string | null;
  states?: readonly string[];
  results?: readonly string[];
  types?: readonly string[];
  /** Only activities that name this environment. */
  environment?: string;
  /** Shell-style patterns (`*`, `?`); an activity matches when its type matches any. */
  typePatterns?: readonly string[];
  /** Shell-style patterns; an activity whose type matches any is left out. */
  excludeTypePatterns?: readonly string[];
  /** Only activities created before this ISO time (paging backwards). */
  before?: string;
  /** Paging: only activities listed after (older than) this one, newest first. */
  olderThan?: ActivityCursor;
  /**
   * Paging back: only activities listed before (newer than) this one: the `limit` nearest to
   * it, still newest first.
   */
  newerThan?: ActivityCursor;
  /** Only activities whose id starts with this: how the CLI finds a shortened ID. */
  idPrefix?: string;
  limit: number;
}

/** Where a page starts: an activity's creation time, and its id to order equal times. */
export interface ActivityCursor {
  createdAt: string;
  id: string;
}

/**
 * SQLite's GLOB has the shell's `*` and `?`, and reads `[` as a character class: a literal
 * bracket is written `[[]` so a pattern means what the domain's matchesGlob says it means.
 */
function typeGlob(pattern: string): SQL {
  return sql`${activities.type} GLOB ${pattern.replace(/\[/g, '[[]')}`;
}

/** Newest first. */
export function listActivities(db: DbOrTx, query: ActivityQuery): Activity[] {
  const conditions = [eq(activities.projectId, query.projectId)];
  if (query.integrationId === null) {
    conditions.push(isNull(activities.integrationId));
  } else if (query.integrationId !== undefined) {
    conditions.push(eq(activities.integrationId, query.integrationId));
  }
  if (query.states?.length) {
    conditions.push(inArray(activities.state, [...query.states]));
  }
  if (query.results?.length) {
    conditions.push(inArray(activities.result, [...query.results]));
  }
  if (query.types?.length) {
    conditions.push(inArray(activities.type, [...query.types]));
  }
  if (query.environment !== undefined) {
    conditions.push(
      sql`exists (select 1 from json_each(${activities.environments})
        where value = ${query.environment})`,
    );
  }
  if (query.typePatterns?.length) {
    conditions.push(or(...query.typePatterns.map(typeGlob))!);
  }
  if (query.excludeTypePatterns?.length) {
    conditions.push(not(or(...query.excludeTypePatterns.map(typeGlob))!));
  }
  if (query.before !== undefined) {
    conditions.push(lt(activities.createdAt, query.before));
  }
  if (query.idPrefix !== undefined) {
    // A plain comparison: LIKE would read `%` and `_` in the prefix as wildcards.
    conditions.push(sql`substr(${activities.id}, 1, ${query.idPrefix.length}) = ${query.idPrefix}`);
  }
  if (query.olderThan !== undefined) {
    const { createdAt, id } = query.olderThan;
    conditions.push(
      or(
        lt(activities.createdAt, createdAt),
        and(eq(activities.createdAt, createdAt), lt(activities.id, id)),
      )!,
    );
  }
  if (query.newerThan !== undefined) {
    const { createdAt, id } = query.newerThan;
    conditions.push(
      or(
        gt(activities.createdAt, createdAt),
        and(eq(activities.createdAt, createdAt), gt(activities.id, id)),
      )!,
    );
    // The nearest newer ones are the oldest of them: read upwards, then turn the page around.
    return db
      .select()
      .from(activities)
      .where(and(...conditions))
      .orderBy(asc(activities.createdAt), asc(activities.id))
      .limit(query.limit)
      .all()
      .map(toActivity)
      .reverse();
  }

  return db
    .select()
    .from(activities)
    .where(and(...conditions))
    .orderBy(desc(activities.createdAt), desc(activities.id))
    .limit(query.limit)
    .all()
    .map(toActivity);
}

/**
 * A project's activities changed at or after `since` (an ISO time), oldest change first: what
 * a live view has not seen yet. At most `limit`, so one burst cannot flood a subscriber.
 */
export function listActivitiesChangedSince(
  db: DbOrTx,
  projectId: string,
  since: string,
  limit: number,
): Activity[] {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.projectId, projectId), gte(activities.updatedAt, since)))
    .orderBy(asc(activities.updatedAt), asc(activities.id))
    .limit(limit)
    .all()
    .map(toActivity);
}

export function findActivityById(db: DbOrTx, id: string): Activity | undefined {
  const query = prepareOnce(db, 'findActivityById', () =>
    db
      .select()
      .from(activities)
      .where(eq(activities.id, sql.placeholder('id')))
      .prepare(),
  );
  const row = query.get({ id });

  return row && toActivity(row);
}

/** An integration's activities whose id starts with `prefix`, at most `limit` of them. */
export function findIntegrationActivitiesByPrefix(
  db: DbOrTx,
  integrationId: string,
  prefix: string,
  limit: number,
): Activity[] {
  return db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.integrationId, integrationId),
        // A plain comparison: LIKE would read `%` and `_` in the prefix as wildcards.
        sql`substr(${activities.id}, 1, ${prefix.length}) = ${prefix}`,
      ),
    )
    .limit(limit)
    .all()
    .map(toActivity);
}
