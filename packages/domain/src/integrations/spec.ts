import type { z } from 'zod';

/**
 * How a field of an integration type is shown and asked for. The zod schema validates; this
 * says how the CLI prompts, which option carries it and how the console labels it.
 */
export interface FieldSpec {
  name: string;
  /** The CLI option without dashes, e.g. `shared-key`. */
  option: string;
  label: string;
  description: string;
  kind: 'string' | 'list' | 'boolean' | 'enum' | 'url';
  choices?: readonly string[];
  /** Write-only: stored, used, never shown again. */
  secret?: boolean;
  required?: boolean;
  /** Asked only when this returns true for the values given so far. */
  askWhen?: (values: Record<string, unknown>) => boolean;
}

export interface IntegrationTypeSpec {
  type: string;
  label: string;
  description: string;
  /** The settings of this type with their defaults, `type` itself excluded. */
  schema: z.ZodObject;
  fields: readonly FieldSpec[];
  /** One line for `integration:list`. */
  summarize: (config: Record<string, unknown>) => string;
  /** Whether the activity filters (events, states, …) apply to this type. */
  hasFilters: boolean;
}

export const MASK = '******';

export function secretFieldNames(spec: IntegrationTypeSpec): string[] {
  return spec.fields.filter((field) => field.secret).map((field) => field.name);
}
