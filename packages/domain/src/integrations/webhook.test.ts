import { describe, expect, it } from 'vitest';
import { INTEGRATION_TYPES } from './index.ts';
import { httpUrlSchema, MAX_URL_LENGTH } from './webhook.ts';

/** An https URL exactly `length` characters long. */
function urlOfLength(length: number): string {
  const start = 'https://example.com/';
  return start + 'a'.repeat(length - start.length);
}

describe('URL fields', () => {
  it('accept a URL of 2,048 characters and refuse a longer one, naming the limit', () => {
    expect(MAX_URL_LENGTH).toBe(2048);
    expect(httpUrlSchema.safeParse(urlOfLength(2048)).success).toBe(true);

    const refused = httpUrlSchema.safeParse(urlOfLength(100_000));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      'must be at most 2,048 characters long',
    ]);
  });

  it('cap every URL field of every integration type', () => {
    const urlFields = INTEGRATION_TYPES.flatMap((spec) =>
      spec.fields.filter((field) => field.kind === 'url').map((field) => ({ spec, field })),
    );
    expect(urlFields.length).toBeGreaterThanOrEqual(4);

    for (const { spec, field } of urlFields) {
      const shape = (spec.schema as unknown as { shape: Record<string, typeof httpUrlSchema> })
        .shape;
      const parsed = shape[field.name]!.safeParse(urlOfLength(2049));
      expect(parsed.error?.issues[0]?.message, `${spec.type}.${field.name}`).toContain('2,048');
    }
  });
});
