import { findIntegrationType, MASK } from '@herald/domain';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AutoRefresh } from '@/components/auto-refresh.tsx';
import { EnabledBadge, ResultBadge, StateBadge } from '@/components/badges.tsx';
import { CopyButton } from '@/components/copy-button.tsx';
import { DeleteIntegration } from '@/components/delete-integration.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { Pager } from '@/components/pager.tsx';
import { ReadOnlyNotice } from '@/components/read-only-notice.tsx';
import { RedeliverButton } from '@/components/redeliver-button.tsx';
import { TestEventButton } from '@/components/test-event-button.tsx';
import { type ActivityView, type DeliveryView, type IntegrationView, load } from '@/lib/api.ts';
import { mayManageIntegrations } from '@/lib/caller.ts';
import {
  describeDelivery,
  excerpt,
  formatDuration,
  formatSetting,
  formatTime,
} from '@/lib/format.ts';
import { readCursor, toPage } from '@/lib/paging.ts';
import {
  activityPath,
  deliveryPath,
  editIntegrationPath,
  integrationPath,
  integrationsPath,
} from '@/lib/paths.ts';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ integration: string }>;
}): Promise<Metadata> {
  return { title: `Integration ${(await params).integration}` };
}

const SHOWN_DELIVERIES = 20;
const SHOWN_HOOKS = 50;

export default async function IntegrationPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string; integration: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { project, integration: id } = await params;
  const search = await searchParams;
  const { updated } = search;
  const cursor = readCursor(search);
  const loaded = await load((api) =>
    Promise.all([
      api.integration.get.query({ project, id }),
      api.integration.deliveries.query({ project, id, limit: SHOWN_DELIVERIES + 1, ...cursor }),
      api.activity.list.query({ project, integration: id, limit: SHOWN_HOOKS }),
    ]),
  );
  if (!loaded.ok) {
    return <LoadError failure={loaded.failure} what={`integration ${id}`} />;
  }

  const [integration, listed, ownActivities] = loaded.data;
  const page = toPage(listed, SHOWN_DELIVERIES, cursor);
  if (page.reachedNewest) redirect(integrationPath(project, id));
  const deliveries = page.rows;
  const canManage = await mayManageIntegrations(project);
  const spec = findIntegrationType(integration.type);
  // Only Git sources have one: the URL their provider posts its hooks to.
  const hookUrl = integration.hook_url;
  const busy =
    deliveries.some((delivery) => describeDelivery(delivery).result === null) ||
    ownActivities.some(
      (activity) => activity.state === 'pending' || activity.state === 'in_progress',
    );

  return (
    <>
      <p className="crumbs">
        <Link href={integrationsPath(project)}>Integrations</Link> <span aria-hidden="true">/</span>
      </p>
      <div className="section-head">
        <h1>
          {spec?.label ?? integration.type} <code>{integration.id}</code>
        </h1>
        <EnabledBadge enabled={integration.enabled} />
      </div>
      {!integration.enabled && integration.disabled_reason && (
        <p className="notice notice-error">
          Disabled: {integration.disabled_reason} Saving any change enables it again.
        </p>
      )}
      {typeof updated === 'string' && (
        <p className="notice notice-good" role="status">
          Integration {integration.id} ({integration.type}) updated
          {updated ? `: ${updated.split(',').join(', ')}` : ''}.
        </p>
      )}

      {canManage ? (
        <div className="toolbar">
          <Link href={editIntegrationPath(project, id)} className="button">
            Edit
          </Link>
          <TestEventButton
            project={project}
            id={id}
            label={spec?.hasFilters ? 'Send test event' : 'Check settings'}
          />
          <DeleteIntegration project={project} id={id} />
        </div>
      ) : (
        <ReadOnlyNotice />
      )}

      {hookUrl && (
        <section aria-labelledby="hook-heading" className="panel">
          <h2 id="hook-heading">Hook URL</h2>
          <p>Paste this into the provider's webhook settings, with the hook secret.</p>
          <p className="copy-row">
            <code className="wrap">{hookUrl}</code>
            <CopyButton value={hookUrl} label="Copy the hook URL" />
          </p>
        </section>
      )}

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <dl className="facts">
          {settingRows(integration).map((row) => (
            <div key={row.name}>
              <dt>{row.label}</dt>
              <dd className="wrap">{row.value}</dd>
            </div>
          ))}
          <div>
            <dt>Created</dt>
            <dd>{formatTime(integration.created_at)}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{formatTime(integration.updated_at)}</dd>
          </div>
        </dl>
      </section>

      <AutoRefresh
        intervalMs={busy ? 2000 : 5000}
        label={busy ? 'Work in flight: updating every 2 s.' : 'Updates every 5 s.'}
      />
      {spec?.receivesHooks ? (
        <section aria-labelledby="hooks-heading">
          <h2 id="hooks-heading">Received hooks</h2>
          <HookTable project={project} activities={ownActivities} />
        </section>
      ) : (
        <section aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading">Delivery log</h2>
          <DeliveryTable
            project={project}
            integration={id}
            deliveries={deliveries}
            canRedeliver={canManage}
          />
          <Pager page={page} path={integrationPath(project, id)} search={{}} label="deliveries" />
        </section>
      )}
    </>
  );
}

function settingRows(integration: IntegrationView) {
  const spec = findIntegrationType(integration.type);
  const known = new Set(spec?.fields.map((field) => field.name));
  const rows = (spec?.fields ?? []).map((field) => {
    const value = integration.settings[field.name];
    return {
      name: field.name,
      label: field.label,
      value: field.secret ? (value === undefined ? 'not set' : MASK) : formatSetting(value),
    };
  });
  // Settings the console's copy of the type does not list still show, by their own name.
  for (const [name, value] of Object.entries(integration.settings)) {
    if (!known.has(name)) rows.push({ name, label: name, value: formatSetting(value) });
  }

  return rows;
}

/** A Git source's own activities: one per hook the provider sent, saying what it did. */
function HookTable({ project, activities }: { project: string; activities: ActivityView[] }) {
  if (activities.length === 0) {
    return (
      <p className="empty">
        No hooks received yet. Set the hook URL and secret in the provider's webhook settings.
      </p>
    );
  }

  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Hook</th>
          <th scope="col">State</th>
          <th scope="col">Result</th>
          <th scope="col">Received</th>
        </tr>
      </thead>
      <tbody>
        {activities.map((activity) => (
          <tr key={activity.id}>
            <td data-label="Hook">
              <Link href={activityPath(project, activity.id)}>{activity.type}</Link>
              {activity.description && <span className="sub">{activity.description}</span>}
            </td>
            <td data-label="State">
              <StateBadge state={activity.state} />
            </td>
            <td data-label="Result">
              <ResultBadge result={activity.result} />
            </td>
            <td data-label="Received">{formatTime(activity.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeliveryTable({
  project,
  integration,
  deliveries,
  canRedeliver,
}: {
  project: string;
  integration: string;
  deliveries: DeliveryView[];
  canRedeliver: boolean;
}) {
  if (deliveries.length === 0) {
    return (
      <p className="empty">
        No deliveries yet. They appear here when an activity matches this integration's filters.
      </p>
    );
  }

  return (
    <table className="table deliveries">
      <thead>
        <tr>
          <th scope="col">Delivery</th>
          <th scope="col">State</th>
          <th scope="col">Result</th>
          <th scope="col">Status code</th>
          <th scope="col">Duration</th>
          <th scope="col">Attempts</th>
          <th scope="col">Response</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => {
          const { state, result } = describeDelivery(delivery);
          const attempt = delivery.last_attempt;
          return (
            <tr key={delivery.id} data-delivery={delivery.id}>
              <td data-label="Delivery">
                <Link href={deliveryPath(project, integration, delivery.id)}>
                  <code>{delivery.id}</code>
                </Link>
                <span className="sub">
                  <Link href={activityPath(project, delivery.activity)}>activity</Link>
                  {' · '}
                  {formatTime(delivery.created_at)}
                </span>
              </td>
              <td data-label="State">
                <StateBadge state={state} />
                {delivery.next_attempt_at && delivery.attempt_count > 0 && (
                  <span className="sub">next {formatTime(delivery.next_attempt_at)}</span>
                )}
              </td>
              <td data-label="Result">
                <ResultBadge result={result} />
              </td>
              <td data-label="Status code" className="status-code">
                {attempt === null ? '—' : attempt.status_code || 'none'}
              </td>
              <td data-label="Duration">{attempt ? formatDuration(attempt.duration_ms) : '—'}</td>
              <td data-label="Attempts" className="attempts">
                {delivery.attempt_count}
              </td>
              <td data-label="Response" className="wrap">
                {attempt === null ? (
                  '—'
                ) : attempt.error_message && attempt.status_code === 0 ? (
                  <span className="field-error">{attempt.error_message}</span>
                ) : (
                  <code className="excerpt">{excerpt(attempt.response_body) || '(empty)'}</code>
                )}
              </td>
              <td data-label="Actions">
                {canRedeliver && delivery.status !== 'sending' && (
                  <RedeliverButton
                    project={project}
                    integration={integration}
                    delivery={delivery.id}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
