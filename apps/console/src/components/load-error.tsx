import type { ApiFailure } from '@/lib/api-errors.ts';

/** A read that failed, said in words, with the one thing to try. */
export function LoadError({ failure, what }: { failure: ApiFailure; what: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {failure.message}
      </p>
      <p>Reload the page to try again.</p>
    </div>
  );
}
