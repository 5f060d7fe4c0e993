'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { integrationsPath, projectPath } from '@/lib/paths.ts';

export function ProjectNav({ project }: { project: string }) {
  const pathname = usePathname();
  const settings = integrationsPath(project);
  const tabs = [
    { href: projectPath(project), label: 'Overview', current: !pathname.includes('/settings/') },
    { href: settings, label: 'Settings › Integrations', current: pathname.startsWith(settings) },
  ];

  return (
    <nav aria-label="Project" className="tabs">
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={tab.current ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
