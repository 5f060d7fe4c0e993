'use client';

import { projectCreateSchema } from '@herald/domain/projects';
import { type FormEvent, useState, useTransition } from 'react';
import { createProject } from '@/lib/actions.ts';
import { type FieldErrors, toFieldErrors } from '@/lib/integration-form.ts';

const id = (name: string) => `project-${name}`;
const FIELDS = ['title', 'default_branch'] as const;

/** A sentence from a schema message: "a title is required" -> "A title is required." */
function toSentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A new project, checked with the domain's schema here and again by the API. */
export function ProjectForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [pending, startTransition] = useTransition();

  function show(next: FieldErrors, text: string) {
    setErrors(next);
    setMessage(text);
    const first = FIELDS.find((name) => next[name]);
    if (first) document.getElementById(id(first))?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const branch = String(data.get('default_branch') ?? '').trim();
    const input = {
      title: String(data.get('title') ?? ''),
      ...(branch === '' ? {} : { default_branch: branch }),
    };
    const parsed = projectCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || '(input)',
        message: issue.message,
      }));
      show(toFieldErrors(issues), 'Some fields need fixing; see the messages beside them.');
      return;
    }

    show({}, '');
    startTransition(async () => {
      // On success the action goes to the new project; only a failure comes back.
      const result = await createProject(input);
      if (!result.ok) show(toFieldErrors(result.issues), result.message);
    });
  }

  const describedBy = (name: string) =>
    [`${id(name)}-hint`, errors[name] ? `${id(name)}-error` : ''].filter(Boolean).join(' ');
  const fieldError = (name: string) =>
    errors[name] && (
      <p id={`${id(name)}-error`} className="field-error">
        {toSentence(errors[name])}
      </p>
    );

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={pending}>
      {message && (
        <div className="notice notice-error" role="alert">
          <p>{message}</p>
        </div>
      )}
      <div className="field">
        <label htmlFor={id('title')}>
          Title <span className="required">(required)</span>
        </label>
        <input
          id={id('title')}
          name="title"
          type="text"
          autoComplete="off"
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy('title')}
        />
        {fieldError('title')}
        <p id={`${id('title')}-hint`} className="hint">
          What people call the project, e.g. My shop.
        </p>
      </div>
      <div className="field">
        <label htmlFor={id('default_branch')}>Default branch</label>
        <input
          id={id('default_branch')}
          name="default_branch"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="main"
          aria-invalid={errors.default_branch ? true : undefined}
          aria-describedby={describedBy('default_branch')}
        />
        {fieldError('default_branch')}
        <p id={`${id('default_branch')}-hint`} className="hint">
          It becomes the production environment. Empty means main.
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}
