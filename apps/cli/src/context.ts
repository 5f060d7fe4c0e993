import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createHeraldClient, type HeraldClient } from './client.ts';
import type { CliEnv } from './env.ts';
import { CliError, EXIT, toCliError } from './errors.ts';
import {
  type ColumnSet,
  describeColumns,
  FORMATS,
  type Format,
  type Row,
  renderProperties,
  renderRows,
  splitList,
  type TableOptions,
} from './output.ts';
import { createTerminalPrompter, type Prompter } from './prompts.ts';
import { formatPropertyValue } from './yaml-cell.ts';

export interface CliContext {
  env: CliEnv;
  client: HeraldClient;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  /** Both stdin and stderr are a terminal: prompts can be shown and answered. */
  terminal: boolean;
  /** Messages may be coloured: stderr is a terminal and NO_COLOR is not set. */
  color: boolean;
  prompter: Prompter;
}

export function createContext(env: CliEnv): CliContext {
  const terminal = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const color = env.color && Boolean(process.stderr.isTTY);

  return {
    env,
    client: createHeraldClient(env),
    stdout: process.stdout,
    stderr: process.stderr,
    terminal,
    color,
    prompter: createTerminalPrompter({ input: process.stdin, output: process.stderr, color }),
  };
}

/** Messages for people go to stderr, so stdout carries only data. */
export function say(ctx: CliContext, message: string): void {
  ctx.stderr.write(`${message}\n`);
}

export function warn(ctx: CliContext, message: string): void {
  say(ctx, ctx.color ? `\u001b[33mWarning:\u001b[39m ${message}` : `Warning: ${message}`);
}

/** Options every integration command takes, as the platform CLI's commands do. */
export interface CommonOptions {
  project?: string;
  format?: string;
  columns?: string[];
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

/** Commander's parser for an option that may be repeated: every value is kept. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The "Example:" block every command's --help ends with. */
export function example(...lines: string[]): string {
  const title = lines.length > 1 ? 'Examples' : 'Example';
  return `\n${title}:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/** Adds an option unless the command already has one with its long name. */
function addOptionOnce(command: Command, option: Option): Command {
  if (command.options.some((existing) => existing.long === option.long)) return command;
  return command.addOption(option);
}

/** A usage error at parse time, before anything is changed: `--format jsn` creates nothing. */
export function parseFormat(raw: string): Format {
  const format = raw.toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new InvalidArgumentError(`Unknown format "${raw}"; use one of ${FORMATS.join(', ')}`);
  }

  return format as Format;
}

/**
 * --format, -c and --no-header. No default value for --format: a command that changes
 * something prints its result on stdout only when a format is asked for.
 */
export function addTableOptions(command: Command, columns?: ColumnSet): Command {
  const available = columns ? ` (available: ${describeColumns(columns)}; * = default)` : '';
  addOptionOnce(
    command,
    new Option(
      '--format <format>',
      `the output format: ${FORMATS.join(', ')} (default: table)`,
    ).argParser(parseFormat),
  );
  addOptionOnce(
    command,
    new Option(
      '-c, --columns <columns>',
      `the columns to show${available}; * or % is a wildcard, + the default columns`,
    ).argParser(collect),
  );
  return addOptionOnce(command, new Option('--no-header', 'leave out the header row'));
}

export function addInteractionOptions(command: Command): Command {
  addOptionOnce(
    command,
    new Option('-y, --yes', 'answer yes to confirmations and take defaults; ask nothing'),
  );
  return addOptionOnce(command, new Option('--no-interaction', 'ask nothing; take default values'));
}

/** -p, --format, -c, --no-header, -y and --no-interaction: what every command takes. */
export function addCommonOptions(command: Command, columns?: ColumnSet): Command {
  return addInteractionOptions(addTableOptions(addProjectOption(command), columns));
}

/**
 * The options the README promises on every command: --format, -c, --no-header, -y and
 * --no-interaction. main.ts passes every registered command through here, so a new command
 * cannot forget them; options a command registered itself (with its column list) stay.
 */
export function addGlobalOptions(command: Command): Command {
  return addInteractionOptions(addTableOptions(command));
}

/** Whether this run may ask questions: a terminal, and neither -y nor --no-interaction. */
export function isInteractive(ctx: CliContext, options: CommonOptions): boolean {
  return ctx.terminal && !options.yes && options.interaction !== false;
}

export function tableOptions(ctx: CliContext, options: CommonOptions): TableOptions {
  const format = (options.format ?? 'table').toLowerCase() as Format;
  if (!FORMATS.includes(format)) {
    throw new CliError(
      `Unknown format "${options.format}"; use one of ${FORMATS.join(', ')}`,
      EXIT.usage,
    );
  }

  return {
    format,
    columns: splitList(options.columns),
    header: options.header !== false,
    ...(ctx.stdout.isTTY && ctx.stdout.columns ? { width: ctx.stdout.columns } : {}),
  };
}

/** Whether the output is for people (a table) rather than for another program. */
export function isHumanFormat(options: CommonOptions): boolean {
  return (options.format ?? 'table').toLowerCase() === 'table';
}

export function printRows(
  ctx: CliContext,
  rows: Row[],
  columns: ColumnSet | readonly string[],
  options: CommonOptions,
) {
  // A plain list of keys is its own header row, as the platform's simpler lists show them.
  const set: ColumnSet = Array.isArray(columns)
    ? { all: columns.map((key) => ({ key, header: key })) }
    : (columns as ColumnSet);
  ctx.stdout.write(renderRows(rows, set, tableOptions(ctx, options)));
}

/** A Property/Value table (or a JSON object) of one thing's properties. */
export function printProperties(
  ctx: CliContext,
  properties: Record<string, unknown>,
  options: CommonOptions,
  format: (value: unknown, property: string) => string = formatPropertyValue,
) {
  ctx.stdout.write(renderProperties(properties, format, tableOptions(ctx, options)));
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
      const failure = toCliError(error, ctx.env, optionOf);
      say(ctx, failure.message);
      process.exitCode = failure.exitCode;
    }
  };
}
