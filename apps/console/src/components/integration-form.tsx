'use client';

import type { FieldSpec, IntegrationTypeSpec } from '@herald/domain/integrations';
import { findIntegrationType } from '@herald/domain/integrations';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';
import {
  type ActionResult,
  type CreatedIntegration,
  createIntegration,
  updateIntegration,
} from '@/lib/actions.ts';
import { formatSetting } from '@/lib/format.ts';
import {
  diffSettings,
  type FieldErrors,
  FORM_ERROR,
  type FormValue,
  type FormValues,
  listShownFields,
  readCurrentValues,
  readDefaultValues,
  readFieldDefault,
  type Settings,
  toFieldErrors,
  toSettings,
  validateChanges,
  validateSettings,
} from '@/lib/integration-form.ts';
import { integrationPath, integrationsPath } from '@/lib/paths.ts';
import { CopyButton } from './copy-button.tsx';

type IntegrationFormProps = { project: string; type: string } & (
  | { mode: 'create' }
  | { mode: 'edit'; id: string; settings: Settings }
);

const inputId = (name: string) => `field-${name}`;

const FIX_FIELDS = 'Some fields need fixing; see the messages beside them.';

/** The checkbox that acknowledges a type's `confirmOnCreate` warning; not a setting. */
const CONFIRM_FIELD = '_confirm';

/**
 * The add and edit form of any integration type, built from the type's field list and checked
 * with its zod schema before anything is sent; the API's own verdict lands beside the same fields.
 */
export function IntegrationForm(props: IntegrationFormProps) {
  const spec = findIntegrationType(props.type);
  if (spec === undefined) {
    return (
      <p className="notice notice-error" role="alert">
        This console does not know the integration type "{props.type}". Reload the page; if the
        server was just upgraded, the console needs the same version.
      </p>
    );
  }

  return <TypedForm {...props} spec={spec} />;
}

function TypedForm(props: IntegrationFormProps & { spec: IntegrationTypeSpec }) {
  const { spec, project } = props;
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(() =>
    props.mode === 'edit' ? readCurrentValues(spec, props.settings) : readDefaultValues(spec),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [created, setCreated] = useState<CreatedIntegration | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [pending, startTransition] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);

  const shown = listShownFields(spec, values);

  function showErrors(next: FieldErrors, text: string) {
    setErrors(next);
    setMessage(text);
    const first = [...shown.map((field) => field.name), CONFIRM_FIELD].find(
      (name) => next[name] !== undefined,
    );
    if (first) {
      document.getElementById(inputId(first))?.focus();
    } else if (text) {
      summaryRef.current?.focus();
    }
  }

  function showRefusal(result: Extract<ActionResult<unknown>, { ok: false }>) {
    showErrors(toFieldErrors(result.issues), result.message);
  }

  function change(name: string, value: FormValue) {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors(({ [name]: _fixed, ...rest }) => rest);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const settings = toSettings(spec, values);
    if (props.mode === 'create') submitCreate(settings);
    else submitEdit(props.id, props.settings, settings);
  }

  function submitCreate(settings: Settings) {
    const validation = validateSettings(spec, settings);
    const fieldErrors = validation.ok ? {} : { ...validation.errors };
    if (spec.confirmOnCreate && !confirmed) {
      fieldErrors[CONFIRM_FIELD] = 'Confirm that you understand this before adding it.';
    }
    if (Object.keys(fieldErrors).length > 0) {
      showErrors(fieldErrors, FIX_FIELDS);
      return;
    }

    showErrors({}, '');
    startTransition(async () => {
      const result = await createIntegration(project, spec.type, settings);
      if (result.ok) setCreated(result.value);
      else showRefusal(result);
    });
  }

  function submitEdit(id: string, current: Settings, settings: Settings) {
    const changes = diffSettings(spec, current, settings);
    if (Object.keys(changes).length === 0) {
      showErrors({}, 'Nothing changed: edit a field, or go back to the integration.');
      return;
    }
    const fieldErrors = validateChanges(spec, current, changes);
    if (Object.keys(fieldErrors).length > 0) {
      showErrors(fieldErrors, FIX_FIELDS);
      return;
    }

    showErrors({}, '');
    startTransition(async () => {
      const result = await updateIntegration(project, id, changes);
      if (!result.ok) {
        showRefusal(result);
        return;
      }
      const changed = encodeURIComponent(result.value.changed.join(','));
      router.push(`${integrationPath(project, id)}?updated=${changed}`);
    });
  }

  if (created) {
    return <CreatedNotice project={project} spec={spec} created={created} />;
  }

  const formError = errors[FORM_ERROR];

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={pending}>
      <div ref={summaryRef} tabIndex={-1} aria-live="polite" className="form-summary">
        {(message || formError) && (
          <div className="notice notice-error" role="alert">
            {message && <p>{message}</p>}
            {formError && <p>{formError}</p>}
          </div>
        )}
      </div>
      {shown.map((field) => (
        <Field
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          fallback={readFieldDefault(spec, field)}
          error={errors[field.name]}
          editing={props.mode === 'edit'}
          onChange={(value) => change(field.name, value)}
        />
      ))}
      {props.mode === 'create' && spec.confirmOnCreate && (
        <div className="field field-check confirm">
          <p className="notice" id={`${inputId(CONFIRM_FIELD)}-hint`}>
            {spec.confirmOnCreate}
          </p>
          <input
            id={inputId(CONFIRM_FIELD)}
            type="checkbox"
            checked={confirmed}
            aria-describedby={[
              `${inputId(CONFIRM_FIELD)}-hint`,
              errors[CONFIRM_FIELD] ? `${inputId(CONFIRM_FIELD)}-error` : '',
            ]
              .filter(Boolean)
              .join(' ')}
            aria-invalid={errors[CONFIRM_FIELD] ? true : undefined}
            onChange={(event) => {
              setConfirmed(event.target.checked);
              setErrors(({ [CONFIRM_FIELD]: _fixed, ...rest }) => rest);
            }}
          />
          <label htmlFor={inputId(CONFIRM_FIELD)}>I understand; add it anyway</label>
          {errors[CONFIRM_FIELD] && (
            <p id={`${inputId(CONFIRM_FIELD)}-error`} className="field-error">
              {errors[CONFIRM_FIELD]}
            </p>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : props.mode === 'create' ? `Add ${spec.label}` : 'Save changes'}
        </button>
        <Link
          href={
            props.mode === 'edit' ? integrationPath(project, props.id) : integrationsPath(project)
          }
          className="button button-quiet"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}

function Field({
  field,
  value,
  fallback,
  error,
  editing,
  onChange,
}: {
  field: FieldSpec;
  value: FormValue;
  fallback: unknown;
  error: string | undefined;
  editing: boolean;
  onChange: (value: FormValue) => void;
}) {
  const id = inputId(field.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hintId, error ? errorId : ''].filter(Boolean).join(' ');
  const shared = {
    id,
    name: field.name,
    'aria-describedby': described,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
  };

  const hints = [asSentence(field.description)];
  if (field.kind === 'list') hints.push('Separate several with commas.');
  if (field.secret && editing) hints.push('Leave empty to keep the current one.');
  if (
    fallback !== undefined &&
    !field.secret &&
    (field.kind === 'list' || field.kind === 'string')
  ) {
    hints.push(`Empty means the default: ${describeDefault(fallback)}.`);
  }

  const hint = (
    <p id={hintId} className="hint">
      {hints.join(' ')}
    </p>
  );
  const message = error && (
    <p id={errorId} className="field-error">
      {asSentence(error)}
    </p>
  );

  if (field.kind === 'boolean') {
    return (
      <div className="field field-check">
        <input
          {...shared}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{field.label}</label>
        {hint}
        {message}
      </div>
    );
  }

  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required && <span className="required"> (required)</span>}
      </label>
      {field.kind === 'enum' ? (
        <select
          {...shared}
          value={String(value)}
          onChange={(event) => onChange(event.target.value)}
        >
          {(field.choices ?? []).map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...shared}
          type={field.secret ? 'password' : field.kind === 'url' ? 'url' : 'text'}
          inputMode={field.kind === 'url' ? 'url' : undefined}
          autoComplete={field.secret ? 'new-password' : 'off'}
          spellCheck={false}
          value={String(value)}
          placeholder={field.secret && editing ? 'unchanged' : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {message}
      {hint}
    </div>
  );
}

/** Spec descriptions and schema messages are fragments; beside a field they read as sentences. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

function describeDefault(value: unknown): string {
  return Array.isArray(value) && value.length === 0 ? 'none' : formatSetting(value);
}

function CreatedNotice({
  project,
  spec,
  created,
}: {
  project: string;
  spec: IntegrationTypeSpec;
  created: CreatedIntegration;
}) {
  const secrets = Object.entries(created.generatedSecrets);

  return (
    <div className="notice notice-good" role="status">
      <h2>
        Created integration <code>{created.id}</code> (type: {created.type})
      </h2>
      {secrets.map(([name, value]) => {
        const label = spec.fields.find((field) => field.name === name)?.label ?? name;
        return (
          <div key={name} className="secret-once">
            <p>
              Herald made this {label.toLowerCase()} for you. Copy it now: it is shown only this
              once.
            </p>
            <p className="copy-row">
              <code className="secret-value">{value}</code>
              <CopyButton value={value} label={`Copy the ${label.toLowerCase()}`} />
            </p>
          </div>
        );
      })}
      {created.hookUrl && (
        <div className="secret-once">
          <p>
            In the provider's webhook settings, set this hook URL
            {secrets.length > 0 ? ' and the secret above' : ''}, with the content type{' '}
            <code>application/json</code>.
          </p>
          <p className="copy-row">
            <code className="secret-value">{created.hookUrl}</code>
            <CopyButton value={created.hookUrl} label="Copy the hook URL" />
          </p>
        </div>
      )}
      <p className="form-actions">
        <Link href={integrationPath(project, created.id)} className="button button-primary">
          Open the integration
        </Link>
        <Link href={integrationsPath(project)} className="button button-quiet">
          Back to integrations
        </Link>
      </p>
    </div>
  );
}
