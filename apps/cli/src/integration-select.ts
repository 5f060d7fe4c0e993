import type { CliContext } from './context.ts';
import { CliError, EXIT } from './errors.ts';

type IntegrationList = Awaited<ReturnType<CliContext['client']['integration']['list']['query']>>;
export type IntegrationView = IntegrationList[number];

/** "abcdefghijklm (webhook): https://example.com/hook" — one line to recognise it by. */
export function describeIntegration(integration: IntegrationView): string {
  const summary = integration.summary.split('\n')[0] ?? '';
  return `${integration.id} (${integration.type})${summary ? `: ${summary}` : ''}`;
}

/**
 * The integration an argument names: its full ID or a prefix only it has. Without one, a
 * person at a terminal picks from the list; a script is told to give the ID.
 */
export async function selectIntegration(
  ctx: CliContext,
  project: string,
  id: string | undefined,
  interactive: boolean,
): Promise<IntegrationView> {
  const integrations = await ctx.client.integration.list.query({ project });
  if (id !== undefined) return matchIntegration(integrations, id);

  if (integrations.length === 0) {
    throw new CliError('No integrations found; add one with "herald integration:add"');
  }
  if (!interactive) {
    throw new CliError(
      'An integration ID is required (run "herald integration:list" to see them)',
      EXIT.usage,
    );
  }

  return ctx.prompter.choose(
    'Choose an integration',
    integrations.map((integration) => ({
      name: describeIntegration(integration),
      value: integration,
    })),
  );
}

export function matchIntegration(integrations: IntegrationList, id: string): IntegrationView {
  return matchById(integrations, id, { noun: 'Integration', describe: describeIntegration });
}

/**
 * The one item whose ID is `id` or starts with it, as every command taking an ID accepts
 * ("an ID may be shortened to any unique start"). Not found or ambiguous: exit code 1, and
 * an ambiguous start lists what it matches.
 */
export function matchById<T extends { id: string }>(
  items: readonly T[],
  id: string,
  how: { noun: string; describe?: (item: T) => string },
): T {
  const exact = items.find((item) => item.id === id);
  if (exact) return exact;

  const matches = items.filter((item) => item.id.startsWith(id));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) throw new CliError(`${how.noun} not found: ${id}`);

  const describe = how.describe ?? ((item: T) => item.id);
  throw new CliError(
    `The ID ${id} is ambiguous; it matches:\n${matches
      .map((item) => `  ${describe(item)}`)
      .join('\n')}`,
  );
}
