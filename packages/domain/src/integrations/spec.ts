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

/** What a summary may show beyond the stored settings. */
export interface SummaryContext {
  /** Where the provider sends its hooks; null for types that receive none. */
  hookUrl: string | null;
}

export interface IntegrationTypeSpec {
  type: string;
  label: string;
  description: string;
  /** The settings of this type with their defaults, `type` itself excluded. */
  schema: z.ZodObject;
  fields: readonly FieldSpec[];
  /** The `integration:list` summary: one line, or a few for a Git source. */
  summarize: (config: Record<string, unknown>, context?: SummaryContext) => string;
  /** Whether the activity filters (events, states, …) apply to this type. */
  hasFilters: boolean;
  /** A Git source: the provider's hooks come in at the integration's hook URL. */
  receivesHooks?: boolean;
  /**
   * Secret fields Herald makes when none is given, by field name. Each is shown once, in the
   * answer to the creation, and never again.
   */
  generatedSecrets?: Readonly<Record<string, () => string>>;
  /** A warning to show, and have confirmed, before an integration of this type is added. */
  confirmOnCreate?: string;
}

export const MASK = '******';

export function secretFieldNames(spec: IntegrationTypeSpec): string[] {
  return spec.fields.filter((field) => field.secret).map((field) => field.name);
}
