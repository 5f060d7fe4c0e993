/**
 * "Older" and "Newer" through a list the API returns newest first. A page asks the API for
 * one row more than it shows: that row says whether there is more beyond.
 */

export interface Cursor {
  /** Rows older than this id. */
  before?: string;
  /** Rows just newer than this id. */
  after?: string;
}

export interface Page<T> {
  rows: T[];
  /** The cursor for the next older page, or null at the oldest. */
  older: string | null;
  /** The cursor for the next newer page, or null on the newest. */
  newer: string | null;
  /** True when a "Newer" page reached the top: show the newest page instead. */
  reachedNewest: boolean;
}

/** The cursor in a page's search parameters; one of the two at most. */
export function readCursor(search: Record<string, string | string[] | undefined>): Cursor {
  const pick = (value: string | string[] | undefined) =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const before = pick(search.before);
  if (before !== undefined) return { before };
  const after = pick(search.after);
  return after !== undefined ? { after } : {};
}

/** Cuts what the API returned (up to size + 1 rows, newest first) into the page to show. */
export function toPage<T extends { id: string }>(rows: T[], size: number, cursor: Cursor): Page<T> {
  const more = rows.length > size;
  if (cursor.after !== undefined) {
    // The rows nearest the cursor are the oldest ones returned; the extra row is the newest.
    const shown = more ? rows.slice(rows.length - size) : rows;
    return {
      rows: shown,
      older: shown.at(-1)?.id ?? cursor.after,
      newer: more ? (shown[0]?.id ?? null) : null,
      reachedNewest: !more,
    };
  }

  const shown = rows.slice(0, size);
  return {
    rows: shown,
    older: more ? (shown.at(-1)?.id ?? null) : null,
    newer: cursor.before !== undefined ? (shown[0]?.id ?? null) : null,
    reachedNewest: false,
  };
}

/** A link to another page of the same list, keeping the page's other search parameters. */
export function pageHref(
  path: string,
  search: Record<string, string | undefined>,
  cursor: Cursor,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...search, ...cursor })) {
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
