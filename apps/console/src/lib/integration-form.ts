import type { FieldIssue } from '@herald/domain';
import type { FieldSpec, IntegrationTypeSpec } from '@herald/domain/integrations';

/**
 * The form side of an integration type: turns what people type into the settings the type's
 * zod schema validates, and the schema's verdict into a message per field. Shared by the add
 * and edit forms; every rule comes from the type's spec, none is written here per type.
 */

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;
/** One message per field name; `FORM_ERROR` holds what belongs to no single field. */
export type FieldErrors = Record<string, string>;
export type Settings = Record<string, unknown>;

export const FORM_ERROR = '_form';

function fieldSchema(spec: IntegrationTypeSpec, name: string) {
  return spec.schema.shape[name];
}

/** The value a field takes when left out, as the schema's default says (undefined if none). */
export function readFieldDefault(spec: IntegrationTypeSpec, field: FieldSpec): unknown {
  const parsed = fieldSchema(spec, field.name)?.safeParse(undefined);
  return parsed?.success ? parsed.data : undefined;
}

function toFormValue(field: FieldSpec, value: unknown): FormValue {
  if (field.kind === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');

  return String(value);
}

/** The values a new integration's form starts with: every default filled in. */
export function readDefaultValues(spec: IntegrationTypeSpec): FormValues {
  return Object.fromEntries(
    spec.fields.map((field) => [field.name, toFormValue(field, readFieldDefault(spec, field))]),
  );
}

/** The values an edit form starts with. Secrets start empty: empty means "keep the current one". */
export function readCurrentValues(spec: IntegrationTypeSpec, settings: Settings): FormValues {
  const values = readDefaultValues(spec);
  for (const field of spec.fields) {
    values[field.name] = field.secret ? '' : toFormValue(field, settings[field.name]);
  }

  return values;
}

function parseFormValue(field: FieldSpec, value: FormValue | undefined): unknown {
  if (field.kind === 'boolean') return value === true;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (field.kind === 'list') {
    return value
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter(Boolean);
  }

  // A secret is used byte for byte; anything else loses the spaces a paste brings along.
  return field.secret ? value : value.trim();
}

function parseAll(spec: IntegrationTypeSpec, values: FormValues): Settings {
  const parsed: Settings = {};
  for (const field of spec.fields) {
    const value = parseFormValue(field, values[field.name]);
    if (value !== undefined) parsed[field.name] = value;
  }

  return parsed;
}

/** Whether a field applies, given the values so far (a dependent field only sometimes does). */
export function isFieldShown(field: FieldSpec, settings: Settings): boolean {
  return field.askWhen === undefined || field.askWhen(settings);
}

/** The fields to show for the values typed so far. */
export function listShownFields(spec: IntegrationTypeSpec, values: FormValues): FieldSpec[] {
  const settings = parseAll(spec, values);
  return spec.fields.filter((field) => isFieldShown(field, settings));
}

/** The settings the form stands for: shown fields only, empty ones left to their defaults. */
export function toSettings(spec: IntegrationTypeSpec, values: FormValues): Settings {
  const all = parseAll(spec, values);
  const settings: Settings = {};
  for (const field of spec.fields) {
    if (all[field.name] !== undefined && isFieldShown(field, all)) {
      settings[field.name] = all[field.name];
    }
  }

  return settings;
}

/** Maps issues (`events.1`, `url`, `(input)`) to one message per top-level field. */
export function toFieldErrors(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = issue.field.split('.')[0] || FORM_ERROR;
    const key = name === '(input)' ? FORM_ERROR : name;
    errors[key] ??= issue.message;
  }

  return errors;
}

export type Validation = { ok: true; settings: Settings } | { ok: false; errors: FieldErrors };

/** Validates with the type's own schema, the one the API applies too. */
export function validateSettings(spec: IntegrationTypeSpec, settings: Settings): Validation {
  const parsed = spec.schema.safeParse(settings);
  if (parsed.success) {
    return { ok: true, settings: parsed.data as Settings };
  }

  return {
    ok: false,
    errors: toFieldErrors(
      parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || '(input)',
        message: issue.message,
      })),
    ),
  };
}

/**
 * What an edit changes: shown fields whose value differs from the integration's current
 * settings. An emptied field goes back to its default; an empty secret is left as it is.
 */
export function diffSettings(
  spec: IntegrationTypeSpec,
  current: Settings,
  next: Settings,
): Settings {
  const changes: Settings = {};
  for (const field of spec.fields) {
    if (!isFieldShown(field, { ...current, ...next })) continue;
    if (field.secret) {
      if (next[field.name] !== undefined) changes[field.name] = next[field.name];
      continue;
    }

    const value = next[field.name] ?? readFieldDefault(spec, field);
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current[field.name])) {
      changes[field.name] = value;
    }
  }

  return changes;
}

/**
 * Validates an edit as the API will: the current settings with the changes applied. Secrets
 * are not readable, so a complaint about a secret nobody changed is not the editor's to fix.
 */
export function validateChanges(
  spec: IntegrationTypeSpec,
  current: Settings,
  changes: Settings,
): FieldErrors {
  const merged: Settings = { ...current, ...changes };
  for (const field of spec.fields) {
    if (field.secret && changes[field.name] === undefined) delete merged[field.name];
  }

  const result = validateSettings(spec, merged);
  if (result.ok) return {};

  const secretNames = new Set(spec.fields.filter((field) => field.secret).map((f) => f.name));
  return Object.fromEntries(
    Object.entries(result.errors).filter(
      ([name]) => !secretNames.has(name) || changes[name] !== undefined,
    ),
  );
}
