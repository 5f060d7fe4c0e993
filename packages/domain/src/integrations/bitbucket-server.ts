import { z } from 'zod';
import {
  bitbucketServerRepositorySchema,
  branchFields,
  gitSourceBaseSchema,
  gitSourceSpec,
  hookSecretField,
  tokenSchema,
  whenBuilding,
} from './git-source.ts';
import { httpUrlSchema } from './webhook.ts';

export const bitbucketServerSettingsSchema = z
  .object({
    url: httpUrlSchema,
    username: z
      .string({ error: 'a username is required' })
      .trim()
      .min(1, 'a username is required')
      .max(255),
    token: tokenSchema('a Bitbucket Server access token'),
    repository: bitbucketServerRepositorySchema,
    build_pull_requests: z.boolean().default(true),
    pull_requests_clone_parent_data: z.boolean().default(true),
  })
  .extend(gitSourceBaseSchema.shape)
  .strict();
export type BitbucketServerSettings = z.infer<typeof bitbucketServerSettingsSchema>;

const buildsPullRequests = whenBuilding('build_pull_requests');

export const bitbucketServerType = gitSourceSpec({
  type: 'bitbucket_server',
  label: 'Bitbucket Server',
  description:
    'Builds the branches and pull requests of a Bitbucket Server or Data Center repository.',
  schema: bitbucketServerSettingsSchema,
  repositoryField: 'repository',
  fields: [
    {
      name: 'url',
      option: 'url',
      label: 'Bitbucket Server URL',
      description: 'The base URL of the Bitbucket Server installation',
      kind: 'url',
      required: true,
    },
    {
      name: 'username',
      option: 'username',
      label: 'Username',
      description: 'The Bitbucket Server user the token belongs to',
      kind: 'string',
      required: true,
    },
    {
      name: 'token',
      option: 'token',
      label: 'Access token',
      description: 'A personal or HTTP access token of that user',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'repository',
      option: 'repository',
      label: 'Repository',
      description: 'The repository as PROJECT/repo (or ~user/repo for a personal one)',
      kind: 'string',
      required: true,
    },
    {
      name: 'build_pull_requests',
      option: 'build-pull-requests',
      label: 'Build pull requests',
      description: 'Whether every pull request gets an environment pr-<number> (default true)',
      kind: 'boolean',
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
