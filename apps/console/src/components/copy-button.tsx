'use client';

import { useState } from 'react';

/** Copies `value` to the clipboard and says so; the value itself stays visible beside it. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied');
    } catch {
      setStatus('Copy failed: select the text and copy it by hand');
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button-small" onClick={copy} aria-label={label}>
        Copy
      </button>
      <span className="copy-status" role="status">
        {status}
      </span>
    </span>
  );
}
