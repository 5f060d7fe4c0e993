import { describe, expect, it } from 'vitest';
import { describeHostnameProblem, hostnameSchema } from './hostnames.ts';

describe('host names', () => {
  it('takes DNS names, lower-cased and without the trailing dot', () => {
    expect(hostnameSchema.parse('Shop.Example.COM.')).toBe('shop.example.com');
    expect(hostnameSchema.parse('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
    expect(hostnameSchema.parse('a-b.c-d.example.io')).toBe('a-b.c-d.example.io');
  });

  it.each([
    ['https://example.com', 'scheme'],
    ['example.com/shop', 'path'],
    ['example.com:443', 'port'],
    ['192.0.2.1', 'IP address'],
    ['[2001:db8::1]', 'IP address'],
    ['*.example.com', 'wildcard'],
    ['localhost', 'two labels'],
    ['shop..example.com', 'empty label'],
    ['-shop.example.com', 'the label "-shop"'],
    ['shop.example.123', 'not a top-level domain'],
    [`${'a'.repeat(64)}.example.com`, '63 at most'],
  ])('refuses %s and says why (%s)', (name, reason) => {
    expect(describeHostnameProblem(name)).toContain(reason);
    expect(hostnameSchema.safeParse(name).success).toBe(false);
  });
});
