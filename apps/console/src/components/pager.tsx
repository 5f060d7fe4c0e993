import Link from 'next/link';
import { type Page, pageHref } from '@/lib/paging.ts';

/** "Newer" and "Older" under a list; absent where there is nothing that way. */
export function Pager({
  page,
  path,
  search,
  label,
}: {
  page: Page<unknown>;
  path: string;
  search: Record<string, string | undefined>;
  /** What the list holds, for screen readers: "activities", "deliveries". */
  label: string;
}) {
  if (page.newer === null && page.older === null) return null;

  return (
    <nav className="pager" aria-label={`Pages of ${label}`}>
      {page.newer !== null && (
        <Link href={pageHref(path, search, { after: page.newer })} rel="prev">
          ← Newer
        </Link>
      )}
      {page.older !== null && (
        <Link href={pageHref(path, search, { before: page.older })} rel="next">
          Older →
        </Link>
      )}
    </nav>
  );
}
