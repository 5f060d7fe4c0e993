import { findIntegrationType, INTEGRATION_TYPES } from '@herald/domain';
import type { Metadata } from 'next';
import Link from 'next/link';
import { EventGlossary } from '@/components/event-glossary.tsx';
import { IntegrationForm } from '@/components/integration-form.tsx';
import { ReadOnlyNotice } from '@/components/read-only-notice.tsx';
import { mayManageIntegrations } from '@/lib/caller.ts';
import { integrationsPath, newIntegrationPath } from '@/lib/paths.ts';

export const metadata: Metadata = { title: 'Add integration' };

export default async function NewIntegrationPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { project } = await params;
  const { type } = await searchParams;
  const spec = typeof type === 'string' ? findIntegrationType(type) : undefined;
  if (!(await mayManageIntegrations(project))) {
    return (
      <>
        <h1>Add integration</h1>
        <ReadOnlyNotice />
      </>
    );
  }

  return (
    <>
      <p className="crumbs">
        <Link href={integrationsPath(project)}>Integrations</Link> <span aria-hidden="true">/</span>
      </p>
      {spec === undefined ? (
        <>
          <h1>Add integration</h1>
          {typeof type === 'string' && (
            <p className="notice notice-error" role="alert">
              There is no integration type "{type}". Pick one of these.
            </p>
          )}
          <p>Pick the type of integration to add.</p>
          <ul className="card-grid">
            {INTEGRATION_TYPES.map((candidate) => (
              <li key={candidate.type} className="card">
                <h2>
                  <Link href={newIntegrationPath(project, candidate.type)}>{candidate.label}</Link>
                </h2>
                <p>{candidate.description}</p>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <h1>Add a {spec.label} integration</h1>
          <p>{spec.description}</p>
          <IntegrationForm mode="create" project={project} type={spec.type} />
          {spec.hasFilters && <EventGlossary />}
        </>
      )}
    </>
  );
}
