/**
 * Formats a property value the way the platform CLI shows it in Property/Value tables: a
 * string as it is, anything else as YAML — a list as `- item` lines (`- '*'`), two levels
 * written out and deeper ones inline (`{ key: value }`). An empty list or map is an empty
 * cell: the platform CLI's `{  }` read as a stray pair of braces to people.
 */
export function formatPropertyValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isCollection(value) && isEmpty(value)) return '';

  return dumpBlock(value, 0);
}

/** Levels written out in block style; deeper values are written inline. */
const BLOCK_LEVELS = 2;
const INDENT = '    ';

function dumpBlock(value: unknown, level: number): string {
  if (level >= BLOCK_LEVELS || !isCollection(value) || isEmpty(value)) return dumpInline(value);

  if (Array.isArray(value)) {
    return value.map((item) => nested('-', item, level)).join('\n');
  }
  return Object.entries(value)
    .map(([key, item]) => nested(`${yamlKey(key)}:`, item, level))
    .join('\n');
}

/** One `- item` or `key: value` entry; a non-empty collection goes on the lines below. */
function nested(lead: string, item: unknown, level: number): string {
  if (isCollection(item) && !isEmpty(item) && level + 1 < BLOCK_LEVELS) {
    const body = dumpBlock(item, level + 1)
      .split('\n')
      .map((line) => INDENT + line)
      .join('\n');
    return `${lead}\n${body}`;
  }

  return `${lead} ${dumpInline(item)}`;
}

function dumpInline(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(dumpInline).join(', ')}]`;
  }
  if (isCollection(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${yamlKey(key)}: ${dumpInline(item)}`).join(', ')} }`;
  }

  return yamlScalar(value);
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function yamlKey(key: string): string {
  return yamlScalar(key);
}

/**
 * Plain unless YAML could read it otherwise: the platform CLI's YAML writer quotes any string
 * with a space, quote, colon, bracket, comma, `&`, `*`, `#` or `?` in it, one that starts
 * with an indicator (`-`, `|`, `>`, `@`, …), and one that reads as a boolean, null or number.
 */
export function yamlScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);

  const quoted =
    value === '' ||
    /[\s'":{}[\],&*#?]/.test(value) ||
    /^[-?|<>=!%@`]/.test(value) ||
    /^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*)?\.?\d+(e[-+]?\d+)?)$/i.test(value);
  return quoted ? `'${value.replace(/'/g, "''")}'` : value;
}
