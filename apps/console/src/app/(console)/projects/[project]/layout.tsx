import Link from 'next/link';
import type { ReactNode } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { ProjectNav } from '@/components/project-nav.tsx';
import { load } from '@/lib/api.ts';
import { projectsPath } from '@/lib/paths.ts';

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ project: string }>;
}) {
  const { project: projectId } = await params;
  const project = await load((api) => api.project.get.query({ project: projectId }));
  if (!project.ok) {
    return <LoadError failure={project.failure} what={`project ${projectId}`} />;
  }

  return (
    <>
      <div className="project-head">
        <p className="crumbs">
          <Link href={projectsPath()}>Projects</Link> <span aria-hidden="true">/</span>
        </p>
        <p className="project-title">
          {project.data.title} <code>{project.data.id}</code>
        </p>
        <ProjectNav project={project.data.id} />
      </div>
      {children}
    </>
  );
}
