import { INTEGRATION_TYPES } from '@herald/domain';
import type { Metadata } from 'next';
import Link from 'next/link';
import { EnabledBadge } from '@/components/badges.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { ReadOnlyNotice } from '@/components/read-only-notice.tsx';
import { load } from '@/lib/api.ts';
import { mayManageIntegrations } from '@/lib/caller.ts';
import { integrationPath, newIntegrationPath } from '@/lib/paths.ts';

export const metadata: Metadata = { title: 'Integrations' };

export default async function IntegrationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { project } = await params;
  const { deleted } = await searchParams;
  const integrations = await load((api) => api.integration.list.query({ project }));
  const canManage = await mayManageIntegrations(project);

  return (
    <>
      <div className="section-head">
        <h1>Integrations</h1>
        {canManage && (
          <Link href={newIntegrationPath(project)} className="button button-primary">
            Add integration
          </Link>
        )}
      </div>
      {!canManage && <ReadOnlyNotice />}
      {typeof deleted === 'string' && (
        <p className="notice notice-good" role="status">
          Deleted integration <code>{deleted}</code>.
        </p>
      )}

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">This project's integrations</h2>
        {!integrations.ok ? (
          <LoadError failure={integrations.failure} what="the integrations" />
        ) : integrations.data.length === 0 ? (
          <p className="empty">
            No integrations yet.{canManage ? ' Pick a type below, or use "Add integration".' : ''}
          </p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Type</th>
                <th scope="col">Summary</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {integrations.data.map((integration) => (
                <tr key={integration.id}>
                  <td data-label="ID">
                    <Link href={integrationPath(project, integration.id)}>
                      <code>{integration.id}</code>
                    </Link>
                  </td>
                  <td data-label="Type">{integration.type}</td>
                  <td data-label="Summary" className="wrap summary">
                    {integration.summary || '—'}
                  </td>
                  <td data-label="Status">
                    <EnabledBadge enabled={integration.enabled} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="types-heading">
        <h2 id="types-heading">Integration types</h2>
        <ul className="card-grid">
          {INTEGRATION_TYPES.map((spec) => (
            <li key={spec.type} className="card">
              <h3>{spec.label}</h3>
              <p>{spec.description}</p>
              {canManage && (
                <Link
                  href={newIntegrationPath(project, spec.type)}
                  className="button"
                  aria-label={`Add a ${spec.label} integration`}
                >
                  Add
                </Link>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
