import type { Activity } from '@herald/domain';
import type { Command } from 'commander';
import {
  ACTIVITY_COLUMNS,
  activityProperties,
  activityRow,
  formatActivityProperty,
} from './activity-format.ts';
import { followActivity } from './activity-wait.ts';
import {
  type CliContext,
  type CommonOptions,
  printProperties as printContextProperties,
  printRows,
  tableOptions,
} from './context.ts';
import { CliError, EXIT } from './errors.ts';
import { formatPropertyValue } from './yaml-cell.ts';

/** Options shared by the platform's action commands (environments, variables, routes, …). */
export interface ActionOptions extends CommonOptions {
  environment?: string;
  wait?: boolean;
}

export function addEnvironmentOption(command: Command): Command {
  return command.option(
    '-e, --environment <name>',
    "the environment (default: the project's default environment)",
  );
}

export function addWaitOption(command: Command): Command {
  return command.option('--no-wait', 'do not wait for the activity to complete');
}

/** The environment to act on: the option, else the project's default one. */
export async function resolveEnvironment(
  ctx: CliContext,
  project: string,
  option: string | undefined,
): Promise<string> {
  if (option) return option;

  const found = await ctx.client.project.get.query({ project });
  return found.default_branch;
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseBoolean(raw: string, option: string): boolean {
  if (/^(1|true|yes|y|on)$/i.test(raw)) return true;
  if (/^(0|false|no|n|off)$/i.test(raw)) return false;
  throw new CliError(`${option} takes true or false, not "${raw}"`, EXIT.usage);
}

/**
 * Follows each activity in turn (unless --no-wait), then, when a --format was asked for,
 * prints them on stdout: one activity's properties, or a row per activity. Messages stay on
 * stderr, so `--format json` leaves only JSON on stdout. The exit code is the worst result.
 */
export async function finishActivities(
  ctx: CliContext,
  activities: Activity[],
  options: ActionOptions,
): Promise<number> {
  let code: number = EXIT.ok;
  const finished: Activity[] = [];
  for (const activity of activities) {
    const followed = await followActivity(ctx, activity, options.wait !== false);
    code = Math.max(code, followed.code);
    finished.push(followed.activity);
  }
  if (options.format !== undefined) printActivities(ctx, finished, options);

  return code;
}

export function finishActivity(
  ctx: CliContext,
  activity: Activity,
  options: ActionOptions,
): Promise<number> {
  return finishActivities(ctx, [activity], options);
}

/** JSON keeps every field (the log too); a table leaves the log to activity:log. */
export function printActivities(ctx: CliContext, activities: Activity[], options: CommonOptions) {
  const json = tableOptions(ctx, options).format === 'json';
  const [only] = activities;
  if (activities.length === 1 && only) {
    const properties = json ? { ...only } : activityProperties(only);
    printContextProperties(ctx, properties, options, formatActivityProperty);
    return;
  }
  if (json) {
    ctx.stdout.write(`${JSON.stringify(activities, null, 2)}\n`);
    return;
  }
  printRows(ctx, activities.map(activityRow), ACTIVITY_COLUMNS, options);
}

/**
 * Asks before something that cannot be undone. Without a terminal, or with
 * --no-interaction, `--yes` is the only way to say yes: a script must not delete by accident.
 */
export async function confirmOrStop(
  ctx: CliContext,
  question: string,
  options: { yes?: boolean; interaction?: boolean },
) {
  if (options.yes) return;
  if (!ctx.terminal || options.interaction === false) {
    throw new CliError(`${question} Add --yes to confirm without asking.`, EXIT.failed);
  }
  // Loaded only here: the prompt library costs every other command half a second to load.
  const { confirm } = await import('@inquirer/prompts');
  const answer = await confirm({ message: question, default: false }, { output: process.stderr });
  if (!answer) throw new CliError('Nothing was changed.', EXIT.failed);
}

/** An object as Property/Value rows, the way the platform's `*:get` commands show one. */
export function printProperties(ctx: CliContext, object: object, options: CommonOptions): void {
  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify(object, null, 2)}\n`);
    return;
  }
  const rows = Object.entries(object).map(([property, value]) => ({
    property,
    value: formatPropertyValue(value),
  }));
  printRows(ctx, rows, ['property', 'value'], options);
}
