/**
 * Formats a property value the way the platform CLI shows it in Property/Value tables: a list
 * as YAML lines (`- '*'`), an empty list or map as `{  }`, scalars as they are.
 */
export function formatPropertyValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '{  }';
    return value.map((item) => `- ${yamlScalar(item)}`).join('\n');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{  }';
    return entries.map(([key, item]) => `${key}: ${yamlScalar(item)}`).join('\n');
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';

  return String(value);
}

function yamlScalar(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  // Quote what YAML would read as something else: indicators, wildcards, numbers, booleans.
  if (/^[\w./-]+$/.test(value) && !/^(true|false|null|~|\d[\d.]*)$/i.test(value)) return value;

  return `'${value.replace(/'/g, "''")}'`;
}
