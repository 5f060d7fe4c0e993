import { type ProjectRole, parseRoleSpecs, type RoleSpecs } from '@herald/domain';
import type { Command } from 'commander';
import {
  addProjectOption,
  addTableOptions,
  type CliContext,
  printRows,
  resolveProject,
  runAction,
  say,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import {
  type ActionOptions,
  addWaitOption,
  collect,
  confirmOrStop,
  finishActivities,
  printProperties,
} from '../platform-options.ts';

function readRoles(specs: string[] | undefined): RoleSpecs {
  try {
    return parseRoleSpecs(specs ?? []);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT.usage);
  }
}

const ROLE_HELP =
  'admin, contributor or viewer for the project; NAME:ROLE narrows it on one environment or ' +
  'environment type (production, staging, development); repeat';

export function registerUserCommands(program: Command, ctx: CliContext): void {
  addWaitOption(
    addProjectOption(
      program
        .command('user:add')
        .description('Give a user access to the project (environment.access.add per environment)')
        .argument('<user>', 'the user: an e-mail address or a name such as ci-deploy')
        .option('-r, --role <role>', ROLE_HELP, collect)
        .addHelpText(
          'after',
          '\nExample:\n  herald user:add alice@example.com --role contributor --role ' +
            'production:viewer',
        ),
    ),
  ).action(
    runAction(ctx, async (user: string, options: ActionOptions & { role?: string[] }) => {
      const roles = readRoles(options.role);
      const project = await resolveProject(ctx, options.project);
      const added = await ctx.client.projectUser.add.mutate({
        project,
        user,
        ...(roles.project ? { role: roles.project } : {}),
        environment_roles: Object.fromEntries(
          Object.entries(roles.environments).filter(([, role]) => role !== 'none'),
        ) as Record<string, ProjectRole>,
      });
      say(ctx, `Added ${added.user.user} to project ${project} as ${added.user.role}`);
      return finishActivities(ctx, added.activities, options);
    }),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('user:update')
        .description("Change a user's project role or roles per environment")
        .argument('<user>', 'the user: an e-mail address or a name such as ci-deploy')
        .option('-r, --role <role>', `${ROLE_HELP}; ENVIRONMENT:none removes access`, collect)
        .addHelpText(
          'after',
          '\nExample:\n  herald user:update alice@example.com --role staging:admin ' +
            '--role main:none',
        ),
    ),
  ).action(
    runAction(ctx, async (user: string, options: ActionOptions & { role?: string[] }) => {
      const roles = readRoles(options.role);
      const project = await resolveProject(ctx, options.project);
      const updated = await ctx.client.projectUser.update.mutate({
        project,
        user,
        ...(roles.project ? { role: roles.project } : {}),
        environment_roles: roles.environments,
      });
      say(ctx, `${updated.user.user} is ${updated.user.role} in project ${project}`);
      printProperties(ctx, updated.user, options);
      // The user is this command's output: its activities are followed, not printed.
      return finishActivities(ctx, updated.activities, { wait: options.wait });
    }),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('user:delete')
        .description("Remove a user's access to the project (environment.access.remove)")
        .argument('<user>', 'the user: an e-mail address or a name such as ci-deploy')
        .option('-y, --yes', 'do not ask for confirmation')
        .addHelpText('after', '\nExample:\n  herald user:delete alice@example.com --yes'),
    ),
  ).action(
    runAction(ctx, async (user: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      await confirmOrStop(ctx, `Remove ${user} from project ${project}?`, options);
      const deleted = await ctx.client.projectUser.delete.mutate({ project, user });
      say(ctx, `Removed ${deleted.user.user} from project ${project}`);
      return finishActivities(ctx, deleted.activities, options);
    }),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('user:list')
        .alias('users')
        .description("List the project's users and their roles")
        .addHelpText('after', '\nExample:\n  herald user:list'),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const users = await ctx.client.projectUser.list.query({ project });
      printRows(ctx, users, ['user', 'role', 'environment_roles'], options);
      return EXIT.ok;
    }),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('user:get')
        .description("Show a user's roles")
        .argument('<user>', 'the user: an e-mail address or a name such as ci-deploy')
        .addHelpText('after', '\nExample:\n  herald user:get alice@example.com'),
    ),
  ).action(
    runAction(ctx, async (user: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      printProperties(ctx, await ctx.client.projectUser.get.query({ project, user }), options);
      return EXIT.ok;
    }),
  );
}
