'use client';

/** The last resort when a page throws: words and a retry, never a stack trace. */
export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="notice notice-error" role="alert">
      <h1>This page could not be shown</h1>
      <p>
        Something failed while preparing it. Try again; if it keeps failing, the console's log has
        the details
        {error.digest ? ` under the reference ${error.digest}` : ''}.
      </p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
