import Table from 'cli-table3';
import { CliError, EXIT } from './errors.ts';

export const FORMATS = ['table', 'csv', 'tsv', 'plain', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface TableOptions {
  format: Format;
  /** Column names to show; `*` wildcards allowed. Empty means the default columns. */
  columns?: string[];
  header: boolean;
}

export type Row = Record<string, unknown>;

/** The platform CLI's ASCII table borders. */
const ASCII_BORDERS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
};

export function selectColumns(all: readonly string[], wanted: readonly string[] | undefined) {
  if (!wanted?.length) return [...all];

  return wanted.flatMap((pattern) => {
    const regex = new RegExp(
      `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
      'i',
    );
    const matched = all.filter((column) => regex.test(column));
    if (matched.length === 0) {
      throw new CliError(
        `Column not found: ${pattern} (available columns: ${all.join(', ')})`,
        EXIT.usage,
      );
    }
    return matched;
  });
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  return JSON.stringify(value);
}

/** Renders rows as the chosen format; returns the text for stdout. */
export function renderRows(rows: Row[], columns: readonly string[], options: TableOptions): string {
  const shown = selectColumns(columns, options.columns);
  if (options.format === 'json') {
    return `${JSON.stringify(
      rows.map((row) => Object.fromEntries(shown.map((column) => [column, row[column]]))),
      null,
      2,
    )}\n`;
  }

  const cells = rows.map((row) => shown.map((column) => cellText(row[column])));
  if (options.format === 'table') {
    const table = new Table({
      ...(options.header ? { head: shown } : {}),
      chars: ASCII_BORDERS,
      style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    });
    table.push(...cells);
    return `${table.toString()}\n`;
  }

  const lines = options.header ? [shown, ...cells] : cells;
  if (options.format === 'csv') return `${lines.map(csvLine).join('\n')}\n`;
  if (options.format === 'tsv') return `${lines.map((line) => line.join('\t')).join('\n')}\n`;

  return `${lines.map((line) => line.join('\t')).join('\n')}\n`;
}

function csvLine(values: string[]): string {
  return values
    .map((value) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value))
    .join(',');
}
