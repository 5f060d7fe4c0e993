'use client';

import { useState, useTransition } from 'react';
import { sendTestEvent } from '@/lib/actions.ts';

interface Outcome {
  ok: boolean;
  lines: string[];
}

/**
 * Asks the API to check the integration: for a webhook, a signed test delivery to its URL,
 * whose answer is reported here and never retried. The outcome stays until the next try.
 */
export function TestEventButton({
  project,
  id,
  label,
}: {
  project: string;
  id: string;
  label: string;
}) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function send() {
    startTransition(async () => {
      const result = await sendTestEvent(project, id);
      if (!result.ok) {
        setOutcome({ ok: false, lines: [result.message] });
      } else if (result.value.valid) {
        setOutcome({ ok: true, lines: result.value.checks });
      } else {
        setOutcome({ ok: false, lines: result.value.errors });
      }
    });
  }

  return (
    <>
      <button type="button" className="button" onClick={send} disabled={pending}>
        {pending ? 'Sending…' : label}
      </button>
      <div role="status" aria-live="polite" className="test-outcome">
        {outcome && (
          <div className={`notice ${outcome.ok ? 'notice-good' : 'notice-error'}`}>
            <p>
              <strong>{outcome.ok ? 'It works. Checked:' : 'It does not work yet:'}</strong>
            </p>
            <ul>
              {outcome.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </>
  );
}
