import Link from 'next/link';
import { signOut } from '@/lib/actions.ts';
import { loadCaller } from '@/lib/caller.ts';
import { projectsPath, tokensPath } from '@/lib/paths.ts';

export async function SiteHeader() {
  const caller = await loadCaller();
  const token = caller.ok ? caller.data.token : null;

  return (
    <header className="site-header">
      <Link href={projectsPath()} className="brand">
        Herald
      </Link>
      <nav aria-label="Main">
        <Link href={projectsPath()}>Projects</Link>
        {caller.ok && caller.data.installation_admin && <Link href={tokensPath()}>Tokens</Link>}
      </nav>
      {token && (
        <span className="who" title={`Token ${token.prefix}…`}>
          {token.user ?? token.name}
        </span>
      )}
      <form action={signOut} className="sign-out">
        <button type="submit" className="button button-quiet">
          Sign out
        </button>
      </form>
    </header>
  );
}
