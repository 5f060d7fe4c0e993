import { ACTIVITY_STATES, type ActivityState } from '@herald/domain';
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
import { printActivities, printProperties } from '../platform-options.ts';
import { resolveActivityId } from '../resolve-id.ts';

interface ListOptions extends CommonOptions {
  environment?: string;
  type?: string;
  state?: string;
  limit: string;
}

function readStates(raw: string | undefined): ActivityState[] | undefined {
  if (raw === undefined) return undefined;
  const states = raw.split(',').map((state) => state.trim());
  const unknown = states.filter((state) => !(ACTIVITY_STATES as readonly string[]).includes(state));
  if (unknown.length > 0) {
    throw new CliError(
      `Unknown state ${unknown.join(', ')}; use ${ACTIVITY_STATES.join(', ')}`,
      EXIT.usage,
    );
  }

  return states as ActivityState[];
}

export function registerActivityCommands(program: Command, ctx: CliContext): void {
  addTableOptions(
    addProjectOption(
      program
        .command('activity:list')
        .alias('activities')
        .description("List the project's activities, newest first")
        .option('-e, --environment <name>', "only this environment's activities (default: all)")
        .option('--type <types>', 'only these types, comma-separated')
        .option('--state <states>', 'only these states, comma-separated')
        .option('--limit <n>', 'how many to show', '10')
        .addHelpText(
          'after',
          '\nExample:\n  herald activity:list -e staging --state pending,in_progress',
        ),
    ),
  ).action(
    runAction(ctx, async (options: ListOptions) => {
      const limit = Number.parseInt(options.limit, 10);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new CliError('--limit takes a whole number of at least 1', EXIT.usage);
      }
      const project = await resolveProject(ctx, options.project);
      const states = readStates(options.state);
      const activities = await ctx.client.activity.list.query({
        project,
        limit,
        ...(options.environment ? { environment: options.environment } : {}),
        ...(options.type ? { types: options.type.split(',').map((type) => type.trim()) } : {}),
        ...(states ? { states } : {}),
      });
      const rows = activities.map((activity) => ({
        ...activity,
        progress: `${activity.completion_percent}%`,
        environments: activity.environments.join(', '),
      }));
      printRows(
        ctx,
        rows,
        ['id', 'created_at', 'description', 'progress', 'state', 'result', 'type', 'environments'],
        options,
      );
      return EXIT.ok;
    }),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('activity:get')
        .description("Show an activity's properties")
        .argument('<id>', 'the activity ID, or a unique start of one')
        .addHelpText('after', '\nExample:\n  herald activity:get abcdefghijklm'),
    ),
  ).action(
    runAction(ctx, async (id: string, options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.activity.get.query({
        project,
        id: await resolveActivityId(ctx, project, id),
      });
      printProperties(ctx, activity, options);
      return EXIT.ok;
    }),
  );

  addProjectOption(
    program
      .command('activity:log')
      .description("Print an activity's log")
      .argument('<id>', 'the activity ID, or a unique start of one')
      .addHelpText('after', '\nExample:\n  herald activity:log abcdefghijklm'),
  ).action(
    runAction(ctx, async (id: string, options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.activity.get.query({
        project,
        id: await resolveActivityId(ctx, project, id),
      });
      const unfinished = activity.state === 'pending' || activity.state === 'in_progress';
      if (options.format !== undefined) {
        const { id: activityId, state, result, log } = activity;
        printProperties(ctx, { id: activityId, state, result, log }, options);
      } else if (activity.log) {
        ctx.stdout.write(`${activity.log}\n`);
      }
      if (unfinished) {
        say(ctx, `Activity ${activity.id} is ${activity.state}; its log is not complete yet.`);
      }
      return EXIT.ok;
    }),
  );

  addProjectOption(
    program
      .command('activity:cancel')
      .description('Cancel a pending activity')
      .argument('<id>', 'the activity ID, or a unique start of one')
      .addHelpText('after', '\nExample:\n  herald activity:cancel abcdefghijklm'),
  ).action(
    runAction(ctx, async (id: string, options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const activity = await ctx.client.activity.cancel.mutate({
        project,
        id: await resolveActivityId(ctx, project, id),
      });
      say(ctx, `Activity ${activity.id} (${activity.description}) is cancelled.`);
      if (options.format !== undefined) printActivities(ctx, [activity], options);
      return EXIT.ok;
    }),
  );
}
