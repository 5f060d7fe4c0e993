import {
  type ApiTokenRow,
  findProject,
  insertEnvironment,
  insertProject,
  listEnvironments,
  listProjects,
  type ProjectRow,
  deleteProject as storeDeleteProject,
  updateProject,
} from '@herald/db';
import {
  conflict,
  generateId,
  notFound,
  type Plan,
  type ProjectCreate,
  projectCreateSchema,
} from '@herald/domain';
import { visibleProjectIds } from './access.ts';
import type { ActivityRunner } from './activity-runner.ts';
import { ensureEnvironmentFiles, removeProjectFiles } from './environment-files.ts';
import { setEnvironmentStatus } from './environments.ts';
import { createRepository, removeRepository } from './git.ts';
import { type Herald, isoNow } from './herald.ts';

/** The schema lives in the domain: the console's form checks input with the same one. */
export { projectCreateSchema };

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
export function createProject(herald: Herald, runner: ActivityRunner, input: ProjectCreate) {
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
    async () => {
      await createRepository(herald, project.id, project.defaultBranch);
      ensureEnvironmentFiles(herald, project.id, project.defaultBranch);
      setEnvironmentStatus(herald, project.id, project.defaultBranch, { status: 'active' });
      return (
        `Environment ${project.defaultBranch} is active; push code to ` +
        `${herald.config.publicUrl}/git/${project.id}.git`
      );
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

/**
 * Deletes the project with everything it owns: environments, activities, integrations and
 * their deliveries (database cascade), its Git repository, files and backups. Queued
 * activities find themselves gone and do not run.
 */
export function deleteProject(herald: Herald, projectId: string): ProjectView {
  const project = requireProject(herald, projectId);
  storeDeleteProject(herald.db, projectId);
  removeRepository(herald, projectId);
  removeProjectFiles(herald, projectId);
  herald.logger.info({ project_id: projectId }, 'project deleted');

  return presentProject(project);
}

/** The project's production environment: plan changes are recorded on it. */
function requireProductionEnvironment(herald: Herald, project: ProjectRow) {
  const environments = listEnvironments(herald.db, project.id);
  const production =
    environments.find((environment) => environment.type === 'production') ??
    environments.find((environment) => environment.isDefault);
  if (production === undefined) {
    throw conflict(`Project ${project.id} has no production environment`);
  }

  return production;
}

/** `subscription:update --plan`: `environment.subscription.update` on production. */
export function updatePlan(herald: Herald, runner: ActivityRunner, projectId: string, plan: Plan) {
  const project = requireProject(herald, projectId);
  if (project.plan === plan) {
    throw conflict(`Project ${projectId} is already on the ${plan} plan`);
  }
  const production = requireProductionEnvironment(herald, project);

  return runner.start(
    {
      project: projectId,
      type: 'environment.subscription.update',
      environments: [production.name],
      description: `Changed the plan of ${project.title} from ${project.plan} to ${plan}`,
      parameters: { environment: production.name, previous_plan: project.plan, plan },
    },
    () => {
      updateProject(herald.db, projectId, { plan, updatedAt: isoNow(herald) });
      return `The project is on the ${plan} plan.`;
    },
  );
}
