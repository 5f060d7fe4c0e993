import { findIntegrationType, invalid } from '@herald/domain';
import type { Herald } from './herald.ts';

/**
 * The save-time check of every URL an integration will send to: an address Herald refuses is an
 * error naming the field; a name that does not resolve yet is saved with a warning (the sender
 * checks again at every send). Returns the warnings.
 */
export async function checkIntegrationTargets(
  herald: Herald,
  type: string,
  settings: Record<string, unknown>,
): Promise<string[]> {
  const spec = findIntegrationType(type);
  if (spec === undefined) {
    return [];
  }

  const warnings: string[] = [];
  for (const field of spec.fields) {
    const value = settings[field.name];
    // A value that is not an http(s) URL is left for the type's schema to refuse.
    if (field.kind !== 'url' || typeof value !== 'string' || !isHttpUrl(value)) continue;

    const check = await herald.outbound.checkTarget(value.trim());
    if (check.status === 'refused') {
      throw invalid(`The ${field.name} cannot be used: ${check.message}`, [
        { field: field.name, message: check.message },
      ]);
    }
    if (check.status === 'unresolved') {
      warnings.push(`${field.name}: ${check.message}`);
    }
  }

  return warnings;
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value.trim()) && ['http:', 'https:'].includes(new URL(value.trim()).protocol);
}
