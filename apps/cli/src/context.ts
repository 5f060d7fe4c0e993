import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createHeraldClient, type HeraldClient } from './client.ts';
import type { CliEnv } from './env.ts';
import { CliError, EXIT, toCliError } from './errors.ts';
import { FORMATS, type Format, type Row, renderRows, type TableOptions } from './output.ts';

export interface CliContext {
  env: CliEnv;
  client: HeraldClient;
  stdout: Writable;
  stderr: Writable;
  interactive: boolean;
}

export function createContext(env: CliEnv, interactive: boolean): CliContext {
  return {
    env,
    client: createHeraldClient(env),
    stdout: process.stdout,
    stderr: process.stderr,
    interactive,
  };
}

/** Messages for people go to stderr, so stdout carries only data. */
export function say(ctx: CliContext, message: string): void {
  ctx.stderr.write(`${message}\n`);
}

export interface CommonOptions {
  project?: string;
  format?: string;
  columns?: string;
  header?: boolean;
  yes?: boolean;
  interaction?: boolean;
}

export function addProjectOption(command: Command): Command {
  return command.option(
    '-p, --project <id>',
    'the project ID (default: HERALD_PROJECT, or the only project)',
  );
}

export function addTableOptions(command: Command): Command {
  return command
    .option('--format <format>', `the output format: ${FORMATS.join(', ')}`, 'table')
    .option('-c, --columns <columns>', 'the columns to show, comma-separated; * is a wildcard')
    .option('--no-header', 'leave out the header row');
}

export function tableOptions(options: CommonOptions): TableOptions {
  const format = (options.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) {
    throw new CliError(
      `Unknown format "${options.format}"; use one of ${FORMATS.join(', ')}`,
      EXIT.usage,
    );
  }

  return {
    format,
    columns: options.columns
      ?.split(',')
      .map((column) => column.trim())
      .filter(Boolean),
    header: options.header !== false,
  };
}

export function printRows(ctx: CliContext, rows: Row[], columns: string[], options: CommonOptions) {
  ctx.stdout.write(renderRows(rows, columns, tableOptions(options)));
}

/** The project to act on: the option, HERALD_PROJECT, or the installation's only project. */
export async function resolveProject(ctx: CliContext, option: string | undefined): Promise<string> {
  const chosen = option ?? ctx.env.project;
  if (chosen) return chosen;

  const projects = await ctx.client.project.list.query();
  if (projects.length === 1 && projects[0]) return projects[0].id;
  if (projects.length === 0) {
    throw new CliError('No project exists yet; create one with "herald project:create --title T"');
  }

  throw new CliError(
    `Several projects exist; choose one with -p/--project or HERALD_PROJECT (${projects
      .map((project) => project.id)
      .join(', ')})`,
    EXIT.usage,
  );
}

/**
 * Wraps a command's work: its number is the exit code, and whatever it throws becomes a
 * message on stderr with the right code. Nothing here exits the process.
 */
export function runAction<A extends unknown[]>(
  ctx: CliContext,
  work: (...args: A) => Promise<number | undefined>,
  optionOf?: (field: string) => string,
) {
  return async (...args: A) => {
    try {
      process.exitCode = (await work(...args)) ?? EXIT.ok;
    } catch (error) {
      const failure = toCliError(error, ctx.env.apiUrl, optionOf);
      say(ctx, failure.message);
      process.exitCode = failure.exitCode;
    }
  };
}
