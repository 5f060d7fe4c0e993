import {
  CRITICAL_FREE_PERCENT,
  freePercent,
  type HealthMetric,
  type HealthNotice,
  WARNING_FREE_PERCENT,
} from './health.ts';

const METRIC_LABELS: Record<HealthMetric, string> = { disk: 'disk space', inodes: 'inodes' };

const KIND_TITLES = { warning: 'Warning', critical: 'Critical', recovery: 'Recovered' } as const;

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value >= 100 || unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;

  return `${rounded} ${BYTE_UNITS[unit]}`;
}

/** `9.2 GiB used of 10 GiB (8 % free)`, or the same in inodes. */
export function formatHealthFigures(notice: Pick<HealthNotice, 'metric' | 'used' | 'total'>) {
  const free = `${freePercent(notice.used, notice.total)} % free`;
  if (notice.metric === 'disk') {
    return `${formatBytes(notice.used)} used of ${formatBytes(notice.total)} (${free})`;
  }

  const count = (value: number) => value.toLocaleString('en-US');
  return `${count(notice.used)} of ${count(notice.total)} inodes used (${free})`;
}

/** One line saying what happened, without the project: `app in main is low on disk space`. */
export function describeHealthChange(notice: HealthNotice): string {
  const where = `${notice.service} in ${notice.environment}`;
  const label = METRIC_LABELS[notice.metric];
  const free = `${freePercent(notice.used, notice.total)} % free`;
  if (notice.kind === 'recovery') {
    return `${where} is back to normal on ${label} (${free})`;
  }
  if (notice.kind === 'critical') {
    return `${where} is critically low on ${label} (${free})`;
  }

  const still = notice.previous_state === 'critical' ? 'still ' : '';
  return `${where} is ${still}low on ${label} (${free})`;
}

/** What the people reading the notification should do about it. */
export function adviseHealthAction(notice: HealthNotice): string {
  const service = `the ${notice.service} service`;
  if (notice.kind === 'recovery') {
    return (
      `Nothing to do: ${service} has at least ${WARNING_FREE_PERCENT} % of its ` +
      `${METRIC_LABELS[notice.metric]} free again.`
    );
  }

  const urgent = notice.kind === 'critical' ? 'Act now. ' : '';
  if (notice.metric === 'disk') {
    const consequence =
      notice.kind === 'critical'
        ? `When the disk is full, ${service} can no longer write and may stop working. `
        : '';
    return (
      `${urgent}${consequence}Free space on ${service} (old logs, caches, exports and ` +
      "uploads you no longer need) or give it a larger disk in the project's configuration " +
      'and redeploy.'
    );
  }

  const consequence =
    notice.kind === 'critical'
      ? `Once no inode is left, ${service} cannot create a single file, even with disk space free. `
      : '';
  return (
    `${urgent}${consequence}Each file uses one inode: delete small files ${service} no longer ` +
    "needs (caches, sessions, temporary files) or give it a larger disk in the project's " +
    'configuration and redeploy.'
  );
}

export interface HealthEmail {
  subject: string;
  text: string;
  html: string;
}

export function buildHealthEmail(notice: HealthNotice): HealthEmail {
  const title = KIND_TITLES[notice.kind];
  const headline = describeHealthChange(notice);
  const rows = detailRows(notice);
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  const text = [
    `${title}: ${headline}`,
    '',
    ...rows.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`),
    '',
    `What to do: ${adviseHealthAction(notice)}`,
    '',
    thresholdsNote(),
    `Reported at ${notice.reported_at} (notification ${notice.id}).`,
    '',
  ].join('\n');

  const html = [
    '<!DOCTYPE html>',
    '<html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(`${title}: ${headline}`)}</h2>`,
    '<table cellpadding="4">',
    ...rows.map(
      ([name, value]) =>
        `<tr><th align="left">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
    `<p><strong>What to do:</strong> ${escapeHtml(adviseHealthAction(notice))}</p>`,
    `<p style="color: #666">${escapeHtml(thresholdsNote())}<br>`,
    `Reported at ${escapeHtml(notice.reported_at)} (notification ${escapeHtml(notice.id)}).</p>`,
    '</body></html>',
    '',
  ].join('\n');

  return { subject: `[${notice.project.title}] ${title}: ${headline}`, text, html };
}

function detailRows(notice: HealthNotice): [string, string][] {
  const label = METRIC_LABELS[notice.metric];
  return [
    ['Project', `${notice.project.title} (${notice.project.id})`],
    ['Environment', notice.environment],
    ['Service', notice.service],
    [label.charAt(0).toUpperCase() + label.slice(1), formatHealthFigures(notice)],
    ['State', `${notice.state} (was ${notice.previous_state})`],
  ];
}

function thresholdsNote(): string {
  return (
    `Herald notifies when the state changes: warning under ${WARNING_FREE_PERCENT} % free, ` +
    `critical under ${CRITICAL_FREE_PERCENT} % free, normal again from ${WARNING_FREE_PERCENT} %.`
  );
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Slack reads `&`, `<` and `>` as markup in message text; these three must be escaped. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const SLACK_EMOJI = {
  warning: ':warning:',
  critical: ':rotating_light:',
  recovery: ':white_check_mark:',
};

/** Slack allows 150 characters in a header block. */
const SLACK_HEADER_LIMIT = 150;

/** The `chat.postMessage` arguments other than the channel: fallback text and blocks. */
export interface SlackHealthMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export function buildSlackHealthMessage(notice: HealthNotice): SlackHealthMessage {
  const title = KIND_TITLES[notice.kind];
  const headline = describeHealthChange(notice);
  const header = `${title}: ${notice.service} in ${notice.environment}`;
  const fields = detailRows(notice).map(([name, value]) => ({
    type: 'mrkdwn',
    text: `*${name}*\n${escapeSlack(value)}`,
  }));

  return {
    text: escapeSlack(`${title}: ${headline} (project ${notice.project.title})`),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(header, SLACK_HEADER_LIMIT), emoji: true },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${SLACK_EMOJI[notice.kind]} *${escapeSlack(headline)}*` },
      },
      { type: 'section', fields },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*What to do:* ${escapeSlack(adviseHealthAction(notice))}` },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escapeSlack(`Reported at ${notice.reported_at} · ${thresholdsNote()}`),
          },
        ],
      },
    ],
  };
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * One alert per environment, service and metric: a warning that turns critical updates the
 * same PagerDuty alert, and a recovery resolves it. At most 7 + 13 + 128 + 64 + 6 + 4 = 222
 * characters, inside the 255 that PagerDuty allows.
 */
export function healthDedupKey(
  notice: Pick<HealthNotice, 'project' | 'environment' | 'service' | 'metric'>,
) {
  return `herald/${notice.project.id}/${notice.environment}/${notice.service}/${notice.metric}`;
}

/** A PagerDuty Events API v2 event without its `routing_key`, which is a secret added at send. */
export type PagerDutyHealthEvent =
  | { event_action: 'resolve'; dedup_key: string }
  | {
      event_action: 'trigger';
      dedup_key: string;
      client: string;
      payload: {
        summary: string;
        source: string;
        severity: 'warning' | 'critical';
        timestamp: string;
        component: string;
        group: string;
        class: string;
        custom_details: Record<string, unknown>;
      };
    };

/** PagerDuty cuts a summary at 1024 characters. */
const PAGERDUTY_SUMMARY_LIMIT = 1024;

export function buildPagerDutyHealthEvent(notice: HealthNotice): PagerDutyHealthEvent {
  const dedupKey = healthDedupKey(notice);
  if (notice.kind === 'recovery') {
    return { event_action: 'resolve', dedup_key: dedupKey };
  }

  return {
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'Herald',
    payload: {
      summary: truncate(
        `[${notice.project.title}] ${describeHealthChange(notice)}`,
        PAGERDUTY_SUMMARY_LIMIT,
      ),
      source: `${notice.project.id}/${notice.environment}/${notice.service}`,
      severity: notice.kind,
      timestamp: notice.reported_at,
      component: notice.service,
      group: notice.environment,
      class: METRIC_LABELS[notice.metric],
      custom_details: {
        project: notice.project.id,
        project_title: notice.project.title,
        figures: formatHealthFigures(notice),
        used: notice.used,
        total: notice.total,
        free_percent: freePercent(notice.used, notice.total),
        previous_state: notice.previous_state,
        what_to_do: adviseHealthAction(notice),
      },
    },
  };
}

/** The JSON a health webhook receives: the facts, and the sentences for people. */
export function buildHealthWebhookPayload(notice: HealthNotice) {
  return {
    id: notice.id,
    type: `health.${notice.kind}`,
    project: notice.project.id,
    project_title: notice.project.title,
    environment: notice.environment,
    service: notice.service,
    metric: notice.metric,
    state: notice.state,
    previous_state: notice.previous_state,
    used: notice.used,
    total: notice.total,
    free_percent: freePercent(notice.used, notice.total),
    thresholds: {
      warning_free_percent: WARNING_FREE_PERCENT,
      critical_free_percent: CRITICAL_FREE_PERCENT,
    },
    summary: `${KIND_TITLES[notice.kind]}: ${describeHealthChange(notice)}`,
    what_to_do: adviseHealthAction(notice),
    reported_at: notice.reported_at,
  };
}

/**
 * The fixed bytes of one health delivery for an integration type: what its sender sends on
 * every attempt (secrets such as tokens and routing keys are added by the sender, never stored
 * in the body).
 */
export function buildHealthDeliveryBody(type: string, notice: HealthNotice): string {
  switch (type) {
    case 'health.email':
      return JSON.stringify(buildHealthEmail(notice));
    case 'health.slack':
      return JSON.stringify(buildSlackHealthMessage(notice));
    case 'health.pagerduty':
      return JSON.stringify(buildPagerDutyHealthEvent(notice));
    case 'health.webhook':
      return JSON.stringify(buildHealthWebhookPayload(notice));
    default:
      throw new Error(`${type} is not a health integration type`);
  }
}
