import {
  type FieldSpec,
  findIntegrationType,
  INTEGRATION_TYPE_NAMES,
  INTEGRATION_TYPES,
} from '@herald/domain';
import { confirm } from '@inquirer/prompts';
import type { Command } from 'commander';
import {
  addProjectOption,
  addTableOptions,
  type CliContext,
  type CommonOptions,
  printRows,
  resolveProject,
  runAction,
  say,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import { formatPropertyValue } from '../yaml-cell.ts';

/** Every field of every type, by option name: one option serves all types that have it. */
function allFields(): Map<string, FieldSpec> {
  const fields = new Map<string, FieldSpec>();
  for (const spec of INTEGRATION_TYPES) {
    for (const field of spec.fields) {
      if (!fields.has(field.option)) fields.set(field.option, field);
    }
  }

  return fields;
}

function camel(option: string): string {
  return option.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function parseFieldValue(field: FieldSpec, raw: string): unknown {
  if (field.kind === 'list') {
    return raw
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter(Boolean);
  }
  if (field.kind === 'boolean') {
    if (/^(1|true|yes|y)$/i.test(raw)) return true;
    if (/^(0|false|no|n)$/i.test(raw)) return false;
    throw new CliError(`--${field.option} takes true or false, not "${raw}"`, EXIT.usage);
  }

  return raw;
}

/** Reads the options given on the command line into a type's settings, refusing foreign ones. */
function settingsFromOptions(type: string, options: Record<string, unknown>) {
  const spec = findIntegrationType(type);
  if (spec === undefined) {
    throw new CliError(
      `Unknown integration type "${type}"; use one of: ${INTEGRATION_TYPE_NAMES.join(', ')}`,
      EXIT.usage,
    );
  }

  const own = new Set(spec.fields.map((field) => field.option));
  const settings: Record<string, unknown> = {};
  for (const [option, field] of allFields()) {
    const raw = options[camel(option)];
    if (raw === undefined) continue;
    if (!own.has(option)) {
      throw new CliError(`The option --${option} does not apply to the type ${type}`, EXIT.usage);
    }
    settings[field.name] = parseFieldValue(field, String(raw));
  }

  return settings;
}

function optionForField(field: string): string {
  const name = field.split('.')[0] ?? field;
  const spec = [...allFields().values()].find((candidate) => candidate.name === name);
  return spec ? `--${spec.option}` : field;
}

interface IntegrationLike {
  id: string;
  type: string;
  summary: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  hook_url?: string;
}

export function propertyRows(integration: IntegrationLike) {
  return [
    { property: 'id', value: integration.id },
    { property: 'type', value: integration.type },
    ...Object.entries(integration.settings).map(([property, value]) => ({
      property,
      value: formatPropertyValue(value),
    })),
    ...(integration.hook_url ? [{ property: 'hook_url', value: integration.hook_url }] : []),
  ];
}

/**
 * A type that asks before it is added (a Git source takes over the project's code) prints its
 * warning, then asks in a terminal unless -y; without a terminal the answer is the default, yes.
 */
async function confirmCreation(ctx: CliContext, type: string, options: CommonOptions) {
  const warning = findIntegrationType(type)?.confirmOnCreate;
  if (warning === undefined) return true;

  say(ctx, `Warning: ${warning}`);
  if (options.yes || !ctx.interactive || options.interaction === false) return true;

  return confirm(
    { message: 'Are you sure you want to continue?', default: true },
    { input: process.stdin, output: ctx.stderr },
  );
}

export function registerIntegrationCommands(program: Command, ctx: CliContext): void {
  const add = program
    .command('integration:add')
    .description('Add an integration to the project')
    .option('--type <type>', `the integration type (${INTEGRATION_TYPE_NAMES.join(', ')})`)
    .option('-y, --yes', 'answer yes to every question')
    .option('--no-interaction', 'ask nothing; take the defaults')
    .addHelpText(
      'after',
      '\nExample:\n  herald integration:add --type webhook --url https://example.com/hook \\\n' +
        '    --events environment.push,environment.branch --states complete',
    );
  for (const [option, field] of allFields()) {
    add.option(`--${option} <value>`, field.description);
  }
  addTableOptions(addProjectOption(add)).action(
    runAction(
      ctx,
      async (options: CommonOptions & Record<string, unknown>) => {
        if (typeof options.type !== 'string') {
          throw new CliError(
            `--type is required; use one of: ${INTEGRATION_TYPE_NAMES.join(', ')}`,
            EXIT.usage,
          );
        }
        const settings = settingsFromOptions(options.type, options);
        const project = await resolveProject(ctx, options.project);
        if (!(await confirmCreation(ctx, options.type, options))) {
          say(ctx, 'The integration was not added.');
          return EXIT.failed;
        }
        const created = await ctx.client.integration.create.mutate({
          project,
          type: options.type,
          settings,
        });

        const { integration } = created;
        say(ctx, `Created integration ${integration.id} (type: ${integration.type})`);
        for (const [name, value] of Object.entries(created.generated_secrets)) {
          say(ctx, `Generated ${name} (shown once, keep it now): ${value}`);
        }
        printRows(ctx, propertyRows(integration), ['property', 'value'], options);
        return EXIT.ok;
      },
      optionForField,
    ),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('integration:list')
        .alias('integrations')
        .description("List the project's integrations")
        .option('-t, --type <type>', 'only integrations of this type')
        .addHelpText('after', '\nExample:\n  herald integration:list --type webhook'),
    ),
  ).action(
    runAction(ctx, async (options: CommonOptions & { type?: string }) => {
      const project = await resolveProject(ctx, options.project);
      const integrations = await ctx.client.integration.list.query({ project });
      const rows = integrations
        .filter((integration) => !options.type || integration.type === options.type)
        .map((integration) => ({
          ID: integration.id,
          Type: integration.type,
          Summary: integration.summary,
        }));
      printRows(ctx, rows, ['ID', 'Type', 'Summary'], options);
      return EXIT.ok;
    }),
  );
}
