'use client';

import { type ReactNode, useRef, useState, useTransition } from 'react';

/**
 * A button that asks before it acts, in a modal dialog that Escape or the keep button closes.
 * `onConfirm` answers with the message to show when the action failed, or null when it
 * succeeded (the dialog then closes, unless the action navigated away first).
 */
export function ConfirmDialog({
  trigger,
  triggerClassName,
  titleId,
  title,
  children,
  confirmLabel,
  pendingLabel,
  onConfirm,
}: {
  trigger: ReactNode;
  triggerClassName: string;
  titleId: string;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => Promise<string | null>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState('');

  function confirm() {
    startTransition(async () => {
      const failure = await onConfirm();
      if (failure === null) dialog.current?.close();
      else setError(failure);
    });
  }

  return (
    <>
      <button
        type="button"
        className={triggerClassName}
        onClick={() => {
          setError('');
          dialog.current?.showModal();
        }}
      >
        {trigger}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={titleId}>
        <h2 id={titleId}>{title}</h2>
        {children}
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
            {pending ? pendingLabel : confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
