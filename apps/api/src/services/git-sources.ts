import {
  findActivity,
  findEnvironment,
  findHookDelivery,
  findIntegration,
  type IntegrationRow,
  insertHookDelivery,
  pruneHookDeliveries,
} from '@herald/db';
import {
  type Activity,
  type BranchPush,
  environmentNameSchema,
  forbidden,
  GIT_SOURCE_PROVIDERS,
  type GitSourceEffect,
  type GitSourceOptions,
  type GitSourceProvider,
  type GitSourceType,
  HeraldError,
  type HookHeaders,
  type HookMapping,
  invalid,
  isGitSourceType,
  isSameRepository,
  notFound,
  type PullRequestRef,
  pullRequestEnvironment,
  readDeliveryId,
  readGitSourceOptions,
} from '@herald/domain';
import { moveActivity, recordActivity } from './activities.ts';
import type { ActivityRunner } from './activity-runner.ts';
import {
  createEnvironmentFromPush,
  createPullRequestEnvironment,
  recordPush,
  removeEnvironmentOfBranch,
  synchronizeEnvironment,
} from './environments.ts';
import { type Herald, isoNow } from './herald.ts';
import { requireProject } from './projects.ts';
import { RateLimitedError, type RateLimiter } from './rate-limit.ts';

/** Providers retry for hours, GitHub's redelivery reaches back 3 days: a month covers both. */
const DELIVERY_MEMORY_MS = 30 * 24 * 60 * 60 * 1000;

export interface ReceivedHook {
  project: string;
  integration: string;
  headers: HookHeaders;
  /** The exact bytes received: signatures are over these, never over re-serialised JSON. */
  body: Buffer;
}

export type HookOutcome =
  | { status: 'accepted'; activity: string }
  | { status: 'duplicate'; activity: string }
  | { status: 'ignored'; reason: string };

/** The Git source a hook URL names; anything else is 404 before a byte of the body is read. */
export function requireGitSource(herald: Herald, projectId: string, id: string) {
  const row = findIntegration(herald.db, projectId, id);
  if (row === undefined || !isGitSourceType(row.type)) {
    throw notFound(`No Git source integration ${id} in project ${projectId}`);
  }

  return { row, type: row.type };
}

/**
 * A provider's hook: authenticated with the hook secret, counted against the integration's
 * rate limit, checked against the integration's repository, then recorded as an
 * `integration.<type>.fetch` activity whose work applies it.
 */
export function receiveHook(
  herald: Herald,
  runner: ActivityRunner,
  hook: ReceivedHook,
  limiter: RateLimiter,
) {
  const { row, type } = requireGitSource(herald, hook.project, hook.integration);
  const provider = GIT_SOURCE_PROVIDERS[type];
  const ids = { project: hook.project, integration_id: row.id };
  authenticateHook(herald, provider, row, hook);
  limitHooks(herald, limiter, row);
  if (!row.enabled) {
    throw forbidden(
      `Integration ${row.id} is disabled: ${row.disabledReason ?? 'no reason given'}`,
    );
  }

  const event = hook.headers[provider.eventHeader]?.trim() ?? '';
  const mapping = provider.mapHook(event, parseJson(hook.body));
  const options = readGitSourceOptions(type, row.config);
  if (mapping.repository !== null && !isSameRepository(options.repository, mapping.repository)) {
    herald.logger.warn(
      { ...ids, event, repository: mapping.repository },
      'hook refused: another repository',
    );
    throw forbidden(
      `This hook is about ${mapping.repository}, but integration ${row.id} follows ` +
        `${options.repository}; point the hook at that repository's integration`,
    );
  }
  if (mapping.effects.length === 0) {
    const reason = mapping.ignored.join('; ');
    herald.logger.info({ ...ids, event, reason }, 'hook ignored');
    return { status: 'ignored', reason } satisfies HookOutcome;
  }

  const delivery = readDeliveryId(provider, hook.headers);
  const recorded = recordFetch(herald, row, { provider, event, delivery, mapping });
  if (recorded.duplicate) {
    herald.logger.info(
      { ...ids, delivery_id: delivery, activity_id: recorded.activity.id },
      'hook repeated',
    );
    return { status: 'duplicate', activity: recorded.activity.id } satisfies HookOutcome;
  }

  const activity = recorded.activity;
  runner.enqueue(
    activity,
    (current) => applyHook(herald, runner, current, { type, mapping }),
    `${row.projectId}/integration:${row.id}`,
  );
  herald.logger.info(
    { ...ids, delivery_id: delivery, activity_id: activity.id, event },
    'hook accepted',
  );

  return { status: 'accepted', activity: activity.id } satisfies HookOutcome;
}

/**
 * Counted per integration and only once signed: whoever lacks the secret cannot spend an
 * integration's budget, and one busy repository cannot use up another's.
 */
function limitHooks(herald: Herald, limiter: RateLimiter, row: IntegrationRow): void {
  const decision = limiter.take(`integration:${row.id}`);
  if (decision.allowed) return;

  herald.logger.warn(
    { project: row.projectId, integration_id: row.id, retry_after: decision.retryAfterSeconds },
    'hook refused: rate limit',
  );
  throw new RateLimitedError(
    decision.retryAfterSeconds,
    `Too many hooks for integration ${row.id}; retry after ${decision.retryAfterSeconds} s ` +
      '(the limit is HERALD_HOOK_RATE_LIMIT_PER_MINUTE on the server)',
  );
}

function authenticateHook(
  herald: Herald,
  provider: GitSourceProvider,
  row: IntegrationRow,
  hook: ReceivedHook,
): void {
  const secret = row.secrets.hook_secret;
  const present = hook.headers[provider.signatureHeader.toLowerCase()] !== undefined;
  if (secret !== undefined && provider.authenticate(hook.headers, hook.body, secret)) {
    return;
  }

  // The received header is never logged: for GitLab it would be a guess at the secret.
  herald.logger.warn(
    {
      project: hook.project,
      integration_id: row.id,
      reason: present ? 'signature does not match' : 'not signed',
    },
    'hook refused: authentication',
  );
  throw new HeraldError(
    'UNAUTHORIZED',
    present
      ? `${provider.signatureHeader} does not match this integration's hook secret`
      : `${provider.signatureHeader} is missing: ` +
          "set the hook secret in the provider's webhook settings",
  );
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('The hook body is not JSON; set the content type to application/json');
  }
}

/** Records the fetch activity and the delivery id together: a retry finds one or the other. */
function recordFetch(
  herald: Herald,
  row: IntegrationRow,
  input: {
    provider: GitSourceProvider;
    event: string;
    delivery: string | null;
    mapping: HookMapping;
  },
): { duplicate: boolean; activity: Activity } {
  const { provider, event, delivery, mapping } = input;
  const now = isoNow(herald);

  const result = herald.db.transaction((tx) => {
    if (delivery !== null) {
      const seen = findHookDelivery(tx, row.id, delivery);
      const previous = seen && findActivity(tx, row.projectId, seen.activityId);
      if (previous) return { duplicate: true, activity: previous };
    }

    const activity = recordActivity(herald, tx, {
      project: row.projectId,
      type: `integration.${row.type}.fetch`,
      environments: [...new Set(mapping.effects.map(environmentOf))],
      description: `${provider.label} ${event}: ${mapping.effects.map(describeEffect).join(', ')}`,
      parameters: {
        event,
        delivery,
        repository: mapping.repository,
        changes: mapping.effects.map(summarizeEffect),
      },
      integration: row.id,
      state: 'pending',
    });
    if (delivery !== null) {
      const forgetBefore = new Date(herald.clock.now() - DELIVERY_MEMORY_MS).toISOString();
      pruneHookDeliveries(tx, row.id, forgetBefore);
      insertHookDelivery(tx, {
        integrationId: row.id,
        deliveryId: delivery,
        activityId: activity.id,
        receivedAt: now,
      });
    }

    return { duplicate: false, activity };
  });

  return result;
}

function environmentOf(effect: GitSourceEffect): string {
  switch (effect.kind) {
    case 'branch_push':
    case 'branch_delete':
      return effect.branch;
    case 'pull_request_open':
    case 'pull_request_push':
      return pullRequestEnvironment(effect.pullRequest.number);
    case 'pull_request_close':
      return pullRequestEnvironment(effect.number);
  }
}

function describeEffect(effect: GitSourceEffect): string {
  switch (effect.kind) {
    case 'branch_push':
      return effect.created ? `new branch ${effect.branch}` : `push to ${effect.branch}`;
    case 'branch_delete':
      return `branch ${effect.branch} deleted`;
    case 'pull_request_open':
      return `pull request #${effect.pullRequest.number} opened`;
    case 'pull_request_push':
      return `pull request #${effect.pullRequest.number} updated`;
    case 'pull_request_close':
      return `pull request #${effect.number} ${effect.merged ? 'merged' : 'closed'}`;
  }
}

/** What the fetch activity's parameters keep of an effect: enough to read, not the payload. */
function summarizeEffect(effect: GitSourceEffect): Record<string, unknown> {
  const environment = environmentOf(effect);
  switch (effect.kind) {
    case 'branch_push':
      return {
        kind: effect.kind,
        environment,
        created: effect.created,
        old_commit: effect.push.before,
        new_commit: effect.push.after,
        commits: effect.push.commits.length,
      };
    case 'pull_request_open':
    case 'pull_request_push':
      return {
        kind: effect.kind,
        environment,
        source_branch: effect.pullRequest.source,
        target_branch: effect.pullRequest.target,
        head_commit: effect.pullRequest.head,
        draft: effect.pullRequest.draft,
      };
    case 'pull_request_close':
      return { kind: effect.kind, environment, merged: effect.merged };
    default:
      return { kind: effect.kind, environment };
  }
}

interface ApplyContext {
  herald: Herald;
  runner: ActivityRunner;
  projectId: string;
  type: GitSourceType;
  options: GitSourceOptions;
}

/**
 * The fetch activity's work. Each effect is decided on the state its predecessors left (the
 * environment activities it starts are awaited), and written to the log as it happens.
 */
async function applyHook(
  herald: Herald,
  runner: ActivityRunner,
  activity: Activity,
  input: { type: GitSourceType; mapping: HookMapping },
): Promise<string> {
  const row = findIntegration(herald.db, activity.project, activity.integration ?? '');
  if (row === undefined) {
    throw new Error('The integration was deleted before its hook could be applied');
  }

  const context: ApplyContext = {
    herald,
    runner,
    projectId: activity.project,
    type: input.type,
    options: readGitSourceOptions(input.type, row.config),
  };
  const log = (line: string) =>
    moveActivity(herald, activity.project, activity.id, { state: 'in_progress', log: line });

  let failures = 0;
  for (const effect of input.mapping.effects) {
    try {
      log(await applyEffect(context, effect));
    } catch (error) {
      failures += 1;
      const reason = error instanceof Error ? error.message : String(error);
      log(`${capitalize(describeEffect(effect))}: failed: ${reason}`);
    }
  }
  for (const reason of input.mapping.ignored) {
    log(`Ignored ${reason}`);
  }

  const total = input.mapping.effects.length;
  if (failures > 0) {
    throw new Error(`${failures} of ${total} changes could not be applied`);
  }

  return `Applied ${total} change${total === 1 ? '' : 's'} from the ${input.type} hook.`;
}

function applyEffect(context: ApplyContext, effect: GitSourceEffect): Promise<string> | string {
  switch (effect.kind) {
    case 'branch_push':
      return applyBranchPush(context, effect.branch, effect.push);
    case 'branch_delete':
      return applyBranchDelete(context, effect.branch);
    case 'pull_request_open':
      return applyPullRequest(context, effect.pullRequest, effect.user, null);
    case 'pull_request_push':
      return applyPullRequest(context, effect.pullRequest, effect.push.user, effect.push);
    case 'pull_request_close':
      return applyPullRequestClose(context, effect.number, effect.merged);
  }
}

function liveEnvironment(context: ApplyContext, name: string) {
  const environment = findEnvironment(context.herald.db, context.projectId, name);
  return environment?.status === 'deleted' ? undefined : environment;
}

/** Waits for an environment activity this hook started; its failure is the effect's failure. */
async function settle(context: ApplyContext, activity: Activity): Promise<string> {
  await context.runner.settled(activity.id);
  const done = findActivity(context.herald.db, context.projectId, activity.id);
  if (done?.result !== 'success') {
    throw new Error(`${activity.type} ${activity.id} did not succeed: ${done?.log ?? 'no log'}`);
  }

  return `${activity.type} (${activity.id}): ${activity.description}`;
}

async function applyBranchPush(
  context: ApplyContext,
  branch: string,
  push: BranchPush,
): Promise<string> {
  const { herald, runner, projectId, options } = context;
  const project = requireProject(herald, projectId);
  if (!options.fetchBranches && branch !== project.defaultBranch) {
    return `Push to ${branch} not fetched: fetch_branches is off`;
  }
  if (!environmentNameSchema.safeParse(branch).success) {
    return `Push to ${branch} skipped: the branch name is not a valid environment name`;
  }

  const environment = liveEnvironment(context, branch);
  if (environment === undefined) {
    return settle(
      context,
      createEnvironmentFromPush(herald, runner, projectId, branch, push, { source: context.type }),
    );
  }
  if (environment.headCommit === push.after) {
    return `${branch} is already at ${push.after.slice(0, 12)}: nothing to push`;
  }

  const before = push.before ?? environment.headCommit;
  return settle(
    context,
    recordPush(herald, runner, projectId, branch, { ...push, before }, { source: context.type }),
  );
}

function applyBranchDelete(context: ApplyContext, branch: string): Promise<string> | string {
  const { options } = context;
  if (!options.pruneBranches) {
    const off = options.fetchBranches ? 'prune_branches' : 'fetch_branches';
    return `Branch ${branch} deleted; its environment is kept: ${off} is off`;
  }

  const environment = liveEnvironment(context, branch);
  if (environment === undefined) {
    return `Branch ${branch} deleted; it has no environment`;
  }
  if (environment.isDefault) {
    return `Branch ${branch} deleted; ${branch} is the default environment and is never deleted`;
  }

  return settle(
    context,
    removeEnvironmentOfBranch(
      context.herald,
      context.runner,
      context.projectId,
      branch,
      `branch ${branch} was deleted in ${context.options.repository}`,
    ),
  );
}

/**
 * An opened pull request, or new commits on one: its environment is created when missing (a
 * pull request opened before the integration existed is built on its next commits), pushed to
 * when its head moved.
 */
async function applyPullRequest(
  context: ApplyContext,
  pullRequest: PullRequestRef,
  user: string,
  push: BranchPush | null,
): Promise<string> {
  const { herald, runner, projectId, options } = context;
  const name = pullRequestEnvironment(pullRequest.number);
  const label = `Pull request #${pullRequest.number}`;
  if (!options.buildPullRequests) {
    return `${label} not built: building pull requests is off`;
  }

  const head = (options.buildPostMerge && pullRequest.mergeCommit) || pullRequest.head;
  const environment = liveEnvironment(context, name);
  if (environment !== undefined) {
    if (environment.headCommit === head) {
      return `${label}: ${name} is already at ${head.slice(0, 12)}`;
    }
    const before = push?.before ?? environment.headCommit;
    const commits = push?.commits ?? [];
    const pushed = await settle(
      context,
      recordPush(
        herald,
        runner,
        projectId,
        name,
        { user, before, after: head, commits },
        { source: context.type },
      ),
    );
    if (!options.resyncPullRequests) return pushed;

    return `${pushed}\n${await resyncPullRequestData(context, name)}`;
  }

  if (pullRequest.draft && !options.buildDraftPullRequests) {
    return `${label} is a draft; drafts are not built`;
  }
  if (liveEnvironment(context, pullRequest.target) === undefined) {
    return `${label} not built: its target branch ${pullRequest.target} has no environment`;
  }

  return settle(
    context,
    createPullRequestEnvironment(herald, runner, projectId, {
      name,
      number: pullRequest.number,
      title: pullRequest.title || name,
      parent: pullRequest.target,
      sourceBranch: pullRequest.source,
      head,
      user,
      cloneParentData: options.cloneParentData,
      source: context.type,
    }),
  );
}

/**
 * `resync_pull_requests` (Bitbucket): every build of a pull request's environment copies its
 * parent's data again, so reviewers test against current data. Data only: the code is the
 * pull request's. A parent that cannot be synchronized from (inactive) skips the copy and says
 * so; the push itself stands.
 */
async function resyncPullRequestData(context: ApplyContext, name: string): Promise<string> {
  const { herald, runner, projectId } = context;
  let activity: Activity;
  try {
    activity = synchronizeEnvironment(herald, runner, projectId, name, {
      code: false,
      data: true,
    });
  } catch (error) {
    if (!(error instanceof HeraldError)) throw error;
    return `${name}'s data not re-synchronized: ${error.message}`;
  }

  return settle(context, activity);
}

function applyPullRequestClose(
  context: ApplyContext,
  number: number,
  merged: boolean,
): Promise<string> | string {
  const name = pullRequestEnvironment(number);
  const what = `pull request #${number} was ${merged ? 'merged' : 'closed'}`;
  if (liveEnvironment(context, name) === undefined) {
    return `${capitalize(what)}; it has no environment`;
  }

  return settle(
    context,
    removeEnvironmentOfBranch(context.herald, context.runner, context.projectId, name, what),
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
