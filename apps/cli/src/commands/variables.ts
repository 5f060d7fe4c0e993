import type { Command } from 'commander';
import {
  addProjectOption,
  addTableOptions,
  type CliContext,
  printRows,
  resolveProject,
  runAction,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import {
  type ActionOptions,
  addEnvironmentOption,
  addWaitOption,
  finishActivity,
  parseBoolean,
  printProperties,
  resolveEnvironment,
} from '../platform-options.ts';

interface VariableOptions extends ActionOptions {
  name?: string;
  value?: string;
  sensitive?: string;
  json?: string;
  visibleBuild?: string;
  visibleRuntime?: string;
}

function addVariableFlags(command: Command): Command {
  return command
    .option('--value <value>', 'the value')
    .option('--sensitive <bool>', 'write-only: the value is never shown again (cannot be undone)')
    .option('--json <bool>', 'the value is JSON')
    .option('--visible-build <bool>', 'visible while building')
    .option('--visible-runtime <bool>', 'visible at runtime');
}

function readFlags(options: VariableOptions) {
  const flag = (raw: string | undefined, option: string) =>
    raw === undefined ? undefined : parseBoolean(raw, option);

  return {
    is_sensitive: flag(options.sensitive, '--sensitive'),
    is_json: flag(options.json, '--json'),
    visible_build: flag(options.visibleBuild, '--visible-build'),
    visible_runtime: flag(options.visibleRuntime, '--visible-runtime'),
  };
}

function optionForField(field: string): string {
  const name = field.split('.').at(-1) ?? field;
  const options: Record<string, string> = {
    name: '--name',
    value: '--value',
    is_sensitive: '--sensitive',
    is_json: '--json',
    visible_build: '--visible-build',
    visible_runtime: '--visible-runtime',
  };
  return options[name] ?? field;
}

/** Leaves out what was not given, so the API applies its defaults. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

export function registerVariableCommands(program: Command, ctx: CliContext): void {
  addWaitOption(
    addVariableFlags(
      addEnvironmentOption(
        addProjectOption(
          program
            .command('variable:create')
            .description('Create a variable on an environment (environment.variable.create)')
            .argument('[name]', 'the variable name (or --name)')
            .option('--name <name>', 'the variable name')
            .option('--level <level>', 'where the variable lives; only environment', 'environment')
            .addHelpText(
              'after',
              '\nExample:\n  herald variable:create -e staging --name env:API_KEY ' +
                '--value s3cret \\\n' +
                '    --sensitive true',
            ),
        ),
      ),
    ),
  ).action(
    runAction(
      ctx,
      async (argument: string | undefined, options: VariableOptions & { level: string }) => {
        if (options.level !== 'environment') {
          throw new CliError(
            'Only environment-level variables exist: --level environment',
            EXIT.usage,
          );
        }
        const name = argument ?? options.name;
        if (!name) throw new CliError('Give the variable a name: --name NAME', EXIT.usage);
        if (options.value === undefined) {
          throw new CliError('Give the variable a value: --value VALUE', EXIT.usage);
        }
        const project = await resolveProject(ctx, options.project);
        const environment = await resolveEnvironment(ctx, project, options.environment);
        const activity = await ctx.client.variable.create.mutate({
          project,
          environment,
          variable: { name, value: options.value, ...defined(readFlags(options)) },
        });
        return finishActivity(ctx, activity, options);
      },
      optionForField,
    ),
  );

  addWaitOption(
    addVariableFlags(
      addEnvironmentOption(
        addProjectOption(
          program
            .command('variable:update')
            .description('Change a variable (environment.variable.update)')
            .argument('<name>', 'the variable name')
            .addHelpText(
              'after',
              '\nExample:\n  herald variable:update -e staging env:API_KEY --value n3w-s3cret',
            ),
        ),
      ),
    ),
  ).action(
    runAction(
      ctx,
      async (name: string, options: VariableOptions) => {
        const project = await resolveProject(ctx, options.project);
        const environment = await resolveEnvironment(ctx, project, options.environment);
        const activity = await ctx.client.variable.update.mutate({
          project,
          environment,
          name,
          changes: defined({ value: options.value, ...readFlags(options) }),
        });
        return finishActivity(ctx, activity, options);
      },
      optionForField,
    ),
  );

  addWaitOption(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('variable:delete')
          .description('Delete a variable (environment.variable.delete)')
          .argument('<name>', 'the variable name')
          .addHelpText('after', '\nExample:\n  herald variable:delete -e staging env:API_KEY'),
      ),
    ),
  ).action(
    runAction(ctx, async (name: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      const activity = await ctx.client.variable.delete.mutate({ project, environment, name });
      return finishActivity(ctx, activity, options);
    }),
  );

  addTableOptions(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('variable:list')
          .alias('variables')
          .description("List an environment's variables; sensitive values show as ******")
          .addHelpText('after', '\nExample:\n  herald variable:list -e staging --format csv'),
      ),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      const variables = await ctx.client.variable.list.query({ project, environment });
      printRows(ctx, variables, ['name', 'value', 'is_sensitive', 'is_json'], options);
      return EXIT.ok;
    }),
  );

  addTableOptions(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('variable:get')
          .description("Show a variable's properties")
          .argument('<name>', 'the variable name')
          .addHelpText('after', '\nExample:\n  herald variable:get -e staging env:API_KEY'),
      ),
    ),
  ).action(
    runAction(ctx, async (name: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      printProperties(
        ctx,
        await ctx.client.variable.get.query({ project, environment, name }),
        options,
      );
      return EXIT.ok;
    }),
  );
}
