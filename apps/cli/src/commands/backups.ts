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
  addEnvironmentOption,
  addWaitOption,
  finishActivity,
  resolveEnvironment,
} from '../platform-options.ts';
import { resolveBackupId } from '../resolve-id.ts';

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  addWaitOption(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('backup:create')
          .alias('backup')
          .description("Back up an environment's code and files (environment.backup)")
          .addHelpText('after', '\nExample:\n  herald backup:create -e main'),
      ),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      const activity = await ctx.client.backup.create.mutate({ project, environment });
      const code = await finishActivity(ctx, activity, options);
      // The backup's name for scripts; with --format the activity (parameters.backup_name).
      if (options.format === undefined) {
        ctx.stdout.write(`${String(activity.parameters.backup_name)}\n`);
      }
      return code;
    }),
  );

  addTableOptions(
    addEnvironmentOption(
      addProjectOption(
        program
          .command('backup:list')
          .alias('backups')
          .description("List an environment's backups, newest first")
          .addHelpText('after', '\nExample:\n  herald backup:list -e main'),
      ),
    ),
  ).action(
    runAction(ctx, async (options: ActionOptions) => {
      const project = await resolveProject(ctx, options.project);
      const environment = await resolveEnvironment(ctx, project, options.environment);
      const backups = await ctx.client.backup.list.query({ project, environment });
      printRows(
        ctx,
        backups,
        ['created_at', 'id', 'commit_id', 'file_count', 'size_bytes', 'restored_at'],
        options,
      );
      return EXIT.ok;
    }),
  );

  addWaitOption(
    addProjectOption(
      program
        .command('backup:restore')
        .description('Restore a backup into its environment or another (environment.restore)')
        .argument('<backup>', 'the backup ID, or a unique start of one')
        .option('--target <environment>', 'restore into this environment instead')
        .option('--no-code', 'restore only the files, leaving the branch where it is')
        .addHelpText('after', '\nExample:\n  herald backup:restore abcdefghijklm --target staging'),
    ),
  ).action(
    runAction(
      ctx,
      async (backup: string, options: ActionOptions & { target?: string; code: boolean }) => {
        const project = await resolveProject(ctx, options.project);
        const activity = await ctx.client.backup.restore.mutate({
          project,
          id: await resolveBackupId(ctx, project, backup),
          ...(options.target ? { target: options.target } : {}),
          restore_code: options.code,
        });
        return finishActivity(ctx, activity, options);
      },
    ),
  );
}
