import { z } from 'zod';

export const ACTIVITY_STATES = ['pending', 'in_progress', 'complete', 'cancelled'] as const;
export const activityStateSchema = z.enum(ACTIVITY_STATES);
export type ActivityState = z.infer<typeof activityStateSchema>;

export const ACTIVITY_RESULTS = ['success', 'failure'] as const;
export const activityResultSchema = z.enum(ACTIVITY_RESULTS);
export type ActivityResult = z.infer<typeof activityResultSchema>;

/**
 * Which state may follow which: an activity never goes back, and only a pending one is
 * cancelled.
 */
const NEXT_STATES: Record<ActivityState, readonly ActivityState[]> = {
  pending: ['in_progress', 'complete', 'cancelled'],
  in_progress: ['complete'],
  complete: [],
  cancelled: [],
};

export function canMoveActivity(from: ActivityState, to: ActivityState): boolean {
  return NEXT_STATES[from].includes(to);
}

/** The activity as integrations and API clients see it. */
export interface Activity {
  id: string;
  type: string;
  project: string;
  environments: string[];
  state: ActivityState;
  result: ActivityResult | null;
  created_at: string;
  started_at: string | null;
  updated_at: string;
  completed_at: string | null;
  cancelled_at: string | null;
  completion_percent: number;
  parameters: Record<string, unknown>;
  payload: Record<string, unknown>;
  description: string;
  text: string;
  log: string;
  integration: string | null;
}

export const activityReportSchema = z.object({
  type: z.string().min(1).max(200),
  environments: z.array(z.string().min(1)).default([]),
  parameters: z.record(z.string(), z.unknown()).default({}),
  payload: z.record(z.string(), z.unknown()).default({}),
  description: z.string().max(2000).optional(),
  state: activityStateSchema.default('pending'),
  result: activityResultSchema.optional(),
  log: z.string().optional(),
});
export type ActivityReport = z.infer<typeof activityReportSchema>;
