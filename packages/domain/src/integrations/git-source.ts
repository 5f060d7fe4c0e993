import { z } from 'zod';
import { generateHookSecret } from '../secrets.ts';
import type { FieldSpec, IntegrationTypeSpec, SummaryContext } from './spec.ts';

/** The four Git-source types: their hooks drive the project's environments. */
export const GIT_SOURCE_TYPES = ['github', 'gitlab', 'bitbucket', 'bitbucket_server'] as const;
export type GitSourceType = (typeof GIT_SOURCE_TYPES)[number];

export function isGitSourceType(type: string): type is GitSourceType {
  return (GIT_SOURCE_TYPES as readonly string[]).includes(type);
}

/** Shown, and confirmed, before a Git source is added: the platform warns the same way. */
export const GIT_SOURCE_WARNING =
  'Adding this integration makes the repository the source of truth for the project’s code. ' +
  'Its branches replace the code of environments of the same name, new branches become ' +
  'environments, and environments whose branch is deleted may be pruned.';

const NAME_SEGMENT = '[A-Za-z0-9_.-]+';

/**
 * What a user may paste as a repository: `owner/repo`, a web URL of it, or an SSH remote. The
 * URL and remote forms are reduced to their path, without a trailing `.git`.
 */
function repositoryPath(value: string): string {
  const trimmed = value.trim();
  const ssh = /^[\w.-]+@[\w.-]+:(.+)$/.exec(trimmed);
  let path = ssh?.[1] ?? trimmed;
  if (/^https?:\/\//i.test(trimmed) && URL.canParse(trimmed)) {
    path = new URL(trimmed).pathname;
  }

  return path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
}

/** `owner/repo` (GitHub, Bitbucket Cloud): a web URL keeps only its first two path segments. */
export const ownerRepositorySchema = (example: string) =>
  z
    .string({ error: `a repository is required, e.g. ${example}` })
    .transform((value) => repositoryPath(value).split('/').slice(0, 2).join('/'))
    .pipe(
      z.string().regex(new RegExp(`^${NAME_SEGMENT}/${NAME_SEGMENT}$`), {
        error: `use owner/repo, e.g. ${example}`,
      }),
    );

/** A GitLab project path: groups may nest, and `/-/…` starts the web UI's own pages. */
export const gitlabProjectSchema = z
  .string({ error: 'a project is required, e.g. my-group/my-app' })
  .transform((value) => repositoryPath(value).split('/-/')[0] ?? '')
  .pipe(
    z.string().regex(new RegExp(`^${NAME_SEGMENT}(/${NAME_SEGMENT})+$`), {
      error: 'use namespace/repo, e.g. my-group/my-app (groups may nest: group/sub/app)',
    }),
  );

/**
 * A Bitbucket Server repository: `PROJECT/repo`, or `~user/repo` for a personal one. A browser
 * URL (`…/projects/PROJ/repos/app/browse`, `…/users/jane/repos/app`) is reduced to that.
 */
export const bitbucketServerRepositorySchema = z
  .string({ error: 'a repository is required, e.g. PROJ/my-app' })
  .transform((value) => {
    const path = repositoryPath(value);
    const project = /(?:^|\/)projects\/([^/]+)\/repos\/([^/]+)/.exec(path);
    if (project) return `${project[1]}/${project[2]}`;
    const personal = /(?:^|\/)users\/([^/]+)\/repos\/([^/]+)/.exec(path);
    if (personal) return `~${personal[1]}/${personal[2]}`;
    return path;
  })
  .pipe(
    z.string().regex(new RegExp(`^~?${NAME_SEGMENT}/${NAME_SEGMENT}$`), {
      error: 'use PROJECT/repo or ~user/repo, e.g. PROJ/my-app',
    }),
  );

export const tokenSchema = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(4096);

/** The settings every Git source has, with the platform's defaults. */
export const gitSourceBaseSchema = z.object({
  hook_secret: z.string().trim().min(16, 'use at least 16 characters').max(1024).optional(),
  fetch_branches: z.boolean().default(true),
  prune_branches: z.boolean().default(true),
});

const fetchesBranches = (values: Record<string, unknown>) => values.fetch_branches !== false;

export const hookSecretField: FieldSpec = {
  name: 'hook_secret',
  option: 'hook-secret',
  label: 'Hook secret',
  description:
    'The secret the provider signs its hooks with (paste it into its webhook settings); ' +
    'Herald makes one when none is given',
  kind: 'string',
  secret: true,
};

export const branchFields: readonly FieldSpec[] = [
  {
    name: 'fetch_branches',
    option: 'fetch-branches',
    label: 'Fetch branches',
    description: 'Whether every branch becomes an environment (default true)',
    kind: 'boolean',
  },
  {
    name: 'prune_branches',
    option: 'prune-branches',
    label: 'Prune branches',
    description: 'Whether a deleted branch deletes its environment (default true)',
    kind: 'boolean',
    askWhen: fetchesBranches,
  },
];

/** Questions about pull requests are asked only when pull requests are built. */
export const whenBuilding =
  (field: string) =>
  (values: Record<string, unknown>): boolean =>
    values[field] !== false;

function summarizeGitSource(field: string) {
  return (config: Record<string, unknown>, context?: SummaryContext) => {
    const lines = [`Repository: ${String(config[field] ?? '')}`];
    if (context?.hookUrl) lines.push(`Hook URL: ${context.hookUrl}`);
    return lines.join('\n');
  };
}

/** What the four Git-source specs share; each adds its own settings and fields. */
export function gitSourceSpec(
  spec: Pick<IntegrationTypeSpec, 'type' | 'label' | 'description' | 'schema' | 'fields'> & {
    repositoryField: string;
  },
): IntegrationTypeSpec {
  return {
    type: spec.type,
    label: spec.label,
    description: spec.description,
    schema: spec.schema,
    fields: spec.fields,
    summarize: summarizeGitSource(spec.repositoryField),
    hasFilters: false,
    receivesHooks: true,
    generatedSecrets: { hook_secret: generateHookSecret },
    confirmOnCreate: GIT_SOURCE_WARNING,
  };
}
