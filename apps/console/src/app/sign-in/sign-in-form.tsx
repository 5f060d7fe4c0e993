'use client';

import { useActionState } from 'react';
import { type SignInState, signIn } from '@/lib/actions.ts';

const INITIAL: SignInState = { message: '' };

export function SignInForm() {
  const [state, action, pending] = useActionState(signIn, INITIAL);
  const invalid = state.message !== '';

  return (
    <form action={action} className="form" noValidate>
      <div className="field">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'token-error' : undefined}
        />
        {invalid && (
          <p id="token-error" className="field-error" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
