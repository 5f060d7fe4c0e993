'use client';

import { useRef, useState, useTransition } from 'react';
import { changeEnvironment, type EnvironmentAction } from '@/lib/actions.ts';

export interface OfferedActions {
  activate: boolean;
  deactivate: boolean;
  /** The parent to synchronize code from, or null. */
  synchronizeFrom: string | null;
}

/**
 * The changes a caller may make to one environment. The page offers only what the caller's
 * role there allows; the API checks each call again.
 */
export function EnvironmentActions({
  project,
  environment,
  offered,
}: {
  project: string;
  environment: string;
  offered: OfferedActions;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);

  function run(action: EnvironmentAction) {
    startTransition(async () => {
      const result = await changeEnvironment(project, environment, action);
      dialog.current?.close();
      setStatus(
        result.ok
          ? { text: `Started: activity ${result.value.activity}.`, failed: false }
          : { text: result.message, failed: true },
      );
    });
  }

  const named = <span className="visually-hidden"> {environment}</span>;

  return (
    <div className="row-action">
      <div className="button-row">
        {offered.activate && (
          <button
            type="button"
            className="button button-small"
            onClick={() => run('activate')}
            disabled={pending}
          >
            Activate{named}
          </button>
        )}
        {offered.synchronizeFrom !== null && (
          <button
            type="button"
            className="button button-small"
            onClick={() => run('synchronize')}
            disabled={pending}
          >
            Sync code{named}
          </button>
        )}
        {offered.deactivate && (
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => dialog.current?.showModal()}
            disabled={pending}
          >
            Deactivate{named}
          </button>
        )}
      </div>
      <span role="status" className={status?.failed ? 'field-error' : 'quiet'}>
        {status?.text}
      </span>
      {offered.deactivate && (
        <dialog ref={dialog} className="dialog" aria-labelledby={`deactivate-${environment}`}>
          <h2 id={`deactivate-${environment}`}>Deactivate {environment}?</h2>
          <p>It stops serving; its code and data are kept, and Activate brings it back.</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              Keep it active
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => run('deactivate')}
              disabled={pending}
            >
              {pending ? 'Deactivating…' : `Deactivate ${environment}`}
            </button>
          </div>
        </dialog>
      )}
    </div>
  );
}
