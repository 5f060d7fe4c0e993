import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { readToken } from '@/lib/api.ts';
import { projectsPath } from '@/lib/paths.ts';
import { SignInForm } from './sign-in-form.tsx';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, string> = {
  rejected: 'Your API token is no longer accepted. Sign in with a valid one.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  if (reason === undefined && (await readToken()) !== undefined) {
    redirect(projectsPath());
  }

  const notice = typeof reason === 'string' ? REASONS[reason] : undefined;

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Herald</h1>
      {notice && (
        <p className="notice notice-error" role="alert">
          {notice}
        </p>
      )}
      <SignInForm />
      <p className="hint">
        The server writes an admin token to <code>$HERALD_DATA_DIR/admin-token</code> on its first
        start. The console keeps it in an http-only cookie; page scripts never see it.
      </p>
    </main>
  );
}
