import { hasRole, type ProjectRole, roleRank } from '@herald/domain/access';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/badges.tsx';
import { EnvironmentActions, type OfferedActions } from '@/components/environment-actions.tsx';
import { LiveActivities } from '@/components/live-activities.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { Pager } from '@/components/pager.tsx';
import { type EnvironmentView, load } from '@/lib/api.ts';
import { pageHref, readCursor, toPage } from '@/lib/paging.ts';
import { projectPath } from '@/lib/paths.ts';

export const metadata: Metadata = { title: 'Project overview' };

const SHOWN_ACTIVITIES = 20;
/** Live updates start a little before the page's read, so nothing falls between the two. */
const LIVE_OVERLAP_MS = 60_000;

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { project } = await params;
  const search = await searchParams;
  const selected = typeof search.environment === 'string' ? search.environment : undefined;
  const cursor = readCursor(search);
  const since = new Date(Date.now() - LIVE_OVERLAP_MS).toISOString();
  const loaded = await load((api) =>
    Promise.all([
      api.environment.list.query({ project }),
      api.activity.list.query({
        project,
        limit: SHOWN_ACTIVITIES + 1,
        ...(selected ? { environment: selected } : {}),
        ...cursor,
      }),
      api.auth.access.query({ project }),
    ]),
  );
  if (!loaded.ok) {
    return <LoadError failure={loaded.failure} what="this project" />;
  }

  const [environments, activities, access] = loaded.data;
  const page = toPage(activities, SHOWN_ACTIVITIES, cursor);
  const filters = { environment: selected };
  if (page.reachedNewest) redirect(pageHref(projectPath(project), filters, {}));
  const roles = new Map(access.environments.map((entry) => [entry.name, entry.role]));

  return (
    <>
      <h1>Overview</h1>
      <p className="quiet">
        Your role here: <strong>{describeRole(access.role, access.environments)}</strong>
      </p>
      <section aria-labelledby="environments-heading">
        <h2 id="environments-heading">Environments</h2>
        <EnvironmentTable
          project={project}
          environments={environments}
          selected={selected}
          roles={roles}
        />
      </section>
      <section aria-labelledby="activities-heading">
        <div className="section-head">
          <h2 id="activities-heading">
            {cursor.before || cursor.after ? 'Earlier activities' : 'Recent activities'}
            {selected ? ` on ${selected}` : ''}
          </h2>
          {selected && <Link href={projectPath(project)}>Show all environments</Link>}
        </div>
        <LiveActivities
          project={project}
          activities={page.rows}
          since={since}
          acceptNew={page.newer === null}
          environment={selected}
          size={SHOWN_ACTIVITIES}
        />
        <Pager page={page} path={projectPath(project)} search={filters} label="activities" />
      </section>
    </>
  );
}

/** "contributor", or "contributor on feature-x; viewer on main" (strongest first). */
function describeRole(role: ProjectRole, environments: { name: string; role: ProjectRole }[]) {
  if (environments.every((entry) => entry.role === role)) return role;
  const byRole = new Map<ProjectRole, string[]>();
  for (const entry of environments) {
    byRole.set(entry.role, [...(byRole.get(entry.role) ?? []), entry.name]);
  }
  return [...byRole]
    .sort(([a], [b]) => roleRank(b) - roleRank(a))
    .map(([held, names]) => `${held} on ${names.join(', ')}`)
    .join('; ');
}

function offerActions(
  environment: EnvironmentView,
  role: ProjectRole | undefined,
  parentActive: boolean,
): OfferedActions | null {
  if (role === undefined || !hasRole(role, 'contributor')) return null;
  const active = environment.status === 'active';
  return {
    activate: environment.status === 'inactive',
    deactivate: active && !environment.is_default,
    synchronizeFrom: active && parentActive ? environment.parent : null,
  };
}

function EnvironmentTable({
  project,
  environments,
  selected,
  roles,
}: {
  project: string;
  environments: EnvironmentView[];
  selected: string | undefined;
  roles: Map<string, ProjectRole>;
}) {
  if (environments.length === 0) {
    return <p className="empty">No environments yet.</p>;
  }
  const active = new Set(environments.filter((e) => e.status === 'active').map((e) => e.name));

  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Title</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Parent</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {environments.map((environment) => {
          const parentActive = environment.parent !== null && active.has(environment.parent);
          const offered = offerActions(environment, roles.get(environment.name), parentActive);
          return (
            <tr key={environment.id} data-environment={environment.name}>
              <td data-label="Name">
                <Link
                  href={pageHref(projectPath(project), { environment: environment.name }, {})}
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
              <td data-label="Actions">
                {offered ? (
                  <EnvironmentActions
                    project={project}
                    environment={environment.name}
                    offered={offered}
                  />
                ) : (
                  <span className="quiet">read only</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
