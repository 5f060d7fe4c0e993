import type { Metadata } from 'next';
import Link from 'next/link';
import { LoadError } from '@/components/load-error.tsx';
import { ProjectForm } from '@/components/project-form.tsx';
import { load } from '@/lib/api.ts';
import { loadCaller } from '@/lib/caller.ts';
import { formatTime } from '@/lib/format.ts';
import { projectPath } from '@/lib/paths.ts';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const projects = await load((api) => api.project.list.query());
  const caller = await loadCaller();
  // Projects belong to the installation: only its admins make them.
  const mayCreate = caller.ok && caller.data.installation_admin;

  return (
    <>
      <h1>Projects</h1>
      {!projects.ok ? (
        <LoadError failure={projects.failure} what="your projects" />
      ) : projects.data.length === 0 ? (
        <div className="empty">
          <p>No projects yet.</p>
          <p>
            {mayCreate ? 'Create one below, or' : 'An installation admin creates them, e.g.'} with
            the CLI: <code>pnpm herald project:create --title "My shop"</code>
          </p>
        </div>
      ) : (
        <ul className="card-list">
          {projects.data.map((project) => (
            <li key={project.id} className="card">
              <h2>
                <Link href={projectPath(project.id)}>{project.title}</Link>
              </h2>
              <dl className="facts">
                <dt>ID</dt>
                <dd>
                  <code>{project.id}</code>
                </dd>
                <dt>Default branch</dt>
                <dd>{project.default_branch}</dd>
                <dt>Created</dt>
                <dd>{formatTime(project.created_at)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {mayCreate && (
        <section aria-labelledby="new-project-heading" className="panel">
          <h2 id="new-project-heading">New project</h2>
          <ProjectForm />
        </section>
      )}
    </>
  );
}
