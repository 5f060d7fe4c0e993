import {
  deleteVariables,
  findVariable,
  insertVariable,
  listVariables,
  updateVariable as storeUpdateVariable,
  type VariableRow,
} from '@herald/db';
import {
  checkJsonValue,
  conflict,
  invalid,
  MASK,
  notFound,
  parseOrInvalid,
  type VariableCreate,
  type VariableUpdate,
} from '@herald/domain';
import { z } from 'zod';
import type { ActivityRunner } from './activity-runner.ts';
import { requireEnvironment } from './environments.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';

export interface VariableView {
  name: string;
  environment: string;
  /** `******` for a sensitive variable: its value is never returned once written. */
  value: string;
  is_sensitive: boolean;
  is_json: boolean;
  visible_build: boolean;
  visible_runtime: boolean;
  created_at: string;
  updated_at: string;
}

export function presentVariable(row: VariableRow): VariableView {
  return {
    name: row.name,
    environment: row.environment,
    value: row.isSensitive ? MASK : row.value,
    is_sensitive: row.isSensitive,
    is_json: row.isJson,
    visible_build: row.visibleBuild,
    visible_runtime: row.visibleRuntime,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/**
 * What a variable activity carries: its flags, and its value only when it is not sensitive.
 * Webhook bodies are built from this, so a sensitive value never reaches a receiver.
 */
function describeVariable(
  environment: string,
  variable: Pick<VariableRow, 'name' | 'value' | 'isSensitive' | 'isJson'> &
    Pick<VariableRow, 'visibleBuild' | 'visibleRuntime'>,
) {
  return {
    environment,
    name: variable.name,
    is_sensitive: variable.isSensitive,
    is_json: variable.isJson,
    visible_build: variable.visibleBuild,
    visible_runtime: variable.visibleRuntime,
    ...(variable.isSensitive ? {} : { value: variable.value }),
  };
}

export function requireVariable(
  herald: Herald,
  projectId: string,
  environment: string,
  name: string,
): VariableRow {
  const variable = findVariable(herald.db, projectId, environment, name);
  if (variable === undefined) {
    throw notFound(
      `Variable ${name} not found on ${environment}; run "herald variable:list -e ${environment}"`,
    );
  }

  return variable;
}

export function listVariableViews(herald: Herald, projectId: string, environment: string) {
  requireProject(herald, projectId);
  requireEnvironment(herald, projectId, environment);
  return listVariables(herald.db, projectId, environment).map(presentVariable);
}

/** `variable:create`: `environment.variable.create`. */
export function createVariable(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
  input: VariableCreate,
) {
  requireEnvironment(herald, projectId, environment);
  if (findVariable(herald.db, projectId, environment, input.name) !== undefined) {
    throw conflict(
      `Variable ${input.name} already exists on ${environment}; change it with variable:update`,
    );
  }

  const now = isoNow(herald);
  const row: VariableRow = {
    projectId,
    environment,
    name: input.name,
    value: input.value,
    isSensitive: input.is_sensitive,
    isJson: input.is_json,
    visibleBuild: input.visible_build,
    visibleRuntime: input.visible_runtime,
    createdAt: now,
    updatedAt: now,
  };

  return runner.start(
    {
      project: projectId,
      type: 'environment.variable.create',
      environments: [environment],
      description: `Created variable ${input.name} on ${environment}`,
      parameters: describeVariable(environment, row),
    },
    () => {
      if (findVariable(herald.db, projectId, environment, input.name) !== undefined) {
        throw new Error(`variable ${input.name} was created by an earlier activity`);
      }
      insertVariable(herald.db, { ...row, createdAt: isoNow(herald), updatedAt: isoNow(herald) });
      return `Variable ${input.name} created on ${environment}.`;
    },
  );
}

/** `variable:update`: `environment.variable.update`. A sensitive variable stays sensitive. */
export function updateVariable(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
  name: string,
  update: VariableUpdate,
) {
  requireEnvironment(herald, projectId, environment);
  const current = requireVariable(herald, projectId, environment, name);
  if (current.isSensitive && update.is_sensitive === false) {
    throw invalid(`Variable ${name} is sensitive; a sensitive variable cannot be made visible`, [
      { field: 'is_sensitive', message: 'cannot be turned off once on' },
    ]);
  }
  if (Object.values(update).every((value) => value === undefined)) {
    throw invalid('Nothing to change: give a value or a flag', [
      { field: 'value', message: 'give a new value or a flag' },
    ]);
  }

  const next: VariableRow = {
    ...current,
    value: update.value ?? current.value,
    isSensitive: update.is_sensitive ?? current.isSensitive,
    isJson: update.is_json ?? current.isJson,
    visibleBuild: update.visible_build ?? current.visibleBuild,
    visibleRuntime: update.visible_runtime ?? current.visibleRuntime,
  };
  parseOrInvalid(
    z.object({ value: z.string(), is_json: z.boolean() }).superRefine(checkJsonValue),
    {
      value: next.value,
      is_json: next.isJson,
    },
  );

  return runner.start(
    {
      project: projectId,
      type: 'environment.variable.update',
      environments: [environment],
      description: `Updated variable ${name} on ${environment}`,
      parameters: describeVariable(environment, next),
    },
    () => {
      requireVariable(herald, projectId, environment, name);
      storeUpdateVariable(
        herald.db,
        { projectId, environment, name },
        {
          ...(update.value !== undefined ? { value: update.value } : {}),
          ...(update.is_sensitive !== undefined ? { isSensitive: update.is_sensitive } : {}),
          ...(update.is_json !== undefined ? { isJson: update.is_json } : {}),
          ...(update.visible_build !== undefined ? { visibleBuild: update.visible_build } : {}),
          ...(update.visible_runtime !== undefined
            ? { visibleRuntime: update.visible_runtime }
            : {}),
          updatedAt: isoNow(herald),
        },
      );
      return `Variable ${name} updated on ${environment}.`;
    },
  );
}

/** `variable:delete`: `environment.variable.delete`. */
export function deleteVariable(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  environment: string,
  name: string,
) {
  requireEnvironment(herald, projectId, environment);
  const current = requireVariable(herald, projectId, environment, name);

  return runner.start(
    {
      project: projectId,
      type: 'environment.variable.delete',
      environments: [environment],
      description: `Deleted variable ${name} from ${environment}`,
      parameters: describeVariable(environment, current),
    },
    () => {
      if (deleteVariables(herald.db, projectId, environment, name) === 0) {
        throw new Error(`variable ${name} was already deleted`);
      }
      return `Variable ${name} deleted from ${environment}.`;
    },
  );
}
