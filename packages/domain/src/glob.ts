const cache = new Map<string, RegExp>();

/**
 * Shell-style pattern match: `*` is any run of characters (dots included, so
 * `environment.variable.*` covers every variable event), `?` is one character.
 */
export function matchesGlob(pattern: string, value: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return pattern === value;
  }

  return globToRegExp(pattern).test(value);
}

export function globToRegExp(pattern: string): RegExp {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    const source = pattern
      .split('')
      .map((char) => {
        if (char === '*') return '.*';
        if (char === '?') return '.';
        return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    compiled = new RegExp(`^${source}$`, 's');
    cache.set(pattern, compiled);
  }

  return compiled;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
