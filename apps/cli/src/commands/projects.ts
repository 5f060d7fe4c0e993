import type { Plan } from '@herald/domain';
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
import { EXIT } from '../errors.ts';
import { columnsOf } from '../output.ts';
import {
  type ActionOptions,
  addWaitOption,
  confirmOrStop,
  finishActivity,
  printProperties,
} from '../platform-options.ts';

const PROJECT_COLUMNS = {
  all: columnsOf(
    ['id', 'ID'],
    ['title', 'Title'],
    ['default_branch', 'Default branch'],
    ['created_at', 'Created'],
  ),
};
const ENVIRONMENT_COLUMNS = {
  all: columnsOf(
    ['id', 'ID'],
    ['title', 'Title'],
    ['status', 'Status'],
    ['type', 'Type'],
    ['parent', 'Parent'],
  ),
};

export function registerProjectCommands(program: Command, ctx: CliContext): void {
  program
    .command('project:create')
    .description('Create a project and initialize its default environment')
    .requiredOption('--title <title>', 'the project title')
    .option('--default-branch <branch>', 'the default branch', 'main')
    .option('--no-wait', 'do not wait for the default environment to be initialized')
    .addHelpText(
      'after',
      '\nExample:\n  herald project:create --title "Shop" --default-branch main',
    )
    .action(
      runAction(ctx, async (options: ActionOptions & { title: string; defaultBranch: string }) => {
        const created = await ctx.client.project.create.mutate({
          title: options.title,
          default_branch: options.defaultBranch,
        });
        say(ctx, `Created project ${created.project.id} (${created.project.title})`);
        const code = await finishActivity(ctx, created.activity, options);
        // Scripts read the new project's ID from stdout; with --format the activity is there.
        if (options.format === undefined) ctx.stdout.write(`${created.project.id}\n`);
        return code;
      }),
    );

  addTableOptions(
    program
      .command('project:list')
      .alias('projects')
      .description('List projects')
      .addHelpText('after', '\nExample:\n  herald project:list --format csv'),
    PROJECT_COLUMNS,
  ).action(
    runAction(ctx, async (options: CommonOptions) => {
      const projects = await ctx.client.project.list.query();
      printRows(ctx, projects, PROJECT_COLUMNS, options);
      return 0;
    }),
  );

  addTableOptions(
    program
      .command('project:info')
      .alias('project:get')
      .description("Show a project's properties")
      .argument('[project]', 'the project ID (default: -p, HERALD_PROJECT, or the only project)')
      .option('-p, --project <id>', 'the project ID')
      .addHelpText('after', '\nExample:\n  herald project:info abcdefghijklm'),
  ).action(
    runAction(ctx, async (id: string | undefined, options: CommonOptions) => {
      const project = await resolveProject(ctx, id ?? options.project);
      printProperties(ctx, await ctx.client.project.get.query({ project }), options);
      return EXIT.ok;
    }),
  );

  program
    .command('project:delete')
    .description('Delete a project with its environments, activities, integrations and code')
    .argument('[project]', 'the project ID (default: -p, HERALD_PROJECT, or the only project)')
    .option('-p, --project <id>', 'the project ID')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  herald project:delete abcdefghijklm --yes')
    .action(
      runAction(ctx, async (id: string | undefined, options: CommonOptions) => {
        const project = await resolveProject(ctx, id ?? options.project);
        await confirmOrStop(ctx, `Delete the project ${project} and everything in it?`, options);
        const deleted = await ctx.client.project.delete.mutate({ project, confirm: true });
        say(ctx, `Deleted project ${deleted.id} (${deleted.title})`);
        if (options.format !== undefined) printProperties(ctx, deleted, options);
        return EXIT.ok;
      }),
    );

  addTableOptions(
    addProjectOption(
      program
        .command('subscription:info')
        .description("Show the project's plan")
        .addHelpText('after', '\nExample:\n  herald subscription:info'),
    ),
  ).action(
    runAction(ctx, async (options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const found = await ctx.client.project.get.query({ project });
      printProperties(ctx, { project: found.id, plan: found.plan }, options);
      return EXIT.ok;
    }),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('subscription:update')
        .description("Change the project's plan (environment.subscription.update)")
        .requiredOption('--plan <plan>', 'the new plan, such as standard or medium')
        .addHelpText('after', '\nExample:\n  herald subscription:update --plan medium'),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions & { plan: string }) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.project.updatePlan.mutate({
        project,
        plan: options.plan as Plan,
      });
      return finishActivity(ctx, activity, options);
    }),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('environment:list')
        .alias('environments')
        .description("List a project's environments")
        .addHelpText('after', '\nExample:\n  herald environment:list -p abcdefghijklm'),
    ),
    ENVIRONMENT_COLUMNS,
  ).action(
    runAction(ctx, async (options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environments = await ctx.client.environment.list.query({ project });
      printRows(ctx, environments, ENVIRONMENT_COLUMNS, options);
      return 0;
    }),
  );

  addProjectOption(
    program
      .command('environment:branch')
      .alias('branch')
      .description('Branch a new environment from its parent (environment.branch)')
      .argument('<name>', 'the name of the new environment (its Git branch)')
      .option('--parent <parent>', "the parent environment (default: the project's default)")
      .option('--title <title>', 'the title of the new environment')
      .option('--no-wait', 'do not wait for the activity to complete')
      .addHelpText('after', '\nExample:\n  herald environment:branch feature-x --parent main'),
  ).action(
    runAction(
      ctx,
      async (
        name: string,
        options: CommonOptions & { parent?: string; title?: string; wait: boolean },
      ) => {
        const project = await resolveProject(ctx, options.project);
        const activity = await ctx.client.environment.branch.mutate({
          project,
          name,
          parent: options.parent,
          title: options.title,
        });
        return finishActivity(ctx, activity, options);
      },
    ),
  );
}
