import Link from 'next/link';
import { signOut } from '@/lib/actions.ts';
import { projectsPath } from '@/lib/paths.ts';

export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href={projectsPath()} className="brand">
        Herald
      </Link>
      <nav aria-label="Main">
        <Link href={projectsPath()}>Projects</Link>
      </nav>
      <form action={signOut} className="sign-out">
        <button type="submit" className="button button-quiet">
          Sign out
        </button>
      </form>
    </header>
  );
}
