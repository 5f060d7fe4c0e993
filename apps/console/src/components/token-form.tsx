'use client';

import type { ProjectRole } from '@herald/domain/access';
import { PROJECT_ROLES, projectUserSchema } from '@herald/domain/access';
import { type FormEvent, useState, useTransition } from 'react';
import { type CreatedToken, createToken, type TokenInput } from '@/lib/actions.ts';
import { type FieldErrors, toFieldErrors } from '@/lib/integration-form.ts';
import { CopyButton } from './copy-button.tsx';

const id = (name: string) => `token-${name}`;

type ReadResult = { ok: true; input: TokenInput } | { ok: false; errors: FieldErrors };

/** `production:viewer, feature-x:contributor` into a role per environment, or a message. */
function parseEnvironmentRoles(text: string): Record<string, ProjectRole> | string {
  const roles: Record<string, ProjectRole> = {};
  for (const pair of text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [environment, role] = pair.split(':').map((part) => part.trim());
    if (!environment || !PROJECT_ROLES.includes(role as ProjectRole)) {
      return `"${pair}" is not environment:role; roles are ${PROJECT_ROLES.join(', ')}`;
    }
    roles[environment] = role as ProjectRole;
  }

  return roles;
}

export function TokenForm({ projects }: { projects: { id: string; title: string }[] }) {
  const [kind, setKind] = useState<'member' | 'admin'>('member');
  const [project, setProject] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [pending, startTransition] = useTransition();

  function readInput(form: HTMLFormElement): ReadResult {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const errors: FieldErrors = {};
    if (text('name') === '') errors.name = 'A name is required.';

    const input: TokenInput = { name: text('name') };
    if (kind === 'admin') {
      input.admin = true;
    } else {
      if (text('user') !== '') {
        const user = projectUserSchema.safeParse(text('user'));
        if (user.success) input.user = user.data;
        else errors.user = user.error.issues[0]?.message ?? 'is not a valid user';
      }
      if (project !== '') {
        input.project = project;
        input.role = text('role') as ProjectRole;
        const roles = parseEnvironmentRoles(text('environment_roles'));
        if (typeof roles === 'string') errors.environment_roles = roles;
        else if (Object.keys(roles).length > 0) input.environment_roles = roles;
      }
    }

    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const read = readInput(form);
    if (!read.ok) {
      show(read.errors, 'Some fields need fixing; see the messages beside them.');
      return;
    }

    show({}, '');
    startTransition(async () => {
      const result = await createToken(read.input);
      if (result.ok) {
        setCreated(result.value);
        form.reset();
        setProject('');
      } else {
        show(toFieldErrors(result.issues), result.message);
      }
    });
  }

  function show(next: FieldErrors, text: string) {
    setErrors(next);
    setMessage(text);
    const first = ['name', 'user', 'environment_roles', 'project', 'role'].find(
      (name) => next[name],
    );
    if (first) document.getElementById(id(first))?.focus();
  }

  const fieldError = (name: string) =>
    errors[name] && (
      <p id={`${id(name)}-error`} className="field-error">
        {errors[name]}
      </p>
    );
  const describedBy = (name: string, hint = false) =>
    [hint ? `${id(name)}-hint` : '', errors[name] ? `${id(name)}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;

  return (
    <>
      {created && (
        <div className="notice notice-good" role="status">
          <h3>
            Created token <code>{created.id}</code> ({created.name})
          </h3>
          <p>Copy it now: it is shown only this once, and Herald keeps only its hash.</p>
          <p className="copy-row">
            <code className="secret-value">{created.secret}</code>
            <CopyButton value={created.secret} label="Copy the new token" />
          </p>
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate aria-busy={pending}>
        {message && (
          <div className="notice notice-error" role="alert">
            <p>{message}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor={id('name')}>
            Name <span className="required">(required)</span>
          </label>
          <input
            id={id('name')}
            name="name"
            type="text"
            autoComplete="off"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name', true)}
          />
          {fieldError('name')}
          <p id={`${id('name')}-hint`} className="hint">
            What the token is for, e.g. ci-deploy.
          </p>
        </div>
        <fieldset className="field">
          <legend>Acts as</legend>
          <label className="choice">
            <input
              type="radio"
              name="kind"
              value="member"
              checked={kind === 'member'}
              onChange={() => setKind('member')}
            />
            A project user, with that user's role in each project
          </label>
          <label className="choice">
            <input
              type="radio"
              name="kind"
              value="admin"
              checked={kind === 'admin'}
              onChange={() => setKind('admin')}
            />
            An installation admin: every project, and the tokens
          </label>
        </fieldset>
        {kind === 'member' && (
          <>
            <div className="field">
              <label htmlFor={id('user')}>User</label>
              <input
                id={id('user')}
                name="user"
                type="text"
                autoComplete="off"
                aria-invalid={errors.user ? true : undefined}
                aria-describedby={describedBy('user', true)}
              />
              {fieldError('user')}
              <p id={`${id('user')}-hint`} className="hint">
                An e-mail address or a plain name. Empty means the token's name.
              </p>
            </div>
            <div className="field">
              <label htmlFor={id('project')}>Give a role in project</label>
              <select
                id={id('project')}
                name="project"
                value={project}
                onChange={(event) => setProject(event.target.value)}
                aria-invalid={errors.project ? true : undefined}
                aria-describedby={describedBy('project')}
              >
                <option value="">(none: keep the user's current roles)</option>
                {projects.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.title} ({candidate.id})
                  </option>
                ))}
              </select>
              {fieldError('project')}
            </div>
            {project !== '' && (
              <>
                <div className="field">
                  <label htmlFor={id('role')}>Role</label>
                  <select
                    id={id('role')}
                    name="role"
                    defaultValue="viewer"
                    aria-invalid={errors.role ? true : undefined}
                    aria-describedby={describedBy('role', true)}
                  >
                    {PROJECT_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                  {fieldError('role')}
                  <p id={`${id('role')}-hint`} className="hint">
                    admin: everything, integrations included. contributor: environments and
                    activities. viewer: reads only.
                  </p>
                </div>
                <div className="field">
                  <label htmlFor={id('environment_roles')}>Roles per environment</label>
                  <input
                    id={id('environment_roles')}
                    name="environment_roles"
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={errors.environment_roles ? true : undefined}
                    aria-describedby={describedBy('environment_roles', true)}
                  />
                  {fieldError('environment_roles')}
                  <p id={`${id('environment_roles')}-hint`} className="hint">
                    Optional, to narrow a contributor: environment:role pairs separated by commas,
                    e.g. production:viewer. An environment type (production, staging, development)
                    works as a name.
                  </p>
                </div>
              </>
            )}
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
    </>
  );
}
