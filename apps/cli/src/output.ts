import Table from 'cli-table3';
import { CliError, EXIT } from './errors.ts';

export const FORMATS = ['table', 'csv', 'tsv', 'plain', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface TableOptions {
  format: Format;
  /** Column names asked for with -c; `*` and `%` wildcards, `+` for the defaults. */
  columns?: string[];
  header: boolean;
  /** The terminal's width: a wider table wraps its widest cells. None when piped. */
  width?: number;
}

/** One column: `key` reads the row and names it in JSON, `header` titles it in tables. */
export interface Column {
  key: string;
  header: string;
}

export interface ColumnSet {
  all: readonly Column[];
  /** Keys shown when -c is not given; every column when left out. */
  defaults?: readonly string[];
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

/** No column is squeezed narrower than this to fit the terminal. */
const MIN_COLUMN_WIDTH = 10;

export function columnsOf(...keys: [key: string, header: string][]): Column[] {
  return keys.map(([key, header]) => ({ key, header }));
}

function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/[*%]/g, '.*');
  return new RegExp(`^${source}$`, 'i');
}

/** Splits "-c a,b c" the way the platform CLI does: on commas and whitespace. */
export function splitList(values: readonly string[] | string | undefined): string[] {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  return list.flatMap((value) => value.split(/[,\s]+/)).filter(Boolean);
}

/** The columns to show, in the order asked; a column is matched by its key or its header. */
export function selectColumns(set: ColumnSet, wanted: readonly string[] | undefined): Column[] {
  const defaults = set.defaults
    ? set.all.filter((column) => set.defaults?.includes(column.key))
    : [...set.all];
  if (!wanted?.length) return defaults;

  const chosen = wanted.flatMap((pattern) => {
    if (pattern === '+') return defaults;
    const regex = wildcardRegExp(pattern);
    const matched = set.all.filter((column) => regex.test(column.key) || regex.test(column.header));
    if (matched.length === 0) {
      throw new CliError(
        `Column not found: ${pattern} (available columns: ${describeColumns(set)})`,
        EXIT.usage,
      );
    }
    return matched;
  });

  return [...new Set(chosen)];
}

/** "id*, created*, completed" — the defaults marked, as the platform CLI lists them. */
export function describeColumns(set: ColumnSet): string {
  return set.all
    .map((column) => {
      const marked = set.defaults?.includes(column.key);
      return `${column.key}${marked ? '*' : ''}`;
    })
    .join(', ');
}

/** A list reads as `a, b`; an empty list or map is an empty cell, not `[]` or `{}`. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'object' && Object.keys(value).length === 0) return '';

  return JSON.stringify(value);
}

/**
 * Renders rows in the chosen format and returns the text for stdout. Tables and text formats
 * show cells as given (strings); JSON keeps each column's raw value under its key.
 */
export function renderRows(rows: Row[], set: ColumnSet, options: TableOptions): string {
  const shown = selectColumns(set, options.columns);
  if (options.format === 'json') {
    const objects = rows.map((row) =>
      Object.fromEntries(shown.map((column) => [column.key, row[column.key] ?? null])),
    );
    return `${JSON.stringify(objects, null, 2)}\n`;
  }

  const head = shown.map((column) => column.header);
  const cells = rows.map((row) => shown.map((column) => cellText(row[column.key])));
  if (options.format === 'table') {
    return renderTable(options.header ? head : null, cells, options.width);
  }

  const lines = options.header ? [head, ...cells] : cells;
  if (options.format === 'csv') return joinLines(lines.map((line) => delimited(line, ',')));
  if (options.format === 'tsv') return joinLines(lines.map((line) => delimited(line, '\t')));

  // Plain: tab-separated and never quoted, so a cell's newlines and tabs become spaces.
  return joinLines(
    lines.map((line) => line.map((cell) => cell.replace(/[\r\n\t]+/g, ' ')).join('\t')),
  );
}

/** The Property/Value table of one object, or its JSON, in the chosen format. */
export function renderProperties(
  properties: Record<string, unknown>,
  format: (value: unknown, property: string) => string,
  options: TableOptions,
): string {
  if (options.format === 'json') return `${JSON.stringify(properties, null, 2)}\n`;

  const rows = Object.entries(properties).map(([property, value]) => ({
    property,
    value: format(value, property),
  }));
  return renderRows(rows, PROPERTY_COLUMNS, { ...options, columns: undefined });
}

export const PROPERTY_COLUMNS: ColumnSet = {
  all: columnsOf(['property', 'Property'], ['value', 'Value']),
};

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting with LF line ends, which shells split on; TSV quotes the same way. */
function delimited(values: string[], delimiter: string): string {
  const needsQuotes = new RegExp(`["\\n\\r${delimiter}]`);
  return values
    .map((value) => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value))
    .join(delimiter);
}

function renderTable(head: string[] | null, cells: string[][], width: number | undefined) {
  const limits = columnLimits(head, cells, width);
  const wrap = (row: string[]) => row.map((cell, index) => wrapCell(cell, limits[index]));
  const table = new Table({
    ...(head ? { head: wrap(head) } : {}),
    chars: ASCII_BORDERS,
    // Compact: a rule under the header only, none between rows, as the platform CLI draws.
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  table.push(...cells.map(wrap));

  return `${table.toString()}\n`;
}

function lineWidths(cell: string): number {
  return Math.max(0, ...cell.split('\n').map((line) => line.length));
}

/**
 * The widest each column may be so the table fits `width`: the widest column gives way
 * first, down to the next widest, until the table fits or every column is at the minimum.
 */
function columnLimits(head: string[] | null, cells: string[][], width: number | undefined) {
  const count = head?.length ?? cells[0]?.length ?? 0;
  const natural = Array.from({ length: count }, (_, index) =>
    Math.max(lineWidths(head?.[index] ?? ''), ...cells.map((row) => lineWidths(row[index] ?? ''))),
  );
  const limits: (number | undefined)[] = natural.map(() => undefined);
  if (width === undefined) return limits;

  // Each column has one space of padding on each side, and there is one border more than columns.
  const available = width - (count + 1) - 2 * count;
  const current = [...natural];
  let excess = current.reduce((sum, columnWidth) => sum + columnWidth, 0) - available;
  while (excess > 0) {
    const widest = Math.max(...current);
    const index = current.indexOf(widest);
    if (widest <= MIN_COLUMN_WIDTH) break;
    const next = Math.max(MIN_COLUMN_WIDTH, ...current.filter((_, other) => other !== index));
    const target = Math.max(next, widest - excess, MIN_COLUMN_WIDTH);
    current[index] = target;
    limits[index] = target;
    excess -= widest - target;
  }

  return limits;
}

/** Wraps at spaces to `limit` columns; a word longer than the limit is cut. */
export function wrapCell(cell: string, limit: number | undefined): string {
  if (limit === undefined) return cell;

  return cell
    .split('\n')
    .flatMap((line) => {
      if (line.length <= limit) return [line];
      const wrapped: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        for (const piece of word.match(new RegExp(`.{1,${limit}}`, 'g')) ?? ['']) {
          if (current === '') current = piece;
          else if (current.length + 1 + piece.length <= limit) current += ` ${piece}`;
          else {
            wrapped.push(current);
            current = piece;
          }
        }
      }
      wrapped.push(current);
      return wrapped;
    })
    .join('\n');
}
