import { describe, expect, it } from 'vitest';
import { formatPropertyValue } from './yaml-cell.ts';

describe('formatPropertyValue', () => {
  it('writes lists as YAML items, quoting what YAML would misread', () => {
    expect(formatPropertyValue(['*'])).toBe("- '*'");
    expect(formatPropertyValue(['complete', 'in_progress'])).toBe('- complete\n- in_progress');
    expect(formatPropertyValue(['feature-*', 'true', '10'])).toBe(
      "- 'feature-*'\n- 'true'\n- '10'",
    );
    expect(formatPropertyValue(['ops@example.com', 'https://example.com/a'])).toBe(
      "- ops@example.com\n- 'https://example.com/a'",
    );
  });

  it('leaves an empty list or map an empty cell, and writes nested ones as [] and {}', () => {
    expect(formatPropertyValue([])).toBe('');
    expect(formatPropertyValue({})).toBe('');
    expect(formatPropertyValue({ main: [], staging: {} })).toBe('main: []\nstaging: {}');
  });

  it('leaves strings as they are and writes other scalars plainly', () => {
    expect(formatPropertyValue('https://hook-url.example.com')).toBe(
      'https://hook-url.example.com',
    );
    expect(formatPropertyValue('*')).toBe('*');
    expect(formatPropertyValue(true)).toBe('true');
    expect(formatPropertyValue(100)).toBe('100');
    expect(formatPropertyValue(null)).toBe('');
  });

  it('writes two levels of maps out and deeper ones inline', () => {
    expect(
      formatPropertyValue({ activity: 'abc', commits: { count: 2, heads: { main: 'f00' } } }),
    ).toBe('activity: abc\ncommits:\n    count: 2\n    heads: { main: f00 }');
  });
});
