import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header.tsx';
import { requireToken } from '@/lib/api.ts';

/** Everything in this group needs a token; each page's reads check it again with the API. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireToken();

  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
