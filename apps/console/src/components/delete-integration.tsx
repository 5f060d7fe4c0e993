'use client';

import { useRef, useState, useTransition } from 'react';
import { deleteIntegration } from '@/lib/actions.ts';

/** Deleting asks first, in a modal dialog that Escape or "Keep it" closes. */
export function DeleteIntegration({ project, id }: { project: string; id: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState('');

  function confirm() {
    startTransition(async () => {
      // On success the action redirects to the list; only a failure comes back here.
      const result = await deleteIntegration(project, id);
      if (!result.ok) setError(result.message);
    });
  }

  return (
    <>
      <button
        type="button"
        className="button button-danger"
        onClick={() => {
          setError('');
          dialog.current?.showModal();
        }}
      >
        Delete
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="delete-title">
        <h2 id="delete-title">
          Delete integration <code>{id}</code>?
        </h2>
        <p>
          Its settings and delivery log go with it, and deliveries still waiting are not sent. This
          cannot be undone.
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Keep it
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={confirm}
            disabled={pending}
          >
            {pending ? 'Deleting…' : 'Delete integration'}
          </button>
        </div>
      </dialog>
    </>
  );
}
