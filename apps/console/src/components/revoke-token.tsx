'use client';

import { revokeToken } from '@/lib/actions.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** Revoking asks first: the token stops working with its next request. */
export function RevokeToken({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmDialog
      trigger={
        <>
          Revoke<span className="visually-hidden"> token {name}</span>
        </>
      }
      triggerClassName="button button-small button-danger"
      titleId={`revoke-${id}`}
      title={<>Revoke the token "{name}"?</>}
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        const result = await revokeToken(id);
        return result.ok ? null : result.message;
      }}
    >
      <p>Whatever uses it is refused from its next request on. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
