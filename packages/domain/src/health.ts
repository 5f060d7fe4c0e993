import { z } from 'zod';
import { environmentNameSchema } from './environments.ts';

export const HEALTH_METRICS = ['disk', 'inodes'] as const;
export const healthMetricSchema = z.enum(HEALTH_METRICS, {
  error: (issue) => `"${String(issue.input)}" is not a metric; use disk or inodes`,
});
export type HealthMetric = z.infer<typeof healthMetricSchema>;

export const HEALTH_STATES = ['normal', 'warning', 'critical'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The platform's thresholds: warning under 20 % free, critical under 10 % free. */
export const WARNING_FREE_PERCENT = 20;
export const CRITICAL_FREE_PERCENT = 10;

/** Services are named like the platform's apps and services (`app`, `database`, `cache`). */
export const serviceNameSchema = z
  .string({ error: 'a service name is required, e.g. app' })
  .trim()
  .min(1, { error: 'a service name is required, e.g. app', abort: true })
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    error: 'use letters, digits, ".", "_" and "-", starting with a letter or digit',
  });

const figureSchema = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    // First, and alone: past this, a figure has lost its last digits and is not a count.
    .max(Number.MAX_SAFE_INTEGER, {
      error: `${what} is too large: at most ${Number.MAX_SAFE_INTEGER}`,
      abort: true,
    })
    .int(`${what} must be a whole number (bytes for disk, a count for inodes)`)
    .min(0, `${what} cannot be negative`);

/**
 * What a monitoring agent reports about one metric of one service. Disk figures are bytes,
 * inode figures are counts.
 */
export const healthReportFieldsSchema = z.object({
  environment: environmentNameSchema,
  service: serviceNameSchema,
  metric: healthMetricSchema,
  used: figureSchema('used'),
  total: figureSchema('total').min(1, 'total must be at least 1'),
});

/** The fields, and the one rule across them. */
export const healthReportSchema = healthReportFieldsSchema.refine(
  (report) => report.used <= report.total,
  {
    error: 'used cannot be more than total',
    path: ['used'],
  },
);
export type HealthReport = z.infer<typeof healthReportSchema>;

/**
 * The state the figures put a metric in. Compared in integers so that exactly 20 % free is
 * normal and 19.99 % is not, whatever the size of the disk.
 */
export function classifyHealth(used: number, total: number): HealthState {
  const free = BigInt(total - used) * 100n;
  if (free < BigInt(total) * BigInt(CRITICAL_FREE_PERCENT)) return 'critical';
  if (free < BigInt(total) * BigInt(WARNING_FREE_PERCENT)) return 'warning';

  return 'normal';
}

/** The free share in percent, rounded down to one decimal so it never looks better than it is. */
export function freePercent(used: number, total: number): number {
  return Number((BigInt(total - used) * 1000n) / BigInt(total)) / 10;
}

/** warning and critical raise an alert (again, when it changes); recovery ends it. */
export type HealthNotificationKind = 'warning' | 'critical' | 'recovery';

export interface HealthChange {
  from: HealthState;
  to: HealthState;
  kind: HealthNotificationKind;
}

/**
 * Whether a new reading is worth telling anyone: only a change of state is. A metric never
 * reported before counts as normal, so a first normal reading is silent and a first bad one
 * is an alert.
 */
export function detectHealthChange(
  previous: HealthState | undefined,
  current: HealthState,
): HealthChange | null {
  const from = previous ?? 'normal';
  if (from === current) return null;

  return { from, to: current, kind: current === 'normal' ? 'recovery' : current };
}

/** Everything a health notification says, fixed when it is enqueued. */
export interface HealthNotice {
  /** Identifies this notification across every integration it goes to. */
  id: string;
  project: { id: string; title: string };
  environment: string;
  service: string;
  metric: HealthMetric;
  used: number;
  total: number;
  state: HealthState;
  previous_state: HealthState;
  kind: HealthNotificationKind;
  reported_at: string;
}
