import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_COLUMNS, activityRow } from './activity-format.ts';
import { INTEGRATION_COLUMNS } from './commands/integrations.ts';
import { type Format, renderProperties, renderRows, type TableOptions } from './output.ts';
import { formatPropertyValue } from './yaml-cell.ts';

function golden(name: string): string {
  return readFileSync(join(import.meta.dirname, '__golden__', name), 'utf8');
}

function options(format: Format, extra: Partial<TableOptions> = {}): TableOptions {
  return { format, header: true, ...extra };
}

/** The integrations of the seed page's integration:list sample. */
const SEED_INTEGRATIONS = [
  {
    id: '<int-id>',
    type: 'bitbucket',
    summary:
      'Repository: user/magento-int\n' +
      'Hook URL: https://magento-url.cloud/api/projects/projectID/integrations/int-ID/hook',
  },
  { id: '<int-id>', type: 'health.email', summary: 'From: you@example.com\nTo: them@example.com' },
];

/** The webhook of the seed page's integration:add sample, properties in the seed's order. */
const SEED_WEBHOOK = {
  id: 'integration-ID',
  type: 'webhook',
  events: ['*'],
  environments: ['*'],
  excluded_environments: [],
  states: ['complete'],
  url: 'https://hook-url.example.com',
};

function activity(overrides: Partial<Activity>): Activity {
  return {
    id: 'a',
    type: 'integration.webhook',
    project: 'abcdefghijklm',
    environments: ['main'],
    state: 'complete',
    result: 'success',
    created_at: '2024-05-01T10:00:00.000Z',
    started_at: '2024-05-01T10:00:00.120Z',
    updated_at: '2024-05-01T10:00:01.000Z',
    completed_at: '2024-05-01T10:00:01.000Z',
    cancelled_at: null,
    completion_percent: 100,
    parameters: {},
    payload: {},
    description: '',
    text: '',
    log: '',
    integration: 'iuqq4h25clxfl',
    ...overrides,
  };
}

const ACTIVITIES = [
  activity({
    id: 'cd2cwooh4croj',
    created_at: '2024-05-01T10:05:00.000Z',
    state: 'in_progress',
    result: null,
    completed_at: null,
    completion_percent: 0,
    description: 'Delivery of environment.push (complete) to webhook integration iuqq4h25clxfl',
  }),
  activity({
    id: 'rqyey4jnoza7w',
    created_at: '2024-05-01T10:00:00.000Z',
    result: 'failure',
    description: 'Delivery of environment.branch (complete) to webhook integration iuqq4h25clxfl',
  }),
  activity({
    id: 'wxmktube4esgp',
    created_at: '2024-04-30T23:59:59.500Z',
    completed_at: '2024-05-01T00:00:02.000Z',
    description: 'Delivery of environment.variable.create (complete) to webhook integration',
  }),
];

describe('the seed page tables', () => {
  it('integration:list wraps the summary to fit a 110-column terminal as the seed shows', () => {
    const table = renderRows(
      SEED_INTEGRATIONS,
      INTEGRATION_COLUMNS,
      options('table', { width: 110 }),
    );

    expect(table).toBe(golden('seed-integration-list.txt'));
  });

  it('integration:list leaves cells whole when piped (no terminal width)', () => {
    const table = renderRows(SEED_INTEGRATIONS, INTEGRATION_COLUMNS, options('table'));

    expect(table).toContain(
      '| Hook URL: https://magento-url.cloud/api/projects/projectID/integrations/int-ID/hook |',
    );
  });

  it('integration:add shows the Property/Value table of the seed', () => {
    const table = renderProperties(SEED_WEBHOOK, formatPropertyValue, options('table'));

    expect(table).toBe(golden('seed-integration-add.txt'));
  });

  it('integration:update shows the same table with the changed states', () => {
    const updated = { ...SEED_WEBHOOK, states: ['pending'] };
    const table = renderProperties(updated, formatPropertyValue, options('table'));

    expect(table).toBe(golden('seed-integration-update.txt'));
  });
});

describe('the activity list table', () => {
  it('shows the platform columns, dates as the platform prints them', () => {
    const table = renderRows(ACTIVITIES.map(activityRow), ACTIVITY_COLUMNS, options('table'));

    expect(table).toBe(golden('activity-list.txt'));
  });

  it('shows the other columns when asked with -c, + standing for the defaults', () => {
    const table = renderRows(
      ACTIVITIES.map(activityRow),
      ACTIVITY_COLUMNS,
      options('csv', { columns: ['id', 'completed', 'progress', 'stat*'] }),
    );

    expect(table.split('\n')[0]).toBe('ID,Completed,Progress,State');
    expect(table.split('\n')[2]).toBe('rqyey4jnoza7w,2024-05-01T10:00:01+00:00,100%,complete');
    const all = renderRows(ACTIVITIES.map(activityRow), ACTIVITY_COLUMNS, {
      ...options('tsv'),
      columns: ['+', 'progress'],
    });
    expect(all.split('\n')[0]).toBe('ID\tCreated\tDescription\tType\tState\tResult\tProgress');
  });

  it('refuses an unknown column, naming the ones there are', () => {
    expect(() =>
      renderRows([], ACTIVITY_COLUMNS, options('table', { columns: ['colour'] })),
    ).toThrow(
      'Column not found: colour (available columns: id*, created*, completed, description*, ' +
        'progress, type*, state*, result*)',
    );
  });
});

describe.each([
  ['csv', 'csv'],
  ['tsv', 'tsv'],
  ['plain', 'plain.txt'],
  // Not .json: the formatter would rewrite the golden files' layout.
  ['json', 'json.txt'],
] as const)('the %s format', (format, extension) => {
  it('writes the integration list', () => {
    const text = renderRows(SEED_INTEGRATIONS, INTEGRATION_COLUMNS, options(format));

    expect(text).toBe(golden(`integration-list.${extension}`));
  });

  it('writes the activity list', () => {
    const text = renderRows(ACTIVITIES.map(activityRow), ACTIVITY_COLUMNS, options(format));

    expect(text).toBe(golden(`activity-list.${extension}`));
  });

  it('writes the properties of an integration', () => {
    const text = renderProperties(SEED_WEBHOOK, formatPropertyValue, options(format));

    expect(text).toBe(golden(`integration-properties.${extension}`));
  });
});

describe('--no-header', () => {
  it('leaves out the header row of tables and text formats alike', () => {
    const table = renderRows(SEED_INTEGRATIONS, INTEGRATION_COLUMNS, {
      ...options('table'),
      header: false,
    });
    const csv = renderRows(SEED_INTEGRATIONS, INTEGRATION_COLUMNS, {
      ...options('csv'),
      header: false,
    });

    expect(table).not.toContain('Summary');
    expect(csv.startsWith('<int-id>,bitbucket,')).toBe(true);
  });
});
