import { describe, expect, it } from 'vitest';
import { formatCommandGroups, listCommands } from './commands/list.ts';
import { buildProgram } from './main.ts';

/** What the README promises every command takes. */
const EVERY_COMMAND_TAKES = ['--format', '--columns', '--no-header', '--yes', '--no-interaction'];

describe('the herald program', () => {
  const program = buildProgram();

  it('gives every command --format, -c, --no-header, -y and --no-interaction', () => {
    expect(program.commands.length).toBeGreaterThan(50);
    for (const command of program.commands) {
      const longs = command.options.map((option) => option.long);
      for (const long of EVERY_COMMAND_TAKES) {
        expect(longs, `${command.name()} lacks ${long}`).toContain(long);
      }
      const shorts = command.options.map((option) => option.short);
      expect(shorts, command.name()).toEqual(expect.arrayContaining(['-c', '-y']));
    }
  });

  it('refuses an unknown --format while parsing, before any command runs', async () => {
    const refused = buildProgram();
    refused.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    await expect(
      refused.parseAsync(['environment:branch', 'x', '--format', 'yaml'], { from: 'user' }),
    ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('lists the commands grouped by what comes before the first colon', () => {
    const text = formatCommandGroups(listCommands(program));
    const lines = text.split('\n');

    expect(lines).toContain('environment');
    expect(lines).toContain('integration');
    const group = lines.indexOf('activity');
    expect(lines[group + 1]).toMatch(/^ {2}activity:cancel +Cancel a pending activity$/);
    expect(text).toMatch(/^ {2}activity:list +.* \[activities\]$/m);
    // Every command appears once, under its group.
    expect(lines.filter((line) => line.startsWith('  ')).length).toBe(program.commands.length);
  });
});
