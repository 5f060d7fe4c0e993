'use server';

import type { FieldIssue } from '@herald/domain';
import { PROJECT_ROLES } from '@herald/domain/access';
import { projectCreateSchema } from '@herald/domain/projects';
import { refresh } from 'next/cache';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { readConsoleEnv } from '../env.ts';
import {
  createApiClient,
  type HeraldApi,
  requireToken,
  SIGN_IN_PATH,
  TOKEN_COOKIE,
} from './api.ts';
import { type ApiFailure, describeApiError } from './api-errors.ts';
import { integrationsPath, projectPath, projectsPath } from './paths.ts';

/*
 * Server actions are public endpoints: each one checks its arguments and the token itself, and
 * the API checks again. Failures come back as values with words, never as thrown errors.
 */

export type ActionResult<T = null> =
  | { ok: true; value: T }
  | { ok: false; message: string; issues: FieldIssue[] };

const idSchema = z.string().min(1).max(200);
const settingsSchema = z.record(z.string(), z.unknown());

// A week: long enough not to nag, short enough that a forgotten browser does not keep access.
const TOKEN_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

async function runWithApi<T>(call: (api: HeraldApi) => Promise<T>): Promise<ActionResult<T>> {
  const api = createApiClient(await requireToken());
  let failure: ApiFailure;
  try {
    return { ok: true, value: await call(api) };
  } catch (error) {
    failure = describeApiError(error, readConsoleEnv().apiUrl);
  }

  if (failure.code === 'UNAUTHORIZED') {
    redirect(`${SIGN_IN_PATH}?reason=rejected`);
  }

  return { ok: false, message: failure.message, issues: failure.issues };
}

function refuseArguments(): ActionResult<never> {
  return { ok: false, message: 'The request was malformed; reload the page.', issues: [] };
}

export interface SignInState {
  message: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const token = String(form.get('token') ?? '').trim();
  if (token === '') {
    return { message: 'Enter an API token.' };
  }

  try {
    await createApiClient(token).auth.whoami.query();
  } catch (error) {
    const failure = describeApiError(error, readConsoleEnv().apiUrl);
    return {
      message:
        failure.code === 'UNAUTHORIZED'
          ? 'That token was not accepted. Check that it is complete and has not been revoked.'
          : failure.message,
    };
  }

  const secure = (await headers()).get('x-forwarded-proto') === 'https';
  (await cookies()).set(TOKEN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: TOKEN_MAX_AGE_SECONDS,
  });
  redirect(projectsPath());
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(TOKEN_COOKIE);
  redirect(SIGN_IN_PATH);
}

export interface CreatedIntegration {
  id: string;
  type: string;
  summary: string;
  /** Secrets Herald made, shown once by the form and never stored by the console. */
  generatedSecrets: Record<string, string>;
  /** A Git source's hook URL, for the provider's webhook settings. */
  hookUrl: string | null;
}

export async function createIntegration(
  project: string,
  type: string,
  settings: Record<string, unknown>,
): Promise<ActionResult<CreatedIntegration>> {
  const input = z.object({ project: idSchema, type: idSchema, settings: settingsSchema });
  const parsed = input.safeParse({ project, type, settings });
  if (!parsed.success) return refuseArguments();

  return runWithApi(async (api) => {
    const created = await api.integration.create.mutate(parsed.data);
    return {
      id: created.integration.id,
      type: created.integration.type,
      summary: created.integration.summary,
      generatedSecrets: created.generated_secrets,
      hookUrl: created.integration.hook_url ?? null,
    };
  });
}

export async function updateIntegration(
  project: string,
  id: string,
  changes: Record<string, unknown>,
): Promise<ActionResult<{ changed: string[] }>> {
  const input = z.object({ project: idSchema, id: idSchema, settings: settingsSchema });
  const parsed = input.safeParse({ project, id, settings: changes });
  if (!parsed.success) return refuseArguments();

  return runWithApi(async (api) => {
    const updated = await api.integration.update.mutate(parsed.data);
    return { changed: updated.changed };
  });
}

export async function deleteIntegration(project: string, id: string): Promise<ActionResult> {
  const parsed = z.object({ project: idSchema, id: idSchema }).safeParse({ project, id });
  if (!parsed.success) return refuseArguments();

  const result = await runWithApi((api) => api.integration.delete.mutate(parsed.data));
  if (!result.ok) return result;

  redirect(`${integrationsPath(project)}?deleted=${encodeURIComponent(id)}`);
}

export async function redeliver(
  project: string,
  id: string,
  delivery: string,
): Promise<ActionResult<{ message: string }>> {
  const input = z.object({ project: idSchema, id: idSchema, delivery: idSchema });
  const parsed = input.safeParse({ project, id, delivery });
  if (!parsed.success) return refuseArguments();

  const result = await runWithApi(async (api) => {
    await api.integration.redeliver.mutate(parsed.data);
    return { message: 'Queued: it is sent again now.' };
  });
  refresh();

  return result;
}

const roleSchema = z.enum(PROJECT_ROLES);
const tokenInputSchema = z
  .object({
    name: z.string().max(200),
    admin: z.boolean().optional(),
    user: z.string().max(200).optional(),
    project: idSchema.optional(),
    role: roleSchema.optional(),
    environment_roles: z.record(z.string().max(200), roleSchema).optional(),
  })
  .strict();
export type TokenInput = z.infer<typeof tokenInputSchema>;

export interface CreatedToken {
  id: string;
  name: string;
  /** The token itself: shown once by the form, kept by neither the console nor the API. */
  secret: string;
}

export async function createToken(input: TokenInput): Promise<ActionResult<CreatedToken>> {
  const parsed = tokenInputSchema.safeParse(input);
  if (!parsed.success) return refuseArguments();

  const result = await runWithApi(async (api) => {
    const created = await api.auth.token.create.mutate(parsed.data);
    return { id: created.token.id, name: created.token.name, secret: created.secret };
  });
  refresh();

  return result;
}

export async function revokeToken(id: string): Promise<ActionResult> {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) return refuseArguments();

  const result = await runWithApi(async (api) => {
    await api.auth.token.revoke.mutate({ id: parsed.data });
    return null;
  });
  refresh();

  return result;
}

export interface TestOutcome {
  valid: boolean;
  /** Why it cannot work, one reason a line; empty when valid. */
  errors: string[];
  /** What was checked: the settings, and for a webhook the answer to a signed test request. */
  checks: string[];
}

export async function sendTestEvent(
  project: string,
  id: string,
): Promise<ActionResult<TestOutcome>> {
  const parsed = z.object({ project: idSchema, id: idSchema }).safeParse({ project, id });
  if (!parsed.success) return refuseArguments();

  return runWithApi(async (api) => {
    const validation = await api.integration.validate.mutate(parsed.data);
    return { valid: validation.valid, errors: validation.errors, checks: validation.checks };
  });
}

/** A new project; on success the browser goes to its overview, where it initializes. */
export async function createProject(input: {
  title: string;
  default_branch?: string;
}): Promise<ActionResult<never>> {
  const parsed = projectCreateSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Some fields need fixing; see the messages beside them.',
      issues: parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || '(input)',
        message: issue.message,
      })),
    };
  }
  const result = await runWithApi((api) => api.project.create.mutate(parsed.data));
  if (!result.ok) return result;
  redirect(projectPath(result.value.project.id));
}

// Not exported: a 'use server' file may export only async functions (and types).
const ENVIRONMENT_ACTIONS = ['activate', 'deactivate', 'synchronize'] as const;
export type EnvironmentAction = (typeof ENVIRONMENT_ACTIONS)[number];

/** Starts an environment's activity; the page's live list shows it run. */
export async function changeEnvironment(
  project: string,
  environment: string,
  action: EnvironmentAction,
): Promise<ActionResult<{ activity: string }>> {
  const input = z.object({
    project: idSchema,
    environment: idSchema,
    action: z.enum(ENVIRONMENT_ACTIONS),
  });
  const parsed = input.safeParse({ project, environment, action });
  if (!parsed.success) return refuseArguments();
  const target = { project: parsed.data.project, environment: parsed.data.environment };
  const result = await runWithApi(async (api) => {
    const started =
      parsed.data.action === 'activate'
        ? await api.environment.activate.mutate(target)
        : parsed.data.action === 'deactivate'
          ? await api.environment.deactivate.mutate(target)
          : await api.environment.synchronize.mutate({ ...target, code: true, data: false });
    return { activity: started.id };
  });
  refresh();
  return result;
}
