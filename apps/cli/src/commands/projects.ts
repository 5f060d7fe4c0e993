import type { Command } from 'commander';
import { waitForActivity } from '../activity-wait.ts';
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
import { columnsOf } from '../output.ts';

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
      runAction(ctx, async (options: { title: string; defaultBranch: string; wait: boolean }) => {
        const created = await ctx.client.project.create.mutate({
          title: options.title,
          default_branch: options.defaultBranch,
        });
        say(ctx, `Created project ${created.project.id} (${created.project.title})`);
        const code = await waitForActivity(ctx, created.activity, options.wait);
        ctx.stdout.write(`${created.project.id}\n`);
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
        return waitForActivity(ctx, activity, options.wait);
      },
    ),
  );
}
