import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIVITY_RESULTS, ACTIVITY_STATES, type ActivityState } from '@herald/domain';
import type { Command } from 'commander';
import {
  ACTIVITY_COLUMNS,
  activityProperties,
  activityRow,
  formatActivityProperty,
  formatDate,
  formatState,
} from '../activity-format.ts';
import {
  addCommonOptions,
  type CliContext,
  type CommonOptions,
  collect,
  example,
  isHumanFormat,
  isInteractive,
  printProperties,
  printRows,
  resolveProject,
  runAction,
  say,
  tableOptions,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import { selectIntegration } from '../integration-select.ts';
import { splitList } from '../output.ts';
import { printProperty, readProperty } from './integrations.ts';

const DEFAULT_LIMIT = 10;
const FOLLOW_POLL_MS = 500;
/** Following a log stops after this long even if the activity is still running. */
const FOLLOW_LIMIT_MS = 10 * 60_000;

interface ListOptions extends CommonOptions {
  type?: string[];
  excludeType?: string[];
  limit: string;
  start?: string;
  state?: string[];
  result?: string;
  incomplete?: boolean;
}

function parseLimit(raw: string): number {
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new CliError(`--limit takes a whole number from 1 to 1000, not "${raw}"`, EXIT.usage);
  }

  return limit;
}

/** `--start` as the API wants it; a date the user typed in any form Date understands. */
function parseStart(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) {
    throw new CliError(
      `Invalid date: ${raw} (use e.g. 2024-05-01 or 2024-05-01T10:00Z)`,
      EXIT.usage,
    );
  }

  return new Date(time).toISOString();
}

function parseStates(raw: string[] | undefined): ActivityState[] | undefined {
  const states = splitList(raw);
  if (states.length === 0) return undefined;
  for (const state of states) {
    if (!(ACTIVITY_STATES as readonly string[]).includes(state)) {
      throw new CliError(
        `--state: "${state}" is not a state; use ${ACTIVITY_STATES.join(', ')}`,
        EXIT.usage,
      );
    }
  }

  return states as ActivityState[];
}

function parseResult(raw: string | undefined): 'success' | 'failure' | undefined {
  if (raw === undefined) return undefined;
  if (!(ACTIVITY_RESULTS as readonly string[]).includes(raw)) {
    throw new CliError(`--result: use ${ACTIVITY_RESULTS.join(' or ')}, not "${raw}"`, EXIT.usage);
  }

  return raw as 'success' | 'failure';
}

export function registerIntegrationActivityCommands(program: Command, ctx: CliContext): void {
  registerActivityList(program, ctx);
  registerActivityGet(program, ctx);
  registerActivityLog(program, ctx);
}

function registerActivityList(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:activity:list')
    .alias('integration:activities')
    .summary("List an integration's activities")
    .description(
      "List an integration's own activities, newest first: each delivery is an " +
        'integration.<type> activity',
    )
    .argument('[id]', 'an integration ID, or a unique start of one; leave out to choose')
    .option(
      '--type <types>',
      'only these activity types; * or % is a wildcard, "environment." may be left out',
      collect,
    )
    .option('-x, --exclude-type <types>', 'leave out these activity types (wildcards too)', collect)
    .option('--limit <n>', 'how many activities to show', String(DEFAULT_LIMIT))
    .option('--start <date>', 'only activities created before this date')
    .option('--state <states>', `only these states (${ACTIVITY_STATES.join(', ')})`, collect)
    .option('--result <result>', `only this result (${ACTIVITY_RESULTS.join(', ')})`)
    .option('-i, --incomplete', 'only activities still pending or in progress');
  addCommonOptions(command, ACTIVITY_COLUMNS).addHelpText(
    'after',
    example(
      'herald integration:activity:list abcdefg',
      'herald integration:activity:list abcdefg --result failure --limit 20',
      'herald integration:activities abcdefg --start 2024-05-01 --format csv',
    ),
  );

  command.action(
    runAction(ctx, async (id: string | undefined, options: ListOptions) => {
      const limit = parseLimit(options.limit);
      const filters = {
        types: splitList(options.type),
        exclude_types: splitList(options.excludeType),
        states: parseStates(options.state),
        result: parseResult(options.result),
        incomplete: options.incomplete === true,
        before: parseStart(options.start),
        limit,
      };
      const project = await resolveProject(ctx, options.project);
      const integration = await selectIntegration(ctx, project, id, isInteractive(ctx, options));
      const page = await ctx.client.integration.activities.query({
        project,
        id: integration.id,
        ...filters,
      });
      if (page.activities.length === 0) {
        say(ctx, 'No activities found');
        return EXIT.failed;
      }

      const human = isHumanFormat(options);
      if (human) {
        say(
          ctx,
          `Activities on the project ${project}, ` +
            `integration ${integration.id} (${integration.type}):`,
        );
      }
      printRows(ctx, page.activities.map(activityRow), ACTIVITY_COLUMNS, options);
      if (page.has_more) {
        say(
          ctx,
          `\nMore activities are available. To display older ones, increase --limit above ` +
            `${limit}, or set --start to a date in the past. ` +
            'For more information, run: herald integration:activity:list -h',
        );
      }
      if (human) {
        say(
          ctx,
          '\nTo view the log for an activity, run: ' +
            'herald integration:activity:log [integration] [activity]\n' +
            'To view more information about an activity, run: ' +
            'herald integration:activity:get [integration] [activity]',
        );
      }
      return EXIT.ok;
    }),
  );
}

function registerActivityGet(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:activity:get')
    .description('View the details of one activity of an integration')
    .argument('[integration]', 'an integration ID, or a unique start of one; leave out to choose')
    .argument('[activity]', 'an activity ID, or a unique start of one; default: the latest')
    .option('-P, --property <property>', 'show only this property (a dotted path)');
  addCommonOptions(command).addHelpText(
    'after',
    example(
      'herald integration:activity:get abcdefg',
      'herald integration:activity:get abcdefg hijklmn -P state',
    ),
  );

  command.action(
    runAction(
      ctx,
      async (
        id: string | undefined,
        activityId: string | undefined,
        options: CommonOptions & { property?: string },
      ) => {
        const project = await resolveProject(ctx, options.project);
        const integration = await selectIntegration(ctx, project, id, isInteractive(ctx, options));
        const activity = await ctx.client.integration.activity.query({
          project,
          id: integration.id,
          ...(activityId ? { activity: activityId } : {}),
        });
        if (options.property) {
          const property = options.property;
          const value = readProperty({ ...activity }, property);
          printProperty(ctx, value, options, (shown) => formatActivityProperty(shown, property));
          return EXIT.ok;
        }

        printProperties(ctx, activityProperties(activity), options, formatActivityProperty);
        return EXIT.ok;
      },
    ),
  );
}

function registerActivityLog(program: Command, ctx: CliContext): void {
  const command = program
    .command('integration:activity:log')
    .summary("Show an integration activity's log")
    .description(
      "Show an integration activity's log. While the activity is unfinished (a delivery " +
        'still retrying), new lines are shown as they are written when stdout is a terminal ' +
        '(at most 10 minutes); piped output is the log so far. --follow and --no-follow choose.',
    )
    .argument('[integration]', 'an integration ID, or a unique start of one; leave out to choose')
    .argument('[activity]', 'an activity ID, or a unique start of one; default: the latest')
    .option('-t, --timestamps', 'show when each line was written')
    .option('--follow', 'keep showing new lines until the activity finishes, even when piped')
    .option('--no-follow', 'show the log so far and stop, even in a terminal');
  addCommonOptions(command).addHelpText(
    'after',
    example(
      'herald integration:activity:log abcdefg',
      'herald integration:activity:log abcdefg hijklmn --timestamps',
    ),
  );

  command.action(
    runAction(
      ctx,
      async (
        id: string | undefined,
        activityId: string | undefined,
        options: CommonOptions & { timestamps?: boolean; follow?: boolean },
      ) => {
        // A retrying delivery stays unfinished for hours: only a person watching follows it.
        const follow = options.follow ?? Boolean(ctx.stdout.isTTY);
        const project = await resolveProject(ctx, options.project);
        const integration = await selectIntegration(ctx, project, id, isInteractive(ctx, options));
        const activity = await ctx.client.integration.activity.query({
          project,
          id: integration.id,
          ...(activityId ? { activity: activityId } : {}),
        });
        const json = tableOptions(ctx, options).format === 'json';
        const collected: { timestamp: string; text: string }[] = [];

        const deadline = Date.now() + FOLLOW_LIMIT_MS;
        let offset = 0;
        for (;;) {
          const page = await ctx.client.integration.activityLog.query({
            project,
            id: integration.id,
            activity: activity.id,
            offset,
          });
          offset = page.next_offset;
          for (const line of page.lines) {
            if (json) collected.push(line);
            else {
              const stamp = options.timestamps ? `[${formatDate(line.timestamp)}] ` : '';
              ctx.stdout.write(`${stamp}${line.text}\n`);
            }
          }

          if (page.state === 'complete' || page.state === 'cancelled') break;
          if (!follow) {
            say(ctx, `Activity ${activity.id} is still ${formatState(page.state)}.`);
            break;
          }
          if (Date.now() > deadline) {
            say(ctx, `Activity ${activity.id} is still ${page.state}; stopped following its log.`);
            break;
          }
          await sleep(FOLLOW_POLL_MS);
        }

        if (json) ctx.stdout.write(`${JSON.stringify(collected, null, 2)}\n`);
        else if (offset === 0) say(ctx, `The log of activity ${activity.id} is empty.`);
        return EXIT.ok;
      },
    ),
  );
}
