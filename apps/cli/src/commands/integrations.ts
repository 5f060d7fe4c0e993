import {
  EVENT_CATALOG,
  findIntegrationType,
  INTEGRATION_TYPE_NAMES,
  INTEGRATION_TYPES,
  type IntegrationTypeSpec,
} from '@herald/domain';
import type { Command } from 'commander';
import {
  addCommonOptions,
  type CliContext,
  type CommonOptions,
  example,
  isHumanFormat,
  isInteractive,
  printProperties,
  printRows,
  resolveProject,
  runAction,
  say,
  tableOptions,
  warn,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import {
  addFieldOptions,
  fieldDefault,
  missingSettings,
  optionForField,
  promptForFields,
  readFieldOptions,
  requireType,
} from '../integration-form.ts';
import { type IntegrationView, selectIntegration } from '../integration-select.ts';
import { type ColumnSet, columnsOf } from '../output.ts';
import { formatPropertyValue } from '../yaml-cell.ts';

export const INTEGRATION_COLUMNS: ColumnSet = {
  all: columnsOf(['id', 'ID'], ['type', 'Type'], ['summary', 'Summary'], ['enabled', 'Enabled']),
  // The platform's three columns; `-c +,enabled` adds whether each one is enabled.
  defaults: ['id', 'type', 'summary'],
};

const EVENT_COLUMNS: ColumnSet = {
  all: columnsOf(['event', 'Event'], ['description', 'Description']),
};

type FieldOptions = CommonOptions & Record<string, unknown>;

/** The settings in the type's field order, then anything else the server returned. */
function orderedSettings(integration: IntegrationView): Record<string, unknown> {
  const spec = findIntegrationType(integration.type);
  const order = spec?.fields.map((field) => field.name) ?? [];
  const names = [
    ...order.filter((name) => name in integration.settings),
    ...Object.keys(integration.settings).filter((name) => !order.includes(name)),
  ];

  return Object.fromEntries(names.map((name) => [name, integration.settings[name]]));
}

/**
 * What integration:add, :get and :update show: id, type and settings as the platform CLI
 * shows them, the hook URL of a Git source, whether it is enabled, and why not when it is
 * disabled. JSON always carries `disabled_reason` too.
 */
export function integrationProperties(
  integration: IntegrationView,
  format: string | undefined = 'table',
): Record<string, unknown> {
  const hookUrl = integration.hook_url;
  const json = format === 'json';

  return {
    id: integration.id,
    type: integration.type,
    ...orderedSettings(integration),
    ...(hookUrl ? { hook_url: hookUrl } : {}),
    enabled: integration.enabled,
    ...(json || !integration.enabled ? { disabled_reason: integration.disabled_reason } : {}),
  };
}

/** Every property -P can name: the view's own fields, its settings and the hook URL. */
function allProperties(integration: IntegrationView): Record<string, unknown> {
  const { settings: _settings, ...view } = integration;
  return { ...view, ...integrationProperties(integration, 'json') };
}

/** A dotted path into an object: `events.0`, `hook_url`, `parameters.activity`. */
export function readProperty(source: Record<string, unknown>, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(key in current)) {
      throw new CliError(`Property not found: ${path}`);
    }
    current = (current as Record<string, unknown>)[key];
  }

  return current;
}

/** One property's value alone, for scripts: `herald integration:get ID -P url`. */
export function printProperty(
  ctx: CliContext,
  value: unknown,
  options: CommonOptions,
  format: (value: unknown) => string = formatPropertyValue,
) {
  if (tableOptions(ctx, options).format === 'json') {
    ctx.stdout.write(`${JSON.stringify(value ?? null, null, 2)}\n`);
    return;
  }
  const text = format(value);
  ctx.stdout.write(text === '' ? '' : `${text}\n`);
}

async function chooseType(ctx: CliContext, options: FieldOptions): Promise<IntegrationTypeSpec> {
  if (typeof options.type === 'string') return requireType(options.type);
  if (!isInteractive(ctx, options)) {
    throw new CliError(
      `--type is required; use one of: ${INTEGRATION_TYPE_NAMES.join(', ')}`,
      EXIT.usage,
    );
  }

  return ctx.prompter.choose(
    'Integration type (--type)',
    INTEGRATION_TYPES.map((spec) => ({
      name: spec.type,
      value: spec,
      description: spec.description,
    })),
  );
}

/**
 * A type that asks before it is added (a Git source takes over the project's code, as the
 * platform warns) shows its warning, then asks in a terminal unless -y; without a terminal
 * the answer is the default, yes.
 */
async function confirmCreation(
  ctx: CliContext,
  spec: IntegrationTypeSpec,
  options: CommonOptions,
): Promise<boolean> {
  if (spec.confirmOnCreate === undefined) return true;

  warn(ctx, spec.confirmOnCreate);
  if (options.yes || !isInteractive(ctx, options)) return true;
  return ctx.prompter.confirm('Are you sure you want to continue?', true);
}

export function registerIntegrationCommands(program: Command, ctx: CliContext): void {
  registerAdd(program, ctx);
  registerList(program, ctx);
  registerGet(program, ctx);
  registerUpdate(program, ctx);
  registerDelete(program, ctx);
  registerValidate(program, ctx);
  registerEvents(program, ctx);
}

function registerAdd(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:add')
    .summary('Add an integration to the project')
    .description(
      'Add an integration to the project. In a terminal, every setting not given as an ' +
        'option is asked for, with its default.',
    )
    .option('--type <type>', `the integration type (${INTEGRATION_TYPE_NAMES.join(', ')})`);
  addCommonOptions(addFieldOptions(command)).addHelpText(
    'after',
    example(
      'herald integration:add --type webhook --url https://ci.example.com/hook',
      'herald integration:add        # in a terminal: asks for the type and each setting',
    ),
  );

  command.action(
    runAction(
      ctx,
      async (options: FieldOptions) => {
        const project = await resolveProject(ctx, options.project);
        const spec = await chooseType(ctx, options);
        const given = readFieldOptions(spec, options);
        const settings = isInteractive(ctx, options)
          ? await promptForFields(ctx, spec, given)
          : given;

        const missing = missingSettings(spec, settings);
        if (missing.length > 0) {
          const lines = missing.map((line) => `  ${line}`).join('\n');
          throw new CliError(`Missing settings for the type ${spec.type}:\n${lines}`, EXIT.usage);
        }

        if (!(await confirmCreation(ctx, spec, options))) {
          say(ctx, 'The integration was not added.');
          return EXIT.failed;
        }

        const created = await ctx.client.integration.create.mutate({
          project,
          type: spec.type,
          settings,
        });
        const { integration } = created;
        say(ctx, `Created integration ${integration.id} (type: ${integration.type})`);
        for (const warning of created.warnings) warn(ctx, warning);
        for (const [name, value] of Object.entries(created.generated_secrets)) {
          say(ctx, `Generated ${name} (shown once, keep it now): ${value}`);
        }
        printProperties(ctx, integrationProperties(integration, options.format), options);
        return EXIT.ok;
      },
      optionForField,
    ),
  );
}

function registerList(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:list')
    .alias('integrations')
    .description("List the project's integrations")
    .option('-t, --type <type>', 'only integrations of this type');
  addCommonOptions(command, INTEGRATION_COLUMNS).addHelpText(
    'after',
    example('herald integration:list', 'herald integration:list --type webhook --format csv'),
  );

  command.action(
    runAction(ctx, async (options: CommonOptions & { type?: string }) => {
      if (options.type && !INTEGRATION_TYPE_NAMES.includes(options.type)) {
        warn(
          ctx,
          `there is no integration type "${options.type}"; ` +
            `the types are ${INTEGRATION_TYPE_NAMES.join(', ')}`,
        );
      }

      const project = await resolveProject(ctx, options.project);
      const integrations = (await ctx.client.integration.list.query({ project })).filter(
        (integration) => !options.type || integration.type === options.type,
      );
      for (const integration of integrations.filter((candidate) => !candidate.enabled)) {
        warn(
          ctx,
          `integration ${integration.id} is disabled` +
            (integration.disabled_reason ? `: ${integration.disabled_reason}` : ''),
        );
      }

      if (integrations.length === 0 && isHumanFormat(options)) {
        say(ctx, 'No integrations found.');
        return EXIT.ok;
      }
      const rows = integrations.map(({ id, type, summary, enabled }) => ({
        id,
        type,
        summary,
        enabled,
      }));
      printRows(ctx, rows, INTEGRATION_COLUMNS, options);
      if (isHumanFormat(options)) {
        say(ctx, '\nTo view the details of an integration, run: herald integration:get [id]');
      }
      return EXIT.ok;
    }),
  );
}

function registerGet(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:get')
    .description('View the details of an integration')
    .argument('[id]', 'an integration ID, or a unique start of one; leave out to choose')
    .option('-P, --property <property>', 'show only this property (a dotted path, or hook_url)');
  addCommonOptions(command).addHelpText(
    'after',
    example('herald integration:get abcdefg', 'herald integration:get abcdefg -P events'),
  );

  command.action(
    runAction(
      ctx,
      async (id: string | undefined, options: CommonOptions & { property?: string }) => {
        const project = await resolveProject(ctx, options.project);
        const integration = await selectIntegration(ctx, project, id, isInteractive(ctx, options));
        if (options.property) {
          printProperty(ctx, readProperty(allProperties(integration), options.property), options);
          return EXIT.ok;
        }

        printProperties(ctx, integrationProperties(integration, options.format), options);
        return EXIT.ok;
      },
    ),
  );
}

/** The given settings that differ from what is stored; a secret always counts as changed. */
function changedSettings(
  spec: IntegrationTypeSpec,
  integration: IntegrationView,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = new Set(spec.fields.filter((field) => field.secret).map((field) => field.name));
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const field = spec.fields.find((candidate) => candidate.name === name);
    const current = integration.settings[name] ?? (field ? fieldDefault(spec, field) : undefined);
    if (secrets.has(name) || JSON.stringify(current) !== JSON.stringify(value)) {
      changes[name] = value;
    }
  }

  return changes;
}

function registerUpdate(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:update')
    .description('Update an integration: only the settings given change')
    .argument('[id]', 'an integration ID, or a unique start of one; leave out to choose');
  addCommonOptions(addFieldOptions(command)).addHelpText(
    'after',
    example(
      'herald integration:update abcdefg --states pending,complete',
      'herald integration:update abcdefg --excluded-environments "feature-*"',
    ),
  );

  command.action(
    runAction(
      ctx,
      async (id: string | undefined, options: FieldOptions) => {
        const project = await resolveProject(ctx, options.project);
        const integration = await selectIntegration(ctx, project, id, isInteractive(ctx, options));
        const spec = requireType(integration.type);
        const changes = changedSettings(spec, integration, readFieldOptions(spec, options));
        if (Object.keys(changes).length === 0) {
          say(ctx, 'No changed values were provided to update');
          return EXIT.failed;
        }

        const updated = await ctx.client.integration.update.mutate({
          project,
          id: integration.id,
          settings: changes,
        });
        if (updated.changed.length === 0) {
          say(ctx, 'No changed values were provided to update');
          return EXIT.failed;
        }
        say(ctx, `Integration ${integration.id} (${integration.type}) updated`);
        for (const warning of updated.warnings) warn(ctx, warning);
        printProperties(ctx, integrationProperties(updated.integration, options.format), options);
        return EXIT.ok;
      },
      optionForField,
    ),
  );
}

function registerDelete(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:delete')
    .description('Delete an integration from the project, after asking (unless -y)')
    .argument('[id]', 'an integration ID, or a unique start of one; leave out to choose');
  addCommonOptions(command).addHelpText(
    'after',
    example('herald integration:delete abcdefg', 'herald integration:delete abcdefg -y'),
  );

  command.action(
    runAction(ctx, async (id: string | undefined, options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const interactive = isInteractive(ctx, options);
      const integration = await selectIntegration(ctx, project, id, interactive);
      const label = `${integration.id} (type: ${integration.type})`;
      if (!options.yes) {
        if (!interactive) {
          say(ctx, `Not deleted: confirm with -y to delete the integration ${label}`);
          return EXIT.failed;
        }
        if (!(await ctx.prompter.confirm(`Delete the integration ${label}?`, true))) {
          return EXIT.failed;
        }
      }

      await ctx.client.integration.delete.mutate({ project, id: integration.id });
      say(ctx, `Deleted integration ${integration.id}`);
      return EXIT.ok;
    }),
  );
}

function registerValidate(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:validate')
    .summary('Check that an integration can work')
    .description(
      'Check that an integration can work; a webhook gets a signed test delivery. ' +
        'Exit code 0: valid; 4: invalid, with the reasons.',
    )
    .argument('[id]', 'an integration ID, or a unique start of one; leave out to choose');
  addCommonOptions(command).addHelpText('after', example('herald integration:validate abcdefg'));

  command.action(
    runAction(ctx, async (id: string | undefined, options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const integration = await selectIntegration(ctx, project, id, isInteractive(ctx, options));
      say(ctx, `Validating the integration ${integration.id} (type: ${integration.type})...`);

      const result = await ctx.client.integration.validate.mutate({ project, id: integration.id });
      if (tableOptions(ctx, options).format === 'json') {
        ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      }
      if (result.valid) {
        say(ctx, `The integration is valid (checked: ${result.checks.join('; ')}).`);
        return EXIT.ok;
      }

      say(ctx, `\nThe integration is invalid:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
      return EXIT.invalid;
    }),
  );
}

function registerEvents(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:events')
    .summary('List the activity types integrations can report')
    .description(
      'List the activity types integrations can report (--events); * and ? are wildcards, ' +
        'as in environment.variable.*',
    );
  addCommonOptions(command, EVENT_COLUMNS).addHelpText(
    'after',
    example('herald integration:events', 'herald integration:events --format plain --no-header'),
  );

  command.action(
    runAction(ctx, async (options: CommonOptions) => {
      const rows = Object.entries(EVENT_CATALOG).map(([event, description]) => ({
        event,
        description,
      }));
      printRows(ctx, rows, EVENT_COLUMNS, options);
      return EXIT.ok;
    }),
  );
}
