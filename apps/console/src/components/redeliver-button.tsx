'use client';

import { useState, useTransition } from 'react';
import { redeliver } from '@/lib/actions.ts';

export function RedeliverButton({
  project,
  integration,
  delivery,
}: {
  project: string;
  integration: string;
  delivery: string;
}) {
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);

  function send() {
    startTransition(async () => {
      const result = await redeliver(project, integration, delivery);
      setStatus(
        result.ok
          ? { text: result.value.message, failed: false }
          : { text: result.message, failed: true },
      );
    });
  }

  return (
    <div className="row-action">
      <button type="button" className="button button-small" onClick={send} disabled={pending}>
        {pending ? 'Sending…' : 'Redeliver'}
        <span className="visually-hidden"> delivery {delivery}</span>
      </button>
      <span role="status" className={status?.failed ? 'field-error' : 'quiet'}>
        {status?.text}
      </span>
    </div>
  );
}
