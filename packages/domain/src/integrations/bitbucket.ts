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

export const bitbucketSettingsSchema = z
  .object({
    key: tokenSchema('the OAuth consumer key'),
    secret: tokenSchema('the OAuth consumer secret'),
    repository: ownerRepositorySchema('my-workspace/my-app'),
    build_pull_requests: z.boolean().default(true),
    resync_pull_requests: z.boolean().default(false),
  })
  .extend(gitSourceBaseSchema.shape)
  .strict();
export type BitbucketSettings = z.infer<typeof bitbucketSettingsSchema>;

export const bitbucketType = gitSourceSpec({
  type: 'bitbucket',
  label: 'Bitbucket Cloud',
  description: 'Builds the branches and pull requests of a Bitbucket Cloud repository.',
  schema: bitbucketSettingsSchema,
  repositoryField: 'repository',
  fields: [
    {
      name: 'key',
      option: 'key',
      label: 'OAuth consumer key',
      description: 'The key of the Bitbucket OAuth consumer (app credentials)',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'secret',
      option: 'secret',
      label: 'OAuth consumer secret',
      description: 'The secret of the Bitbucket OAuth consumer (app credentials)',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'repository',
      option: 'repository',
      label: 'Repository',
      description: 'The repository as workspace/repo (a pasted repository URL is reduced to that)',
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
      name: 'resync_pull_requests',
      option: 'resync-pull-requests',
      label: 'Resync pull requests',
      description:
        "Whether new commits on a pull request also re-copy its parent's data (default false)",
      kind: 'boolean',
      askWhen: whenBuilding('build_pull_requests'),
    },
    ...branchFields,
    hookSecretField,
  ],
});
