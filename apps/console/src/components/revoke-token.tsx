'use client';

import { useRef, useState, useTransition } from 'react';
import { revokeToken } from '@/lib/actions.ts';

/** Revoking asks first: the token stops working with its next request. */
export function RevokeToken({ id, name }: { id: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState('');

  function confirm() {
    startTransition(async () => {
      const result = await revokeToken(id);
      if (result.ok) dialog.current?.close();
      else setError(result.message);
    });
  }

  return (
    <>
      <button
        type="button"
        className="button button-small button-danger"
        onClick={() => {
          setError('');
          dialog.current?.showModal();
        }}
      >
        Revoke<span className="visually-hidden"> token {name}</span>
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`revoke-${id}`}>
        <h2 id={`revoke-${id}`}>Revoke the token "{name}"?</h2>
        <p>Whatever uses it is refused from its next request on. This cannot be undone.</p>
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
            {pending ? 'Revoking…' : 'Revoke token'}
          </button>
        </div>
      </dialog>
    </>
  );
}
