import {
  type EnvironmentRow,
  findEnvironment,
  findProject,
  insertEnvironment,
  insertProject,
  listEnvironments,
  listProjects,
  type ProjectRow,
  updateEnvironment,
} from '@herald/db';
import { conflict, generateId, invalid, notFound } from '@herald/domain';
import { z } from 'zod';
import type { ActivityRunner } from './activity-runner.ts';
import { type Herald, isoNow } from './herald.ts';

/** Branch names as Git allows them, kept to what also makes a sane environment name. */
export const environmentNameSchema = z
  .string()
  .trim()
  .min(1, 'an environment name is required')
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, {
    error: 'use letters, digits, ".", "_", "-" and "/", starting with a letter or digit',
  })
  .refine((name) => !name.includes('..') && !name.endsWith('.lock') && !name.endsWith('/'), {
    error: 'is not a valid Git branch name',
  });

export const projectCreateSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(200),
  default_branch: environmentNameSchema.default('main'),
});

export interface ProjectView {
  id: string;
  title: string;
  default_branch: string;
  plan: string;
  created_at: string;
  updated_at: string;
}

export function presentProject(row: ProjectRow): ProjectView {
  return {
    id: row.id,
    title: row.title,
    default_branch: row.defaultBranch,
    plan: row.plan,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export interface EnvironmentView {
  id: string;
  name: string;
  title: string;
  project: string;
  parent: string | null;
  status: string;
  type: string;
  is_default: boolean;
  head_commit: string | null;
  created_at: string;
  updated_at: string;
}

export function presentEnvironment(row: EnvironmentRow): EnvironmentView {
  return {
    id: row.name,
    name: row.name,
    title: row.title,
    project: row.projectId,
    parent: row.parent,
    status: row.status,
    type: row.type,
    is_default: row.isDefault,
    head_commit: row.headCommit,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function requireProject(herald: Herald, projectId: string): ProjectRow {
  const project = findProject(herald.db, projectId);
  if (project === undefined) {
    throw notFound(`Project ${projectId} not found; run "herald project:list" to see projects`);
  }

  return project;
}

export function requireEnvironment(herald: Herald, projectId: string, name: string) {
  const environment = findEnvironment(herald.db, projectId, name);
  if (environment === undefined || environment.status === 'deleted') {
    throw notFound(`Environment ${name} not found in project ${projectId}`);
  }

  return environment;
}

/** Creates the project and initializes its default environment through an activity. */
export function createProject(
  herald: Herald,
  runner: ActivityRunner,
  input: z.infer<typeof projectCreateSchema>,
) {
  const now = isoNow(herald);
  const project: ProjectRow = {
    id: generateId(),
    title: input.title,
    defaultBranch: input.default_branch,
    plan: 'development',
    createdAt: now,
    updatedAt: now,
  };
  herald.db.transaction((tx) => {
    insertProject(tx, project);
    insertEnvironment(tx, {
      projectId: project.id,
      name: project.defaultBranch,
      title: project.defaultBranch,
      parent: null,
      status: 'inactive',
      type: 'production',
      isDefault: true,
      settings: {},
      createdAt: now,
      updatedAt: now,
    });
  });

  const activity = runner.start(
    {
      project: project.id,
      type: 'environment.initialize',
      environments: [project.defaultBranch],
      description: `Initialized environment ${project.defaultBranch} of ${project.title}`,
      parameters: { environment: project.defaultBranch },
    },
    () => {
      markActive(herald, project.id, project.defaultBranch);
      return `Environment ${project.defaultBranch} is active.`;
    },
  );

  return { project: presentProject(project), activity };
}

export function branchEnvironment(
  herald: Herald,
  runner: ActivityRunner,
  projectId: string,
  input: { name: string; parent?: string | undefined; title?: string | undefined },
) {
  const project = requireProject(herald, projectId);
  const parentName = input.parent ?? project.defaultBranch;
  const parent = requireEnvironment(herald, projectId, parentName);
  if (parent.status !== 'active') {
    throw invalid(`The parent environment ${parentName} is ${parent.status}; activate it first`, [
      { field: 'parent', message: `${parentName} is not active` },
    ]);
  }

  const existing = findEnvironment(herald.db, projectId, input.name);
  if (existing !== undefined && existing.status !== 'deleted') {
    throw conflict(`Environment ${input.name} already exists in project ${projectId}`);
  }

  const now = isoNow(herald);
  herald.db.transaction((tx) => {
    if (existing === undefined) {
      insertEnvironment(tx, {
        projectId,
        name: input.name,
        title: input.title ?? input.name,
        parent: parentName,
        status: 'inactive',
        type: 'development',
        isDefault: false,
        headCommit: parent.headCommit,
        settings: {},
        createdAt: now,
        updatedAt: now,
      });
    }
  });

  return runner.start(
    {
      project: projectId,
      type: 'environment.branch',
      environments: [input.name],
      description: `Branched ${input.name} from ${parentName}`,
      parameters: { environment: input.name, parent: parentName },
    },
    () => {
      markActive(herald, projectId, input.name, parentName, input.title);
      return `Environment ${input.name} branched from ${parentName} and activated.`;
    },
  );
}

function markActive(
  herald: Herald,
  projectId: string,
  name: string,
  parent?: string,
  title?: string,
): void {
  herald.db.transaction((tx) => {
    const environment = findEnvironment(tx, projectId, name);
    if (environment === undefined) {
      throw notFound(`Environment ${name} disappeared before it could be activated`);
    }

    updateEnvironment(tx, projectId, name, {
      status: 'active',
      parent: parent ?? environment.parent,
      title: title ?? environment.title,
      updatedAt: isoNow(herald),
    });
  });
}

export function listProjectViews(herald: Herald): ProjectView[] {
  return listProjects(herald.db).map(presentProject);
}

export function listEnvironmentViews(herald: Herald, projectId: string): EnvironmentView[] {
  requireProject(herald, projectId);
  return listEnvironments(herald.db, projectId).map(presentEnvironment);
}
