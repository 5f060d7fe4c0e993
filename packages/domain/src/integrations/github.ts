import { z } from 'zod';
import {
  branchFields,
  gitSourceBaseSchema,
  gitSourceSpec,
  hookSecretField,
  ownerRepositorySchema,
  tokenSchema,
  whenBuilding,
} from './git-source.ts';
import { httpUrlSchema } from './webhook.ts';

export const githubSettingsSchema = z
  .object({
    token: tokenSchema('a GitHub token'),
    repository: ownerRepositorySchema('octocat/hello-world'),
    base_url: httpUrlSchema.optional(),
    build_pull_requests: z.boolean().default(true),
    build_draft_pull_requests: z.boolean().default(true),
    build_pull_requests_post_merge: z.boolean().default(false),
    pull_requests_clone_parent_data: z.boolean().default(true),
  })
  .extend(gitSourceBaseSchema.shape)
  .strict();
export type GithubSettings = z.infer<typeof githubSettingsSchema>;

const buildsPullRequests = whenBuilding('build_pull_requests');

export const githubType = gitSourceSpec({
  type: 'github',
  label: 'GitHub',
  description: 'Builds the branches and pull requests of a GitHub repository from its hooks.',
  schema: githubSettingsSchema,
  repositoryField: 'repository',
  fields: [
    {
      name: 'token',
      option: 'token',
      label: 'GitHub access token',
      description: 'An access token for the repository',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'repository',
      option: 'repository',
      label: 'Repository',
      description: 'The repository as owner/repo (a pasted repository URL is reduced to that)',
      kind: 'string',
      required: true,
    },
    {
      name: 'base_url',
      option: 'base-url',
      label: 'Base URL',
      description: 'GitHub Enterprise only: the base URL of its API',
      kind: 'url',
    },
    {
      name: 'build_pull_requests',
      option: 'build-pull-requests',
      label: 'Build pull requests',
      description: 'Whether every pull request gets an environment pr-<number> (default true)',
      kind: 'boolean',
    },
    {
      name: 'build_draft_pull_requests',
      option: 'build-draft-pull-requests',
      label: 'Build draft pull requests',
      description: 'Whether draft pull requests get an environment too (default true)',
      kind: 'boolean',
      askWhen: buildsPullRequests,
    },
    {
      name: 'build_pull_requests_post_merge',
      option: 'build-pull-requests-post-merge',
      label: 'Build pull requests post-merge',
      description: 'Whether to build what merging the pull request would give (default false)',
      kind: 'boolean',
      askWhen: buildsPullRequests,
    },
    {
      name: 'pull_requests_clone_parent_data',
      option: 'pull-requests-clone-parent-data',
      label: 'Clone data for pull requests',
      description:
        "Whether a pull request's environment starts with its parent's data (default true)",
      kind: 'boolean',
      askWhen: buildsPullRequests,
    },
    ...branchFields,
    hookSecretField,
  ],
});
