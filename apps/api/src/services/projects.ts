import {
  type ApiTokenRow,
  findProject,
  insertEnvironment,
  insertProject,
  listProjects,
  type ProjectRow,
} from '@herald/db';
import { environmentNameSchema, generateId, notFound } from '@herald/domain';
import { z } from 'zod';
import { visibleProjectIds } from './access.ts';
import type { ActivityRunner } from './activity-runner.ts';
import { setEnvironmentStatus } from './environments.ts';
import { type Herald, isoNow } from './herald.ts';

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

export function requireProject(herald: Herald, projectId: string): ProjectRow {
  const project = findProject(herald.db, projectId);
  if (project === undefined) {
    throw notFound(`Project ${projectId} not found; run "herald project:list" to see projects`);
  }

  return project;
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
      setEnvironmentStatus(herald, project.id, project.defaultBranch, { status: 'active' });
      return `Environment ${project.defaultBranch} is active.`;
    },
  );

  return { project: presentProject(project), activity };
}

/** The projects a token reaches: all of them for installation admins. */
export function listProjectViews(herald: Herald, token: ApiTokenRow): ProjectView[] {
  const visible = visibleProjectIds(herald, token);
  return listProjects(herald.db)
    .filter((project) => visible === 'all' || visible.has(project.id))
    .map(presentProject);
}
