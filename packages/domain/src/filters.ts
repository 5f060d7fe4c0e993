import { z } from 'zod';
import { type ActivityResult, type ActivityState, activityStateSchema } from './activity.ts';
import { EVENT_TYPES, isProjectLevelEvent } from './events.ts';
import { hasWildcard, matchesGlob } from './glob.ts';

export const eventPatternSchema = z
  .string()
  .trim()
  .min(1)
  .refine((pattern) => EVENT_TYPES.some((event) => matchesGlob(pattern, event)), {
    error: (issue) =>
      hasWildcard(String(issue.input))
        ? `"${issue.input}" matches no event type; run "herald integration:events" to see them`
        : `"${issue.input}" is not an event type; run "herald integration:events" to see them`,
  });

export const stateFilterSchema = z.union([z.literal('*'), activityStateSchema], {
  error: (issue) =>
    `"${String(issue.input)}" is not a state; use pending, in_progress, complete or cancelled`,
});

export const resultFilterSchema = z.enum(['*', 'success', 'failure'], {
  error: (issue) => `"${String(issue.input)}" is not a result; use *, success or failure`,
});

export const environmentPatternSchema = z.string().trim().min(1).max(255);

/** The subscription filters shared by webhook-like integrations, with the platform's defaults. */
export const filterFieldsSchema = z.object({
  events: z.array(eventPatternSchema).min(1).default(['*']),
  states: z.array(stateFilterSchema).min(1).default(['complete']),
  result: resultFilterSchema.default('*'),
  environments: z.array(environmentPatternSchema).min(1).default(['*']),
  excluded_environments: z.array(environmentPatternSchema).default([]),
});
export type Filters = z.infer<typeof filterFieldsSchema>;

export interface FilterableActivity {
  type: string;
  state: ActivityState;
  result: ActivityResult | null;
  environments: readonly string[];
}

export function matchesFilters(filters: Filters, activity: FilterableActivity): boolean {
  return (
    matchesEvents(filters.events, activity.type) &&
    matchesStates(filters.states, activity.state) &&
    matchesResult(filters.result, activity.result) &&
    matchesEnvironments(filters, activity)
  );
}

function matchesEvents(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesGlob(pattern, type));
}

function matchesStates(states: readonly string[], state: ActivityState): boolean {
  return states.includes('*') || states.includes(state);
}

function matchesResult(wanted: Filters['result'], result: ActivityResult | null): boolean {
  // An activity that has no result yet (pending, in progress) passes only the `*` filter.
  return wanted === '*' || wanted === result;
}

function matchesEnvironments(filters: Filters, activity: FilterableActivity): boolean {
  const environments = activity.environments;
  if (environments.length === 0 || isProjectLevelEvent(activity.type)) {
    // A project-level activity has no environment to test, so only "all environments" lets it in.
    return filters.environments.includes('*');
  }

  const included = environments.some((name) =>
    filters.environments.some((pattern) => matchesGlob(pattern, name)),
  );
  const excluded = environments.some((name) =>
    filters.excluded_environments.some((pattern) => matchesGlob(pattern, name)),
  );

  return included && !excluded;
}
