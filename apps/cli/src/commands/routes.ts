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
  printProperties,
  resolveEnvironment,
} from '../platform-options.ts';

interface RouteOptions extends ActionOptions {
  route?: string;
  type?: string;
  upstream?: string;
  to?: string;
}

function addRouteFlags(command: Command): Command {
  return command
    .option('--type <type>', 'upstream or redirect')
    .option('--upstream <upstream>', 'for an upstream route: the application, such as app:http')
    .option('--to <url>', 'for a redirect route: where to');
}

function readRouteFlags(options: RouteOptions) {
  if (options.type !== undefined && options.type !== 'upstream' && options.type !== 'redirect') {
    throw new CliError(`--type is upstream or redirect, not "${options.type}"`, EXIT.usage);
  }

  return {
    ...(options.type ? { type: options.type as 'upstream' | 'redirect' } : {}),
    ...(options.upstream ? { upstream: options.upstream } : {}),
    ...(options.to ? { to: options.to } : {}),
  };
}

const optionForField = (field: string) =>
  ({ route: '--route', type: '--type', upstream: '--upstream', to: '--to' })[field] ?? field;

export function registerRouteCommands(program: Command, ctx: CliContext): void {
  addWaitOption(
    addRouteFlags(
      addEnvironmentOption(
        addProjectOption(
          program
            .command('route:create')
            .description('Add a route to an environment (environment.route.create)')
            .argument('[route]', 'the URL template, such as https://{default}/ (or --route)')
            .option('--route <route>', 'the URL template')
            .addHelpText(
              'after',
              "\nExample:\n  herald route:create -e staging 'https://{default}/' " +
                '--upstream app:http',
            ),
        ),
      ),
    ),
  ).action(
    runAction(
      ctx,
      async (argument: string | undefined, options: RouteOptions) => {
        const route = argument ?? options.route;
        if (!route) throw new CliError('Give the route: --route URL', EXIT.usage);
        const project = await resolveProject(ctx, options.project);
        const environment = await resolveEnvironment(ctx, project, options.environment);
        const activity = await ctx.client.route.create.mutate({
          project,
          environment,
          route,
          ...readRouteFlags(options),
        });
        return finishActivity(ctx, activity, options);
      },
      optionForField,
    ),
  );

  addWaitOption(
    addRouteFlags(
      addEnvironmentOption(
        addProjectOption(
          program
            .command('route:update')
            .description('Change a route (environment.route.update)')
            .argument('<route>', 'the URL template of the route')
            .addHelpText(
              'after',
              "\nExample:\n  herald route:update -e staging 'https://{default}/' --type " +
                'redirect \\\n' +
                "    --to 'https://www.{default}/'",
            ),
        ),
      ),
    ),
  ).action(
    runAction(
      ctx,
      async (route: string, options: RouteOptions) => {
        const project = await resolveProject(ctx, options.project);
        const environment = await resolveEnvironment(ctx, project, options.environment);
        const activity = await ctx.client.route.update.mutate({
          project,
          environment,
          route,
          ...readRouteFlags(options),
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
          .command('route:delete')
          .description('Remove a route (environment.route.delete)')
          .argument('<route>', 'the URL template of the route')
          .addHelpText(
            'after',
            "\nExample:\n  herald route:delete -e staging 'https://{default}/'",
          ),
      ),
    ),
  ).action(
    runAction(ctx, async (route: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      const activity = await ctx.client.route.delete.mutate({ project, environment, route });
      return finishActivity(ctx, activity, options);
    }),
  );

  addTableOptions(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('route:list')
          .alias('routes')
          .description("List an environment's routes")
          .addHelpText('after', '\nExample:\n  herald route:list -e staging'),
      ),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      const routes = await ctx.client.route.list.query({ project, environment });
      printRows(ctx, routes, ['route', 'type', 'upstream', 'to'], options);
      return EXIT.ok;
    }),
  );

  addTableOptions(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('route:get')
          .description("Show a route's properties")
          .argument('<route>', 'the URL template of the route')
          .addHelpText('after', "\nExample:\n  herald route:get -e staging 'https://{default}/'"),
      ),
    ),
  ).action(
    runAction(ctx, async (route: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      printProperties(
        ctx,
        await ctx.client.route.get.query({ project, environment, route }),
        options,
      );
      return EXIT.ok;
    }),
  );
}
