import type { Activity } from '@herald/domain';
import type { Command } from 'commander';
import { waitForActivity } from './activity-wait.ts';
import { type CliContext, type CommonOptions, printRows } from './context.ts';
import { CliError, EXIT } from './errors.ts';
import { formatPropertyValue } from './yaml-cell.ts';

/** Options shared by the platform's action commands (environments, variables, routes, …). */
export interface ActionOptions extends CommonOptions {
  environment?: string;
  wait: boolean;
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

/** Follows each activity in turn; the exit code is the worst of their results. */
export async function waitForActivities(
  ctx: CliContext,
  activities: Activity[],
  wait: boolean,
): Promise<number> {
  let code: number = EXIT.ok;
  for (const activity of activities) {
    code = Math.max(code, await waitForActivity(ctx, activity, wait));
  }

  return code;
}

/**
 * Asks before something that cannot be undone. Without a terminal, `--yes` is the only way
 * to say yes: a script must not delete by accident.
 */
export async function confirmOrStop(ctx: CliContext, question: string, yes: boolean | undefined) {
  if (yes) return;
  if (!ctx.terminal) {
    throw new CliError(`${question} Add --yes to confirm without a terminal.`, EXIT.failed);
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
