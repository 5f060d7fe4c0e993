import type { Command } from 'commander';
import {
  addProjectOption,
  addTableOptions,
  type CliContext,
  printRows,
  resolveProject,
  runAction,
} from '../context.ts';
import { EXIT } from '../errors.ts';
import {
  type ActionOptions,
  addWaitOption,
  finishActivity,
  parseBoolean,
  printProperties,
} from '../platform-options.ts';

const optionForField = (field: string) => (field === 'name' ? 'domain name' : field);

export function registerDomainCommands(program: Command, ctx: CliContext): void {
  addWaitOption(
    addProjectOption(
      program
        .command('domain:add')
        .description('Add a domain to the project (project.domain.create)')
        .argument('<name>', 'the host name, such as www.example.com')
        .option('--default <bool>', "make it the project's default domain")
        .addHelpText('after', '\nExample:\n  herald domain:add www.example.com'),
    ),
  ).action(
    runAction(
      ctx,
      async (name: string, options: ActionOptions & { default?: string }) => {
        const project = await resolveProject(ctx, options.project);
        const activity = await ctx.client.domain.add.mutate({
          project,
          name,
          ...(options.default !== undefined
            ? { is_default: parseBoolean(options.default, '--default') }
            : {}),
        });
        return finishActivity(ctx, activity, options);
      },
      optionForField,
    ),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('domain:update')
        .description('Change a domain of the project (project.domain.update)')
        .argument('<name>', 'the host name')
        .requiredOption('--default <bool>', "whether it is the project's default domain")
        .addHelpText('after', '\nExample:\n  herald domain:update www.example.com --default true'),
    ),
  ).action(
    runAction(ctx, async (name: string, options: ActionOptions & { default: string }) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.domain.update.mutate({
        project,
        name,
        is_default: parseBoolean(options.default, '--default'),
      });
      return finishActivity(ctx, activity, options);
    }),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('domain:delete')
        .description('Remove a domain from the project (project.domain.delete)')
        .argument('<name>', 'the host name')
        .addHelpText('after', '\nExample:\n  herald domain:delete www.example.com'),
    ),
  ).action(
    runAction(ctx, async (name: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.domain.delete.mutate({ project, name });
      return finishActivity(ctx, activity, options);
    }),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('domain:list')
        .alias('domains')
        .description("List the project's domains")
        .addHelpText('after', '\nExample:\n  herald domain:list'),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const domains = await ctx.client.domain.list.query({ project });
      printRows(ctx, domains, ['name', 'is_default', 'created_at'], options);
      return EXIT.ok;
    }),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('domain:get')
        .description("Show a domain's properties")
        .argument('<name>', 'the host name')
        .addHelpText('after', '\nExample:\n  herald domain:get www.example.com'),
    ),
  ).action(
    runAction(ctx, async (name: string, options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      printProperties(ctx, await ctx.client.domain.get.query({ project, name }), options);
      return EXIT.ok;
    }),
  );
}
