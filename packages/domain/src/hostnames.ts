import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Why `name` is not a domain a project can serve, or null when it is one. */
export function describeHostnameProblem(name: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
    return 'give the host name only, without a scheme such as https://';
  }
  if (/[/?#]/.test(name)) return 'give the host name only, without a path';
  if (ipaddr.isValid(name) || ipaddr.isValid(name.replace(/^\[|\]$/g, ''))) {
    return 'use a domain name, not an IP address';
  }
  if (name.includes(':')) return 'give the host name only, without a port';
  if (name.includes('*')) return 'wildcard domains are not supported; add each host name';
  if (name.length > 253) return 'is longer than the 253 characters DNS allows';

  const labels = name.split('.');
  if (labels.length < 2) return 'needs at least two labels, such as example.com';
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return bad === ''
      ? 'has an empty label (two dots in a row, or a leading dot)'
      : `the label "${bad}" may hold only a-z, 0-9 and "-" (not first or last), 63 at most`;
  }
  if (!TOP_LEVEL.test(labels.at(-1) ?? '')) {
    return `"${labels.at(-1)}" is not a top-level domain`;
  }

  return null;
}

/** A host name as DNS allows it; lower-cased, without a trailing dot. */
export const hostnameSchema = z
  .string()
  .trim()
  .min(1, 'a domain name is required')
  .transform((name) => name.toLowerCase().replace(/\.$/, ''))
  .superRefine((name, context) => {
    const problem = describeHostnameProblem(name);
    if (problem !== null) {
      context.addIssue({ code: 'custom', message: `"${name}": ${problem}` });
    }
  });
