import type { Metadata } from 'next';
import { Badge } from '@/components/badges.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { RevokeToken } from '@/components/revoke-token.tsx';
import { TokenForm } from '@/components/token-form.tsx';
import { load } from '@/lib/api.ts';
import { loadCaller } from '@/lib/caller.ts';
import { formatTime } from '@/lib/format.ts';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const caller = await loadCaller();
  if (caller.ok && !caller.data.installation_admin) {
    return (
      <>
        <h1>API tokens</h1>
        <p className="notice">
          Only installation admins manage tokens. Yours is "{caller.data.token.name}" (
          <code>{caller.data.token.prefix}…</code>).
        </p>
      </>
    );
  }

  const loaded = await load((api) =>
    Promise.all([api.auth.token.list.query(), api.project.list.query()]),
  );
  if (!loaded.ok) {
    return <LoadError failure={loaded.failure} what="the tokens" />;
  }

  const [tokens, projects] = loaded.data;

  return (
    <>
      <h1>API tokens</h1>
      <p>
        A token signs in here and authenticates the CLI (<code>HERALD_TOKEN</code>) and deploy
        pipelines. It is shown once, when it is made; Herald keeps only its hash and its first
        characters.
      </p>
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Acts as</th>
              <th scope="col">Roles</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-token={token.name}>
                <td data-label="Name">
                  {token.name}
                  <span className="sub">
                    <code>{token.id}</code>
                  </span>
                </td>
                <td data-label="Starts with">
                  <code>{token.prefix}…</code>
                </td>
                <td data-label="Acts as">{token.user ?? 'installation admin'}</td>
                <td data-label="Roles" className="wrap">
                  {token.role === 'admin'
                    ? 'admin of every project'
                    : token.projects
                        .map((membership) => `${membership.project}: ${membership.role}`)
                        .join(', ') || 'none yet'}
                </td>
                <td data-label="Created">{formatTime(token.created_at)}</td>
                <td data-label="Status">
                  {token.revoked_at ? (
                    <>
                      <Badge tone="muted">revoked</Badge>
                      <span className="sub">{formatTime(token.revoked_at)}</span>
                    </>
                  ) : (
                    <>
                      <Badge tone="good">active</Badge>
                      <RevokeToken id={token.id} name={token.name} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="create-heading">
        <h2 id="create-heading">Create a token</h2>
        <TokenForm
          projects={projects.map((project) => ({ id: project.id, title: project.title }))}
        />
      </section>
    </>
  );
}
