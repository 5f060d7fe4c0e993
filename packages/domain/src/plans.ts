import { z } from 'zod';

/** The platform's plan sizes, smallest first. */
export const PLANS = ['development', 'standard', 'medium', 'large', 'xlarge', '2xlarge'] as const;

export const planSchema = z.enum(PLANS, {
  error: (issue) => `"${String(issue.input)}" is not a plan; use one of ${PLANS.join(', ')}`,
});
export type Plan = z.infer<typeof planSchema>;
