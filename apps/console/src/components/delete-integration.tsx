'use client';

import { deleteIntegration } from '@/lib/actions.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** Deleting asks first; on success the action redirects to the list. */
export function DeleteIntegration({ project, id }: { project: string; id: string }) {
  return (
    <ConfirmDialog
      trigger="Delete"
      triggerClassName="button button-danger"
      titleId="delete-title"
      title={
        <>
          Delete integration <code>{id}</code>?
        </>
      }
      confirmLabel="Delete integration"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const result = await deleteIntegration(project, id);
        return result.ok ? null : result.message;
      }}
    >
      <p>
        Its settings and delivery log go with it, and deliveries still waiting are not sent. This
        cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
