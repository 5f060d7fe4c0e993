import { HEALTH_METRICS } from '@herald/domain';
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

interface ReportOptions extends CommonOptions {
  environment: string;
  service: string;
  metric: string;
  used: string;
  total: string;
}

const FIELD_OPTIONS: Record<string, string> = {
  environment: '--environment',
  service: '--service',
  metric: '--metric',
  used: '--used',
  total: '--total',
};

/** A figure as the agent gives it: a whole number, so a typo is a usage error, not a guess. */
function parseFigure(option: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim())) {
    throw new CliError(
      `--${option} takes a whole number (bytes for disk, a count for inodes), not "${raw}"`,
      EXIT.usage,
    );
  }

  return Number(raw);
}

export function registerHealthCommands(program: Command, ctx: CliContext): void {
  addTableOptions(
    addProjectOption(
      program
        .command('health:report')
        .description(
          'Report the disk or inode usage of a service; a change of state (normal, warning ' +
            'under 20 % free, critical under 10 % free) notifies the health integrations',
        )
        .requiredOption('-e, --environment <name>', 'the environment the service runs in')
        .requiredOption('--service <name>', 'the service, e.g. app or database')
        .requiredOption('--metric <metric>', `what is measured: ${HEALTH_METRICS.join(' or ')}`)
        .requiredOption('--used <number>', 'how much is used: bytes for disk, a count for inodes')
        .requiredOption('--total <number>', 'the capacity: bytes for disk, a count for inodes')
        .addHelpText(
          'after',
          '\nExample:\n  herald health:report -e main --service app --metric disk \\\n' +
            '    --used 9663676416 --total 10737418240',
        ),
    ),
  ).action(
    runAction(
      ctx,
      async (options: ReportOptions) => {
        const project = await resolveProject(ctx, options.project);
        const result = await ctx.client.health.report.mutate({
          project,
          environment: options.environment,
          service: options.service,
          metric: options.metric as (typeof HEALTH_METRICS)[number],
          used: parseFigure('used', options.used),
          total: parseFigure('total', options.total),
        });

        const what = `${result.service} in ${result.environment}: ${result.metric} ${result.state}`;
        const free = `${result.free_percent} % free`;
        if (result.changed) {
          const was = result.previous_state ? `was ${result.previous_state}` : 'first report';
          say(ctx, `${what} (${free}), ${was}; notified ${result.notifications} integration(s)`);
        } else if (result.previous_state === null) {
          say(ctx, `${what} (${free}), first report; nobody notified`);
        } else {
          say(ctx, `${what} (${free}), unchanged; nobody notified`);
        }
        printRows(
          ctx,
          [result],
          [
            'environment',
            'service',
            'metric',
            'state',
            'previous_state',
            'free_percent',
            'notifications',
          ],
          options,
        );
        return EXIT.ok;
      },
      (field) => FIELD_OPTIONS[field] ?? field,
    ),
  );

  addTableOptions(
    addProjectOption(
      program
        .command('health:list')
        .description('List the last reported state of every service metric in the project')
        .addHelpText('after', '\nExample:\n  herald health:list --format csv'),
    ),
  ).action(
    runAction(ctx, async (options: CommonOptions) => {
      const project = await resolveProject(ctx, options.project);
      const states = await ctx.client.health.list.query({ project });
      printRows(
        ctx,
        states,
        [
          'environment',
          'service',
          'metric',
          'state',
          'free_percent',
          'used',
          'total',
          'changed_at',
        ],
        options,
      );
      return EXIT.ok;
    }),
  );
}
