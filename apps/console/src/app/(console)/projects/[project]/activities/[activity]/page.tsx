import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveActivity } from '@/components/live-activity.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { load } from '@/lib/api.ts';
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

  return (
    <>
      <p className="crumbs">
        <Link href={projectPath(project)}>Overview</Link> <span aria-hidden="true">/</span>
      </p>
      <h1>
        {view.type} <code>{view.id}</code>
      </h1>
      {view.description && <p>{view.description}</p>}
      <LiveActivity activity={view} since={view.updated_at} />
    </>
  );
}
