'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-renders the page's server components every `intervalMs` while the tab is visible, so
 * running activities and new deliveries show up without a reload. Form state is kept.
 */
export function AutoRefresh({ intervalMs, label }: { intervalMs: number; label: string }) {
  const router = useRouter();

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);

  return <p className="live-note">{label}</p>;
}
