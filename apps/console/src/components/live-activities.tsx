'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { ActivityView } from '@/lib/api.ts';
import { formatTime } from '@/lib/format.ts';
import { mergeActivity } from '@/lib/live-activities.ts';
import { activityPath } from '@/lib/paths.ts';
import { ResultBadge, StateBadge } from './badges.tsx';
import { LiveNote, useActivityChanges } from './use-activity-changes.tsx';

function isRunning(activity: ActivityView): boolean {
  return activity.state === 'pending' || activity.state === 'in_progress';
}

/**
 * A page of the project's activities whose states and results change as the API pushes
 * them; on the newest page, new activities join at the top.
 */
export function LiveActivities({
  project,
  activities,
  since,
  acceptNew,
  environment,
  size,
}: {
  project: string;
  activities: ActivityView[];
  since: string;
  acceptNew: boolean;
  environment?: string | undefined;
  size: number;
}) {
  const router = useRouter();
  const [shown, setShown] = useState(activities);
  const shownNow = useRef(shown);
  shownNow.current = shown;
  // A fresh render from the server (after an action) starts from what it read.
  useEffect(() => setShown(activities), [activities]);
  const live = useActivityChanges(project, since, (activity) => {
    const before = shownNow.current.find((listed) => listed.id === activity.id);
    setShown((current) => mergeActivity(current, activity, { acceptNew, environment, size }));
    // A finished activity may have changed what the server renders around the list (an
    // environment's status): read the page again, once, when one seen running finishes.
    if (before !== undefined && isRunning(before) && !isRunning(activity)) router.refresh();
  });

  return (
    <>
      <LiveNote state={live} />
      {shown.length === 0 ? (
        <p className="empty">No activities yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Activity</th>
              <th scope="col">Environments</th>
              <th scope="col">State</th>
              <th scope="col">Result</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((activity) => (
              <tr key={activity.id} data-activity={activity.id}>
                <td data-label="Activity">
                  <Link href={activityPath(project, activity.id)}>{activity.type}</Link>
                  {activity.description && <span className="sub">{activity.description}</span>}
                </td>
                <td data-label="Environments">{activity.environments.join(', ') || '—'}</td>
                <td data-label="State" className="activity-state">
                  <StateBadge state={activity.state} />
                  {activity.state === 'in_progress' && (
                    <span className="sub">{activity.completion_percent}%</span>
                  )}
                </td>
                <td data-label="Result" className="activity-result">
                  <ResultBadge result={activity.result} />
                </td>
                <td data-label="Created">{formatTime(activity.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
