import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh.tsx';
import { Badge, ResultBadge, StateBadge } from '@/components/badges.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { type ActivityView, type EnvironmentView, load } from '@/lib/api.ts';
import { formatTime } from '@/lib/format.ts';
import { activityPath, projectPath } from '@/lib/paths.ts';

export const metadata: Metadata = { title: 'Project overview' };

const SHOWN_ACTIVITIES = 20;

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { project } = await params;
  const { environment } = await searchParams;
  const selected = typeof environment === 'string' ? environment : undefined;
  const loaded = await load((api) =>
    Promise.all([
      api.environment.list.query({ project }),
      api.activity.list.query({ project, limit: 100 }),
    ]),
  );
  if (!loaded.ok) {
    return <LoadError failure={loaded.failure} what="this project" />;
  }

  const [environments, allActivities] = loaded.data;
  const activities = allActivities
    .filter((activity) => selected === undefined || activity.environments.includes(selected))
    .slice(0, SHOWN_ACTIVITIES);
  const running = allActivities.some(
    (activity) => activity.state === 'pending' || activity.state === 'in_progress',
  );

  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="environments-heading">
        <h2 id="environments-heading">Environments</h2>
        <EnvironmentTable project={project} environments={environments} selected={selected} />
      </section>
      <section aria-labelledby="activities-heading">
        <div className="section-head">
          <h2 id="activities-heading">Recent activities{selected ? ` on ${selected}` : ''}</h2>
          {selected && <Link href={projectPath(project)}>Show all environments</Link>}
        </div>
        <AutoRefresh
          intervalMs={running ? 2000 : 10_000}
          label={running ? 'Activities are running: updating every 2 s.' : 'Updates every 10 s.'}
        />
        <ActivityTable project={project} activities={activities} />
      </section>
    </>
  );
}

function EnvironmentTable({
  project,
  environments,
  selected,
}: {
  project: string;
  environments: EnvironmentView[];
  selected: string | undefined;
}) {
  if (environments.length === 0) {
    return <p className="empty">No environments yet.</p>;
  }

  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Title</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Parent</th>
        </tr>
      </thead>
      <tbody>
        {environments.map((environment) => (
          <tr key={environment.id}>
            <td data-label="Name">
              <Link
                href={`${projectPath(project)}?environment=${encodeURIComponent(environment.name)}`}
                aria-current={selected === environment.name ? 'true' : undefined}
                title={`Show the activities of ${environment.name}`}
              >
                {environment.name}
              </Link>
              {environment.is_default && <Badge tone="neutral">default</Badge>}
            </td>
            <td data-label="Title">{environment.title}</td>
            <td data-label="Type">{environment.type}</td>
            <td data-label="Status">
              <Badge tone={environment.status === 'active' ? 'good' : 'muted'}>
                {environment.status}
              </Badge>
            </td>
            <td data-label="Parent">{environment.parent ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ActivityTable({ project, activities }: { project: string; activities: ActivityView[] }) {
  if (activities.length === 0) {
    return <p className="empty">No activities yet.</p>;
  }

  return (
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
        {activities.map((activity) => (
          <tr key={activity.id}>
            <td data-label="Activity">
              <Link href={activityPath(project, activity.id)}>{activity.type}</Link>
              {activity.description && <span className="sub">{activity.description}</span>}
            </td>
            <td data-label="Environments">{activity.environments.join(', ') || '—'}</td>
            <td data-label="State">
              <StateBadge state={activity.state} />
              {activity.state === 'in_progress' && (
                <span className="sub">{activity.completion_percent}%</span>
              )}
            </td>
            <td data-label="Result">
              <ResultBadge result={activity.result} />
            </td>
            <td data-label="Created">{formatTime(activity.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
