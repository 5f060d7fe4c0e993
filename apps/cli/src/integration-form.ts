import {
  type FieldSpec,
  findIntegrationType,
  INTEGRATION_TYPE_NAMES,
  INTEGRATION_TYPES,
  type IntegrationTypeSpec,
} from '@herald/domain';
import type { Command } from 'commander';
import { type CliContext, collect } from './context.ts';
import { CliError, EXIT } from './errors.ts';
import type { FieldQuestion } from './prompts.ts';

/**
 * The CLI's side of an integration type: options, parsing and prompts, all read from the
 * type's spec in @herald/domain. Nothing here names a type, so a new type needs no change.
 */

interface FieldOption {
  /** The first type's spec of this option: its kind and name. */
  field: FieldSpec;
  /** Each type that has the option, with what the option means for it. */
  uses: { type: string; description: string }[];
}

/** Every option any type has: one option serves every type with a field of that name. */
export function fieldOptions(): Map<string, FieldOption> {
  const options = new Map<string, FieldOption>();
  for (const spec of INTEGRATION_TYPES) {
    for (const field of spec.fields) {
      const use = { type: spec.type, description: field.description };
      const known = options.get(field.option);
      if (known) known.uses.push(use);
      else options.set(field.option, { field, uses: [use] });
    }
  }

  return options;
}

/**
 * An option's help: its meaning and the types it applies to, or each type's meaning when
 * they differ (`--url` is where a webhook POSTs, but a Bitbucket Server's address).
 */
function describeOption({ uses }: FieldOption): string {
  const meanings = new Set(uses.map((use) => use.description));
  const [first] = uses;
  if (meanings.size === 1 && first) {
    const types =
      uses.length === INTEGRATION_TYPES.length
        ? ''
        : ` (${uses.map((use) => use.type).join(', ')})`;
    return `${first.description}${types}`;
  }

  return uses.map((use) => `${use.type}: ${use.description}`).join('; ');
}

/** Commander's property for `--excluded-environments`: `excludedEnvironments`. */
export function optionProperty(option: string): string {
  return option.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Adds every type's fields as options, saying which types each applies to. */
export function addFieldOptions(command: Command): Command {
  for (const [option, known] of fieldOptions()) {
    const description = describeOption(known);
    if (known.field.kind === 'list') {
      command.option(`--${option} <values>`, `${description}; comma-separated`, collect);
    } else if (known.field.kind === 'boolean') {
      command.option(`--${option} <true|false>`, description);
    } else {
      command.option(`--${option} <value>`, description);
    }
  }

  return command;
}

export function requireType(type: string): IntegrationTypeSpec {
  const spec = findIntegrationType(type);
  if (spec === undefined) {
    throw new CliError(
      `Unknown integration type "${type}"; use one of: ${INTEGRATION_TYPE_NAMES.join(', ')}`,
      EXIT.usage,
    );
  }

  return spec;
}

const TRUE = /^(1|true|yes|y|on)$/i;
const FALSE = /^(0|false|no|n|off)$/i;

/**
 * Reads one field's value from what was typed. Options split lists on commas and spaces, as
 * the platform CLI does; prompts split on commas only, as their hint says.
 */
export function parseFieldValue(
  field: FieldSpec,
  raw: string | string[],
  source: 'option' | 'prompt',
): unknown {
  if (field.kind === 'list') {
    const separator = source === 'option' ? /[,\s]+/ : /,/;
    return [raw]
      .flat()
      .flatMap((value) => value.split(separator))
      .map((item) => item.trim())
      .filter(Boolean);
  }

  const text = [raw].flat().at(-1)?.trim() ?? '';
  if (field.kind === 'boolean') {
    if (TRUE.test(text)) return true;
    if (FALSE.test(text)) return false;
    throw new CliError(`--${field.option} takes true or false, not "${text}"`, EXIT.usage);
  }

  return text;
}

/**
 * The settings given as options for a type, by field name. An option of another type is
 * refused by name, so a typo of a type does not silently drop a setting.
 */
export function readFieldOptions(
  spec: IntegrationTypeSpec,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const own = new Map(spec.fields.map((field) => [field.option, field]));
  const settings: Record<string, unknown> = {};
  const known = new Set([...fieldOptions().keys(), ...own.keys()]);
  for (const option of known) {
    const raw = options[optionProperty(option)] as string | string[] | undefined;
    if (raw === undefined) continue;

    const field = own.get(option);
    if (field === undefined) {
      throw new CliError(
        `The option --${option} does not apply to the type ${spec.type}`,
        EXIT.usage,
      );
    }
    settings[field.name] = parseFieldValue(field, raw, 'option');
  }

  return settings;
}

/** The value the server stores when a field is left out, or undefined when it has none. */
export function fieldDefault(spec: IntegrationTypeSpec, field: FieldSpec): unknown {
  const schema = spec.schema.shape[field.name];
  const parsed = schema?.safeParse(undefined);

  return parsed?.success ? parsed.data : undefined;
}

export function describeDefault(field: FieldSpec, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(', ');
  if (field.kind === 'boolean') return value ? 'yes' : 'no';

  return String(value);
}

function hintFor(field: FieldSpec, optional: boolean): string | undefined {
  const blank = optional ? ' (or leave this blank)' : '';
  if (field.kind === 'list') return `Enter comma-separated values${blank}`;
  if (field.kind === 'boolean') return `Enter yes or no${blank}`;
  if (field.kind === 'enum' && field.choices) {
    return `Enter one of: ${field.choices.join(', ')}${blank}`;
  }

  return undefined;
}

/** Checks one answer against the field's own schema, so a mistake is fixed on the spot. */
function checkAnswer(spec: IntegrationTypeSpec, field: FieldSpec, value: unknown): string | true {
  const parsed = spec.schema.shape[field.name]?.safeParse(value);
  if (parsed === undefined || parsed.success) return true;

  const issue = parsed.error.issues[0];
  return issue ? issue.message : 'This value is not valid';
}

export function questionFor(spec: IntegrationTypeSpec, field: FieldSpec): FieldQuestion {
  const fallback = fieldDefault(spec, field);
  const optional = !field.required || fallback !== undefined;

  return {
    label: field.label,
    option: field.option,
    description: field.description,
    defaultText: describeDefault(field, fallback),
    hint: hintFor(field, optional),
    secret: field.secret,
    validate: (answer) => {
      if (answer === '') return optional ? true : 'A value is required';
      try {
        return checkAnswer(spec, field, parseFieldValue(field, answer, 'prompt'));
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
}

/** Whether a field is asked, given what is known so far (answers over defaults). */
export function fieldApplies(
  spec: IntegrationTypeSpec,
  field: FieldSpec,
  values: Record<string, unknown>,
): boolean {
  if (!field.askWhen) return true;

  const known: Record<string, unknown> = {};
  for (const other of spec.fields) {
    const fallback = fieldDefault(spec, other);
    if (fallback !== undefined) known[other.name] = fallback;
  }
  return field.askWhen({ ...known, ...values });
}

/**
 * Asks, in the type's field order, for every field not given as an option; a field that
 * depends on another is asked only when that one makes it apply. A blank answer leaves the
 * field out, so the server's default applies.
 */
export async function promptForFields(
  ctx: CliContext,
  spec: IntegrationTypeSpec,
  given: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const values = { ...given };
  for (const field of spec.fields) {
    if (field.name in given || !fieldApplies(spec, field, values)) continue;

    const answer = await ctx.prompter.askField(questionFor(spec, field));
    ctx.stderr.write('\n');
    if (answer !== '') values[field.name] = parseFieldValue(field, answer, 'prompt');
  }

  return values;
}

/**
 * Settings the type's schema cannot do without that were neither given nor answered, each
 * with the schema's own message: `--url: a URL is required`.
 */
export function missingSettings(
  spec: IntegrationTypeSpec,
  values: Record<string, unknown>,
): string[] {
  return spec.fields.flatMap((field) => {
    if (values[field.name] !== undefined) return [];
    const parsed = spec.schema.shape[field.name]?.safeParse(undefined);
    if (parsed === undefined || parsed.success) return [];

    return [`--${field.option}: ${parsed.error.issues[0]?.message ?? 'required'}`];
  });
}

/** "--url" for an API issue about `url` or `events.1`, so messages name what the user typed. */
export function optionForField(field: string): string {
  const name = field.split('.')[0] ?? field;
  for (const spec of INTEGRATION_TYPES) {
    const found = spec.fields.find((candidate) => candidate.name === name);
    if (found) return `--${found.option}`;
  }

  return field;
}
