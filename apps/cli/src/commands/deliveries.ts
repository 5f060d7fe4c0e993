import { parseDuration } from '@herald/domain';
import type { Command } from 'commander';
import {
  addProjectOption,
  addTableOptions,
  type CliContext,
  type CommonOptions,
  printProperties,
  printRows,
  resolveProject,
  runAction,
  say,
} from '../context.ts';
import { CliError, EXIT } from '../errors.ts';
import { selectIntegration } from '../integration-select.ts';
import { type ColumnSet, columnsOf } from '../output.ts';
import { resolveDeliveryId } from '../resolve-id.ts';

/**
 * A point in time for `--failed-since`: an ISO time (`2025-05-01T08:00:00Z`, `2025-05-01`) or a
 * duration before now (`90m`, `24h`, `3d`).
 */
export function parseSince(text: string, now = Date.now()): string {
  const ago = parseDuration(text);
  if (ago !== null) {
    return new Date(now - ago).toISOString();
  }
  const time = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(time)) {
    return new Date(time).toISOString();
  }

  throw new CliError(
    `--failed-since takes an ISO time (2025-05-01T08:00:00Z) or a duration ago (24h, 3d), ` +
      `not "${text}"`,
    EXIT.usage,
  );
}

export function registerDeliveryCommands(program: Command, ctx: CliContext): void {
  addTableOptions(
    addProjectOption(
      program
        .command('integration:activity:redeliver')
        .alias('integration:redeliver')
        .description(
          'Send a delivery again (same webhook-id, one more attempt), or every failed one since',
        )
        .argument('<id>', 'the integration ID, or a unique start of one')
        .argument(
          '[activity]',
          'the delivery: its integration.webhook activity ID (or a unique start) or webhook-id',
        )
        .option(
          '--failed-since <time>',
          'redeliver every failed delivery created since this ISO time or duration ago (24h, 3d)',
        )
        .addHelpText(
          'after',
          '\nExamples:\n  herald integration:activity:redeliver abcdefghijklm 2b3c4d5e6f7g8\n' +
            '  herald integration:activity:redeliver abcdefghijklm --failed-since 24h',
        ),
    ),
  ).action(
    runAction(
      ctx,
      async (
        id: string,
        activity: string | undefined,
        options: CommonOptions & { failedSince?: string },
      ) => {
        if ((activity === undefined) === (options.failedSince === undefined)) {
          throw new CliError('Give either a delivery (activity ID) or --failed-since', EXIT.usage);
        }
        const project = await resolveProject(ctx, options.project);
        const integration = await selectIntegration(ctx, project, id, false);

        if (activity !== undefined) {
          const delivery = await ctx.client.integration.redeliver.mutate({
            project,
            id: integration.id,
            delivery: await resolveDeliveryId(ctx, project, integration.id, activity),
          });
          say(ctx, `Redelivery of ${delivery.id} queued as attempt ${delivery.attempt_count + 1}`);
          printRows(ctx, [deliveryRow(delivery)], DELIVERY_COLUMNS, options);
          return EXIT.ok;
        }

        const since = parseSince(options.failedSince!);
        const result = await ctx.client.integration.redeliverFailed.mutate({
          project,
          id: integration.id,
          since,
        });
        if (result.count === 0) {
          say(ctx, `No failed deliveries of integration ${integration.id} since ${result.since}`);
          return EXIT.failed;
        }
        say(
          ctx,
          `Redelivering ${result.count} failed deliveries of integration ${integration.id} ` +
            `since ${result.since}`,
        );
        printRows(
          ctx,
          result.deliveries.map((delivery) => ({ delivery })),
          { all: columnsOf(['delivery', 'delivery']) },
          options,
        );
        return EXIT.ok;
      },
    ),
  );

  addProjectOption(
    program
      .command('integration:secret:rotate')
      .description(
        'Replace the signing secret of a webhook; the previous one keeps signing for 24 hours',
      )
      .argument('<id>', 'the integration ID, or a unique start of one')
      .option('--secret <secret>', 'the new secret (default: Herald makes one and shows it once)')
      .addHelpText('after', '\nExample:\n  herald integration:secret:rotate abcdefghijklm'),
  ).action(
    runAction(ctx, async (id: string, options: CommonOptions & { secret?: string }) => {
      const project = await resolveProject(ctx, options.project);
      const integration = await selectIntegration(ctx, project, id, false);
      const rotated = await ctx.client.integration.rotateSecret.mutate({
        project,
        id: integration.id,
        secret: options.secret,
      });

      say(ctx, `Rotated the signing secret of integration ${integration.id}`);
      if (rotated.previous_valid_until !== null) {
        say(ctx, `The previous secret keeps signing until ${rotated.previous_valid_until}`);
      }
      if (options.format !== undefined) {
        if (rotated.generated_secret !== null)
          say(ctx, 'The new secret is shown once; keep it now.');
        const { generated_secret, previous_valid_until } = rotated;
        printProperties(
          ctx,
          { id: integration.id, generated_secret, previous_valid_until },
          options,
        );
      } else if (rotated.generated_secret !== null) {
        say(ctx, 'The new secret (shown once, keep it now):');
        ctx.stdout.write(`${rotated.generated_secret}\n`);
      }
      return EXIT.ok;
    }),
  );
}

/** Headers are the keys, as before the column sets. */
const DELIVERY_COLUMNS: ColumnSet = {
  all: columnsOf(
    ['id', 'id'],
    ['status', 'status'],
    ['attempts', 'attempts'],
    ['next_attempt_at', 'next_attempt_at'],
    ['log_activity', 'log_activity'],
  ),
};

function deliveryRow(delivery: {
  id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  log_activity: string;
}) {
  return {
    id: delivery.id,
    status: delivery.status,
    attempts: delivery.attempt_count,
    next_attempt_at: delivery.next_attempt_at ?? '',
    log_activity: delivery.log_activity,
  };
}
