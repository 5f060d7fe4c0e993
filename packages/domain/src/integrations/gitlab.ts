import { z } from 'zod';
import {
  branchFields,
  gitlabProjectSchema,
  gitSourceBaseSchema,
  gitSourceSpec,
  hookSecretField,
  tokenSchema,
  whenBuilding,
} from './git-source.ts';
import { httpUrlSchema } from './webhook.ts';

export const gitlabSettingsSchema = z
  .object({
    token: tokenSchema('a GitLab token'),
    project: gitlabProjectSchema,
    base_url: httpUrlSchema.default('https://gitlab.com'),
    build_merge_requests: z.boolean().default(true),
    build_wip_merge_requests: z.boolean().default(true),
    merge_requests_clone_parent_data: z.boolean().default(true),
  })
  .extend(gitSourceBaseSchema.shape)
  .strict();
export type GitlabSettings = z.infer<typeof gitlabSettingsSchema>;

const buildsMergeRequests = whenBuilding('build_merge_requests');

export const gitlabType = gitSourceSpec({
  type: 'gitlab',
  label: 'GitLab',
  description: 'Builds the branches and merge requests of a GitLab project from its hooks.',
  schema: gitlabSettingsSchema,
  repositoryField: 'project',
  fields: [
    {
      name: 'token',
      option: 'token',
      label: 'GitLab access token',
      description: 'An access token for the project',
      kind: 'string',
      secret: true,
      required: true,
    },
    {
      name: 'project',
      option: 'server-project',
      label: 'GitLab project',
      description: 'The project as namespace/repo (a pasted project URL is reduced to that)',
      kind: 'string',
      required: true,
    },
    {
      name: 'base_url',
      option: 'base-url',
      label: 'GitLab URL',
      description: 'The base URL of the GitLab installation (default https://gitlab.com)',
      kind: 'url',
    },
    {
      name: 'build_merge_requests',
      option: 'build-merge-requests',
      label: 'Build merge requests',
      description: 'Whether every merge request gets an environment pr-<number> (default true)',
      kind: 'boolean',
    },
    {
      name: 'build_wip_merge_requests',
      option: 'build-wip-merge-requests',
      label: 'Build WIP merge requests',
      description: 'Whether draft (WIP) merge requests get an environment too (default true)',
      kind: 'boolean',
      askWhen: buildsMergeRequests,
    },
    {
      name: 'merge_requests_clone_parent_data',
      option: 'merge-requests-clone-parent-data',
      label: 'Clone data for merge requests',
      description:
        "Whether a merge request's environment starts with its parent's data (default true)",
      kind: 'boolean',
      askWhen: buildsMergeRequests,
    },
    ...branchFields,
    hookSecretField,
  ],
});
