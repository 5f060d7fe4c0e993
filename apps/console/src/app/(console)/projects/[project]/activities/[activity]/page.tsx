import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh.tsx';
import { ResultBadge, StateBadge } from '@/components/badges.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { load } from '@/lib/api.ts';
import { formatTime } from '@/lib/format.ts';
import { projectPath } from '@/lib/paths.ts';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ activity: string }>;
}): Promise<Metadata> {
  return { title: `Activity ${(await params).activity}` };
}

export default async function ActivityPage({
  params,
}: {
  params: Promise<{ project: string; activity: string }>;
}) {
  const { project, activity: id } = await params;
  const activity = await load((api) => api.activity.get.query({ project, id }));
  if (!activity.ok) {
    return <LoadError failure={activity.failure} what={`activity ${id}`} />;
  }

  const view = activity.data;
  const running = view.state === 'pending' || view.state === 'in_progress';

  return (
    <>
      <p className="crumbs">
        <Link href={projectPath(project)}>Overview</Link> <span aria-hidden="true">/</span>
      </p>
      <h1>
        {view.type} <code>{view.id}</code>
      </h1>
      {view.description && <p>{view.description}</p>}
      {running && <AutoRefresh intervalMs={2000} label="Running: updating every 2 s." />}
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <StateBadge state={view.state} /> {view.completion_percent}%
        </dd>
        <dt>Result</dt>
        <dd>
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
