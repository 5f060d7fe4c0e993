import { type DbOrTx, findActivity, insertActivity, saveActivity } from '@herald/db';
import {
  type Activity,
  type ActivityReport,
  type ActivityResult,
  type ActivityState,
  canMoveActivity,
  conflict,
  generateId,
  notFound,
} from '@herald/domain';
import { type Herald, isoNow } from './herald.ts';
import { enqueueDeliveries } from './outbox.ts';

export interface NewActivity {
  project: string;
  type: string;
  environments: string[];
  description: string;
  parameters?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  state?: ActivityState;
  result?: ActivityResult | null;
  log?: string;
  /** Set for an integration's own activities (a Git source's fetches). */
  integration?: string | null;
}

export function buildActivity(herald: Herald, input: NewActivity): Activity {
  const now = isoNow(herald);
  const state = input.state ?? 'pending';
  const finished = state === 'complete';

  return {
    id: generateId(),
    type: input.type,
    project: input.project,
    environments: input.environments,
    state,
    result: finished ? (input.result ?? 'success') : null,
    created_at: now,
    started_at: state === 'pending' ? null : now,
    updated_at: now,
    completed_at: finished ? now : null,
    cancelled_at: state === 'cancelled' ? now : null,
    completion_percent: finished ? 100 : 0,
    parameters: input.parameters ?? {},
    payload: input.payload ?? {},
    description: input.description,
    text: input.description,
    log: input.log ?? '',
    integration: input.integration ?? null,
  };
}

/** Records a new activity and the deliveries it owes, in the caller's transaction. */
export function recordActivity(herald: Herald, tx: DbOrTx, input: NewActivity): Activity {
  const activity = buildActivity(herald, input);
  insertActivity(tx, activity);
  enqueueDeliveries(herald, tx, activity);

  return activity;
}

export interface ActivityMove {
  state: ActivityState;
  result?: ActivityResult;
  /** Appended to the activity's log. */
  log?: string;
  completionPercent?: number;
}

/** Moves an activity to its next state and enqueues what that owes, in one transaction. */
export function moveActivity(
  herald: Herald,
  projectId: string,
  activityId: string,
  move: ActivityMove,
): Activity {
  const activity = herald.db.transaction((tx) => {
    const current = findActivity(tx, projectId, activityId);
    if (current === undefined) {
      throw notFound(`Activity ${activityId} not found in project ${projectId}`);
    }

    const next = applyMove(herald, current, move);
    saveActivity(tx, next);
    if (next.state !== current.state) {
      enqueueDeliveries(herald, tx, next);
    }

    return next;
  });

  herald.signals.emit('outbox');
  herald.signals.emit('activity', projectId);
  return activity;
}

function applyMove(herald: Herald, current: Activity, move: ActivityMove): Activity {
  const now = isoNow(herald);
  const sameState = move.state === current.state;
  if (!sameState && !canMoveActivity(current.state, move.state)) {
    throw conflict(
      `Activity ${current.id} is ${current.state} and cannot become ${move.state}` +
        (move.state === 'cancelled' ? ': only a pending activity can be cancelled' : ''),
    );
  }
  if (sameState && (current.state === 'complete' || current.state === 'cancelled')) {
    throw conflict(`Activity ${current.id} is already ${current.state}`);
  }

  const next: Activity = { ...current, state: move.state, updated_at: now };
  if (move.log) {
    next.log = current.log ? `${current.log}\n${move.log}` : move.log;
  }
  if (move.completionPercent !== undefined) {
    next.completion_percent = move.completionPercent;
  }
  if (move.state === 'in_progress' && current.started_at === null) {
    next.started_at = now;
  }
  if (move.state === 'complete') {
    next.started_at = current.started_at ?? now;
    next.completed_at = now;
    next.result = move.result ?? 'success';
    next.completion_percent = 100;
  }
  if (move.state === 'cancelled') {
    next.cancelled_at = now;
  }

  return next;
}

/** A deploy pipeline reporting an activity of its own. */
export function reportActivity(
  herald: Herald,
  projectId: string,
  report: ActivityReport,
): Activity {
  const activity = herald.db.transaction((tx) =>
    recordActivity(herald, tx, {
      project: projectId,
      type: report.type,
      environments: report.environments,
      description: report.description ?? report.type,
      parameters: report.parameters,
      payload: report.payload,
      state: report.state,
      result: report.result ?? null,
      log: report.log,
    }),
  );

  herald.signals.emit('outbox');
  herald.signals.emit('activity', projectId);
  return activity;
}

export function getActivity(herald: Herald, projectId: string, activityId: string): Activity {
  const activity = findActivity(herald.db, projectId, activityId);
  if (activity === undefined) {
    throw notFound(`Activity ${activityId} not found in project ${projectId}`);
  }

  return activity;
}

/** `activity:cancel`: only a pending activity; one already running finishes. */
export function cancelActivity(
  herald: Herald,
  projectId: string,
  activityId: string,
  by: string,
): Activity {
  const activity = getActivity(herald, projectId, activityId);
  if (activity.type.startsWith('environment.access.')) {
    // The membership changed when the activity was recorded (access.ts): cancelling it
    // would leave a history that disagrees with who has access.
    throw conflict(
      `Activity ${activityId} is an access change, which holds from the moment it is made; ` +
        'change the access back with user:update or user:delete instead',
    );
  }
  if (activity.state !== 'pending') {
    throw conflict(
      `Activity ${activityId} is ${activity.state}; only a pending activity can be cancelled`,
    );
  }

  return moveActivity(herald, projectId, activityId, {
    state: 'cancelled',
    log: `Cancelled by ${by}.`,
  });
}
