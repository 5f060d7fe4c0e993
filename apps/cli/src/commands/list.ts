import type { Command } from 'commander';
import { type CliContext, type CommonOptions, example, printRows, runAction } from '../context.ts';
import { EXIT } from '../errors.ts';
import { type ColumnSet, columnsOf } from '../output.ts';

const COMMAND_COLUMNS: ColumnSet = {
  all: columnsOf(
    ['group', 'Group'],
    ['command', 'Command'],
    ['aliases', 'Aliases'],
    ['description', 'Description'],
  ),
  defaults: ['command', 'description'],
};

interface CommandEntry {
  group: string;
  command: string;
  aliases: string[];
  description: string;
}

/** The program's commands, sorted, each with its group: the name before the first colon. */
export function listCommands(program: Command): CommandEntry[] {
  return program.commands
    .map((command) => ({
      group: command.name().split(':')[0] ?? '',
      command: command.name(),
      aliases: command.aliases(),
      description: command.summary() || command.description(),
    }))
    .sort((a, b) => a.command.localeCompare(b.command));
}

/** "activity" then its commands indented, as the platform CLI's `list` shows them. */
export function formatCommandGroups(entries: CommandEntry[]): string {
  const width = Math.max(...entries.map((entry) => entry.command.length));
  const groups = new Map<string, CommandEntry[]>();
  for (const entry of entries) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  const lines = [...groups].flatMap(([group, members]) => [
    group,
    ...members.map((entry) => {
      const aliases = entry.aliases.length > 0 ? ` [${entry.aliases.join(', ')}]` : '';
      return `  ${entry.command.padEnd(width)}  ${entry.description}${aliases}`;
    }),
  ]);

  return `${lines.join('\n')}\n`;
}

export function registerListCommand(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('List the commands, grouped by what they act on')
    .addHelpText('after', example('herald list', 'herald list --format json'))
    .action(
      runAction(ctx, async (options: CommonOptions) => {
        const entries = listCommands(program);
        if (options.format !== undefined) {
          const rows = entries.map((entry) => ({
            ...entry,
            aliases: options.format === 'json' ? entry.aliases : entry.aliases.join(', '),
          }));
          printRows(ctx, rows, COMMAND_COLUMNS, options);
          return EXIT.ok;
        }

        ctx.stdout.write(
          `${program.description()}\n\nUsage: herald <command> [options]\n\n` +
            `Available commands:\n${formatCommandGroups(entries)}\n` +
            'Run "herald <command> --help" for the options of one command.\n',
        );
        return EXIT.ok;
      }),
    );
}
