'use client';

import { useEffect, useState } from 'react';
import type { ActivityView } from '@/lib/api.ts';
import { formatTime } from '@/lib/format.ts';
import { ResultBadge, StateBadge } from './badges.tsx';
import { LiveNote, useActivityChanges } from './use-activity-changes.tsx';

/** One activity's state, result, times and log, following the activity while it runs. */
export function LiveActivity({ activity, since }: { activity: ActivityView; since: string }) {
  const [view, setView] = useState(activity);
  useEffect(() => setView(activity), [activity]);
  const running = view.state === 'pending' || view.state === 'in_progress';
  const live = useActivityChanges(
    activity.project,
    since,
    (changed) => {
      if (changed.id !== activity.id) return;
      setView((current) => (current.updated_at > changed.updated_at ? current : changed));
    },
    running,
  );

  return (
    <>
      {running && <LiveNote state={live} />}
      <dl className="facts activity-facts">
        <dt>State</dt>
        <dd className="activity-state">
          <StateBadge state={view.state} /> {view.completion_percent}%
        </dd>
        <dt>Result</dt>
        <dd className="activity-result">
          <ResultBadge result={view.result} />
        </dd>
        <dt>Environments</dt>
        <dd>{view.environments.join(', ') || '—'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(view.created_at)}</dd>
        <dt>Started</dt>
        <dd>{formatTime(view.started_at)}</dd>
        <dt>Completed</dt>
        <dd>{formatTime(view.completed_at)}</dd>
      </dl>
      <h2>Log</h2>
      {view.log ? <pre className="log">{view.log}</pre> : <p className="empty">No log lines.</p>}
    </>
  );
}
