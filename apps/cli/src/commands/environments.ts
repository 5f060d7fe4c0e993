import { type Activity, parseAccessRule, parseBasicAuth } from '@herald/domain';
import type { Command } from 'commander';
import {
  addProjectOption,
  addTableOptions,
  type CliContext,
  type CommonOptions,
  resolveProject,
  runAction,
  say,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import {
  type ActionOptions,
  addEnvironmentOption,
  addWaitOption,
  collect,
  confirmOrStop,
  finishActivity,
  parseBoolean,
  printProperties,
  resolveEnvironment,
} from '../platform-options.ts';
import { formatPropertyValue } from '../yaml-cell.ts';

/** The properties `environment:info NAME VALUE` can set, each its own event. */
const SETTABLE = ['restrict_robots', 'enable_smtp'] as const;
type Settable = (typeof SETTABLE)[number];

function isSettable(property: string): property is Settable {
  return (SETTABLE as readonly string[]).includes(property);
}

/**
 * The API's refusals, checked before asking "Delete?": a question whose yes is refused
 * anyway wastes the user's answer. The API checks again when the deletion is asked for.
 */
async function refuseUndeletable(ctx: CliContext, project: string, name: string) {
  const environment = await ctx.client.environment.get.query({ project, environment: name });
  if (environment.is_default) {
    throw new CliError(
      `Environment ${name} is the project's default and is never deleted`,
      EXIT.invalid,
    );
  }
  if (environment.status === 'active') {
    throw new CliError(
      `Environment ${name} is active; deactivate it first (herald environment:deactivate ${name})`,
      EXIT.invalid,
    );
  }
}

/** The commands that act on one named environment: `environment:activate staging`. */
function registerNamedAction(
  program: Command,
  ctx: CliContext,
  spec: {
    name: string;
    description: string;
    example: string;
    act: (project: string, environment: string) => Promise<Activity>;
  },
): void {
  addWaitOption(
    addProjectOption(
      program
        .command(spec.name)
        .description(spec.description)
        .argument('<environment>', 'the environment')
        .addHelpText('after', `\nExample:\n  ${spec.example}`),
    ),
  ).action(
    runAction(ctx, async (environment: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await spec.act(project, environment);
      return finishActivity(ctx, activity, options);
    }),
  );
}

export function registerEnvironmentCommands(program: Command, ctx: CliContext): void {
  addWaitOption(
    addTableOptions(
      addEnvironmentOption(
        addProjectOption(
          program
            .command('environment:info')
            .alias('environment:get')
            .description("Read an environment's properties, or set restrict_robots / enable_smtp")
            .argument('[property]', 'the property to read or set')
            .argument('[value]', `a new value for ${SETTABLE.join(' or ')}`)
            .addHelpText(
              'after',
              '\nExamples:\n  herald environment:info -e staging\n' +
                '  herald environment:info -e staging restrict_robots false',
            ),
        ),
      ),
    ),
  ).action(
    runAction(
      ctx,
      async (property: string | undefined, value: string | undefined, options: ActionOptions) => {
        const project = await resolveProject(ctx, options.project);
        const environment = await resolveEnvironment(ctx, project, options.environment);
        if (value !== undefined) {
          if (property === undefined || !isSettable(property)) {
            throw new CliError(
              `Only ${SETTABLE.join(' and ')} can be set here, not "${property}"`,
              EXIT.usage,
            );
          }
          const activity = await ctx.client.environment.setting.mutate({
            project,
            environment,
            setting: property,
            value: parseBoolean(value, property),
          });
          return finishActivity(ctx, activity, options);
        }

        const found = await ctx.client.environment.get.query({ project, environment });
        if (property === undefined) {
          printProperties(ctx, found, options);
          return EXIT.ok;
        }
        if (!(property in found)) {
          throw new CliError(
            `Property not found: ${property} (available: ${Object.keys(found).join(', ')})`,
            EXIT.usage,
          );
        }
        ctx.stdout.write(`${formatPropertyValue(found[property as keyof typeof found])}\n`);
        return EXIT.ok;
      },
    ),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('environment:init')
        .description(
          'Give the default environment starter code while it has none (environment.initialize)',
        )
        .addHelpText('after', '\nExample:\n  herald environment:init'),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.environment.initialize.mutate({ project });
      return finishActivity(ctx, activity, options);
    }),
  );

  registerNamedAction(program, ctx, {
    name: 'environment:activate',
    description: 'Activate an inactive environment (environment.activate)',
    example: 'herald environment:activate feature-x',
    act: (project, environment) => ctx.client.environment.activate.mutate({ project, environment }),
  });
  registerNamedAction(program, ctx, {
    name: 'environment:deactivate',
    description: 'Deactivate an environment; its code and data are kept (environment.deactivate)',
    example: 'herald environment:deactivate feature-x',
    act: (project, environment) =>
      ctx.client.environment.deactivate.mutate({ project, environment }),
  });
  registerNamedAction(program, ctx, {
    name: 'environment:merge',
    description: "Merge an environment's code into its parent (environment.merge)",
    example: 'herald environment:merge feature-x',
    act: (project, environment) => ctx.client.environment.merge.mutate({ project, environment }),
  });

  addWaitOption(
    addProjectOption(
      program
        .command('environment:delete')
        .description('Delete an inactive environment and its branch (environment.delete)')
        .argument('<environment>', 'the environment; deactivate it first')
        .option('--keep-branch', 'keep the Git branch')
        .option('-y, --yes', 'do not ask for confirmation')
        .addHelpText('after', '\nExample:\n  herald environment:delete feature-x --yes'),
    ),
  ).action(
    runAction(
      ctx,
      async (environment: string, options: ActionOptions & { keepBranch?: boolean }) => {
        const project = await resolveProject(ctx, options.project);
        if (!options.yes) await refuseUndeletable(ctx, project, environment);
        await confirmOrStop(ctx, `Delete the environment ${environment}?`, options);
        const activity = await ctx.client.environment.delete.mutate({
          project,
          environment,
          keep_branch: options.keepBranch === true,
        });
        return finishActivity(ctx, activity, options);
      },
    ),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('environment:synchronize')
        .alias('sync')
        .description(
          "Copy the parent's code and/or data into an environment (environment.synchronize)",
        )
        .argument('<environment>', 'the environment to synchronize')
        .argument('<what...>', 'code, data, or both')
        .addHelpText('after', '\nExample:\n  herald environment:synchronize feature-x code data'),
    ),
  ).action(
    runAction(ctx, async (environment: string, what: string[], options: ActionOptions) => {
      const unknown = what.filter((part) => part !== 'code' && part !== 'data');
      if (unknown.length > 0) {
        throw new CliError(`Synchronize code and/or data, not ${unknown.join(', ')}`, EXIT.usage);
      }
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.environment.synchronize.mutate({
        project,
        environment,
        code: what.includes('code'),
        data: what.includes('data'),
      });
      return finishActivity(ctx, activity, options);
    }),
  );

  addWaitOption(
    addTableOptions(
      addEnvironmentOption(
        addProjectOption(
          program
            .command('environment:http-access')
            .alias('httpaccess')
            .description('Show or change HTTP access control (environment.update.http_access)')
            .option(
              '--access <rule>',
              'allow:ADDRESS or deny:ADDRESS (CIDR or any); repeat',
              collect,
            )
            .option('--auth <user:password>', 'a basic-auth user; repeat', collect)
            .option('--no-access', 'remove every address rule')
            .option('--no-auth', 'remove every basic-auth user')
            .option('--enabled <bool>', 'turn access control on or off')
            .addHelpText(
              'after',
              '\nExample:\n  herald environment:http-access -e staging --access ' +
                'allow:192.0.2.0/24 \\\n' +
                '    --access deny:any --auth reviewer:s3cret',
            ),
        ),
      ),
    ),
  ).action(
    runAction(
      ctx,
      async (
        options: ActionOptions & {
          access?: string[] | false;
          auth?: string[] | false;
          enabled?: string;
        },
      ) => {
        const project = await resolveProject(ctx, options.project);
        const environment = await resolveEnvironment(ctx, project, options.environment);
        const update = {
          ...(options.access !== undefined
            ? { addresses: options.access === false ? [] : options.access.map(parseAccessRule) }
            : {}),
          ...(options.auth !== undefined
            ? {
                basic_auth: Object.fromEntries(
                  options.auth === false ? [] : options.auth.map(parseBasicAuth),
                ),
              }
            : {}),
          ...(options.enabled !== undefined
            ? { is_enabled: parseBoolean(options.enabled, '--enabled') }
            : {}),
        };
        if (Object.keys(update).length === 0) {
          const found = await ctx.client.environment.get.query({ project, environment });
          printProperties(ctx, found.http_access, options as CommonOptions);
          return EXIT.ok;
        }

        const activity = await ctx.client.environment.httpAccess.mutate({
          project,
          environment,
          ...update,
        });
        say(ctx, `Changing HTTP access control of ${environment}`);
        return finishActivity(ctx, activity, options);
      },
    ),
  );
}
