import { findIntegrationType } from '@herald/domain';
import type { Metadata } from 'next';
import Link from 'next/link';
import { EventGlossary } from '@/components/event-glossary.tsx';
import { IntegrationForm } from '@/components/integration-form.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { ReadOnlyNotice } from '@/components/read-only-notice.tsx';
import { load } from '@/lib/api.ts';
import { mayManageIntegrations } from '@/lib/caller.ts';
import { integrationPath } from '@/lib/paths.ts';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ integration: string }>;
}): Promise<Metadata> {
  return { title: `Edit integration ${(await params).integration}` };
}

export default async function EditIntegrationPage({
  params,
}: {
  params: Promise<{ project: string; integration: string }>;
}) {
  const { project, integration: id } = await params;
  const integration = await load((api) => api.integration.get.query({ project, id }));
  if (!integration.ok) {
    return <LoadError failure={integration.failure} what={`integration ${id}`} />;
  }

  const spec = findIntegrationType(integration.data.type);
  if (!(await mayManageIntegrations(project))) {
    return (
      <>
        <h1>Edit integration {id}</h1>
        <ReadOnlyNotice />
      </>
    );
  }

  return (
    <>
      <p className="crumbs">
        <Link href={integrationPath(project, id)}>
          Integration <code>{id}</code>
        </Link>{' '}
        <span aria-hidden="true">/</span>
      </p>
      <h1>Edit {spec?.label ?? integration.data.type}</h1>
      <IntegrationForm
        mode="edit"
        project={project}
        id={id}
        type={integration.data.type}
        settings={integration.data.settings}
      />
      {spec?.hasFilters && <EventGlossary />}
    </>
  );
}
