import { describe, expect, it } from 'vitest';
import { pageHref, readCursor, toPage } from './paging.ts';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe('pages of a list', () => {
  it('shows the newest rows first, and "Older" only when there are more', () => {
    expect(toPage(rows('e', 'd', 'c'), 2, {})).toEqual({
      rows: rows('e', 'd'),
      older: 'd',
      newer: null,
      reachedNewest: false,
    });
    expect(toPage(rows('b', 'a'), 2, {}).older).toBeNull();
  });

  it('offers "Newer" on an older page', () => {
    expect(toPage(rows('c', 'b', 'a'), 2, { before: 'd' })).toEqual({
      rows: rows('c', 'b'),
      older: 'b',
      newer: 'c',
      reachedNewest: false,
    });
  });

  it('pages back towards the newest and says when it got there', () => {
    // Asked for rows after "b": the API sends the three nearest, newest first.
    expect(toPage(rows('e', 'd', 'c'), 2, { after: 'b' })).toEqual({
      rows: rows('d', 'c'),
      older: 'c',
      newer: 'd',
      reachedNewest: false,
    });
    expect(toPage(rows('d', 'c'), 2, { after: 'b' }).reachedNewest).toBe(true);
  });

  it('reads one cursor from the search parameters and writes links that keep the others', () => {
    expect(readCursor({ before: 'x', after: 'y' })).toEqual({ before: 'x' });
    expect(readCursor({ after: ['y', 'z'] })).toEqual({});
    expect(pageHref('/p', { environment: 'main' }, { before: 'a b' })).toBe(
      '/p?environment=main&before=a+b',
    );
    expect(pageHref('/p', { environment: undefined }, {})).toBe('/p');
  });
});
