import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh.tsx';
import { ResultBadge, StateBadge } from '@/components/badges.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { RedeliverButton } from '@/components/redeliver-button.tsx';
import { load } from '@/lib/api.ts';
import { mayManageIntegrations } from '@/lib/caller.ts';
import { describeDelivery, formatDuration, formatTime } from '@/lib/format.ts';
import { activityPath, integrationPath } from '@/lib/paths.ts';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ delivery: string }>;
}): Promise<Metadata> {
  return { title: `Delivery ${(await params).delivery}` };
}

export default async function DeliveryPage({
  params,
}: {
  params: Promise<{ project: string; integration: string; delivery: string }>;
}) {
  const { project, integration, delivery: id } = await params;
  const loaded = await load((api) =>
    api.integration.delivery.query({ project, id: integration, delivery: id }),
  );
  if (!loaded.ok) {
    return <LoadError failure={loaded.failure} what={`delivery ${id}`} />;
  }

  const delivery = loaded.data;
  const { state, result } = describeDelivery(delivery);

  return (
    <>
      <p className="crumbs">
        <Link href={integrationPath(project, integration)}>
          Integration <code>{integration}</code>
        </Link>{' '}
        <span aria-hidden="true">/</span>
      </p>
      <h1>
        Delivery <code>{delivery.id}</code>
      </h1>
      {result === null && (
        <AutoRefresh intervalMs={2000} label="Not finished: updating every 2 s." />
      )}
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <StateBadge state={state} />
        </dd>
        <dt>Result</dt>
        <dd>
          <ResultBadge result={result} />
        </dd>
        <dt>Activity</dt>
        <dd>
          <Link href={activityPath(project, delivery.activity)}>{delivery.activity}</Link>
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(delivery.created_at)}</dd>
        <dt>Completed</dt>
        <dd>{formatTime(delivery.completed_at)}</dd>
      </dl>
      {(await mayManageIntegrations(project)) && delivery.status !== 'sending' && (
        <RedeliverButton project={project} integration={integration} delivery={delivery.id} />
      )}

      <h2>Attempts</h2>
      {delivery.attempts.length === 0 ? (
        <p className="empty">Not attempted yet.</p>
      ) : (
        <ol className="attempts-list">
          {delivery.attempts.map((attempt) => (
            <li key={attempt.number} className="panel">
              <h3>
                Attempt {attempt.number}: {attempt.status_code || 'no response'}
              </h3>
              <p className="quiet">
                {formatTime(attempt.started_at)} · {formatDuration(attempt.duration_ms)}
                {attempt.error_kind ? ` · ${attempt.error_kind}` : ''}
              </p>
              {attempt.error_message && <p className="field-error">{attempt.error_message}</p>}
              <pre className="log">{attempt.response_body || '(empty response body)'}</pre>
            </li>
          ))}
        </ol>
      )}

      <h2>Request body</h2>
      <p className="hint">What every attempt sends and signs, indented here for reading.</p>
      <pre className="log">{prettyJson(delivery.body)}</pre>
    </>
  );
}

function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
