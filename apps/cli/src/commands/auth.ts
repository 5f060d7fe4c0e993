import { PROJECT_ROLES } from '@herald/domain';
import { type Command, InvalidArgumentError } from 'commander';
import {
  addTableOptions,
  type CliContext,
  type CommonOptions,
  isInteractive,
  printProperties,
  printRows,
  resolveProject,
  runAction,
  say,
} from '../context.ts';
import { EXIT } from '../errors.ts';
import { type ColumnSet, columnsOf } from '../output.ts';
import { resolveTokenId } from '../resolve-id.ts';

/** Headers are the keys, as scripts reading the csv already expect. */
const TOKEN_COLUMNS: ColumnSet = {
  all: columnsOf(
    ...(
      ['id', 'name', 'prefix', 'role', 'user', 'projects', 'created_at', 'revoked_at'] as const
    ).map((key): [string, string] => [key, key]),
  ),
  defaults: ['id', 'name', 'prefix', 'role', 'user', 'projects', 'created_at'],
};
const WHOAMI_COLUMNS: ColumnSet = { all: columnsOf(['property', 'property'], ['value', 'value']) };

interface TokenLike {
  id: string;
  name: string;
  prefix: string;
  role: string;
  user: string | null;
  projects: { project: string; role: string; environment_roles: Record<string, string> }[];
  created_at: string;
  revoked_at: string | null;
}

/** `P:contributor (main: viewer)` for each project, on one line. */
function describeProjects(projects: TokenLike['projects']): string {
  return projects
    .map(({ project, role, environment_roles }) => {
      const narrowed = Object.entries(environment_roles)
        .map(([environment, environmentRole]) => `${environment}: ${environmentRole}`)
        .join(', ');
      return narrowed ? `${project}:${role} (${narrowed})` : `${project}:${role}`;
    })
    .join('; ');
}

function tokenRow(token: TokenLike) {
  return {
    id: token.id,
    name: token.name,
    prefix: `${token.prefix}…`,
    role: token.role,
    user: token.user ?? '',
    projects: token.role === 'admin' ? '*' : describeProjects(token.projects),
    created_at: token.created_at,
    revoked_at: token.revoked_at ?? '',
  };
}

/** `main:viewer` or `development:contributor`, repeatable. */
function collectEnvironmentRole(value: string, previous: Record<string, string> = {}) {
  const match = value.match(/^([^:]+):([a-z]+)$/);
  if (!match?.[1] || !match[2]) {
    throw new InvalidArgumentError('It takes ENVIRONMENT:ROLE, e.g. main:viewer.');
  }

  return { ...previous, [match[1]]: match[2] };
}

const FIELD_OPTIONS: Record<string, string> = {
  name: '--name',
  user: '--user',
  project: '--project',
  role: '--role',
  environment_roles: '--environment-role',
  admin: '--admin',
};

export function registerAuthCommands(program: Command, ctx: CliContext): void {
  program
    .command('auth:token:create')
    .description('Create an API token; it is shown once, on stdout')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci-deploy')
    .option('--admin', 'an installation admin token: every project, tokens included')
    .option('--user <user>', 'the project user the token acts as (default: its name)')
    .option('-p, --project <id>', 'give the user a role in this project (with --role)')
    .option('--role <role>', `the user's role in the project: ${PROJECT_ROLES.join(', ')}`)
    .option(
      '--environment-role <environment:role>',
      'narrow the role on one environment (name or type); repeatable',
      collectEnvironmentRole,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  herald auth:token:create --name ci-deploy --project abcdefghijklm ' +
        '--role contributor' +
        '\n  herald auth:token:create --name alice --user alice@example.com --role contributor \\' +
        '\n    --environment-role production:viewer\n  herald auth:token:create --name ops --admin',
    )
    .action(
      runAction(
        ctx,
        async (options: {
          name: string;
          admin?: boolean;
          user?: string;
          project?: string;
          role?: string;
          environmentRole?: Record<string, string>;
          format?: string;
        }) => {
          const project =
            options.role !== undefined && options.project === undefined
              ? await resolveProject(ctx, undefined)
              : options.project;
          const created = await ctx.client.auth.token.create.mutate({
            name: options.name,
            admin: options.admin ?? false,
            user: options.user,
            project,
            role: options.role as (typeof PROJECT_ROLES)[number] | undefined,
            environment_roles: options.environmentRole as
              | Record<string, (typeof PROJECT_ROLES)[number]>
              | undefined,
          });

          const { token } = created;
          const reach =
            token.role === 'admin' ? 'installation admin' : describeProjects(token.projects);
          say(ctx, `Created token ${token.id} (${token.name}, ${reach || `user ${token.user}`})`);
          say(ctx, 'The token is shown this once; keep it now.');
          if (options.format !== undefined) {
            printProperties(ctx, { ...token, secret: created.secret }, options);
          } else {
            ctx.stdout.write(`${created.secret}\n`);
          }
          return EXIT.ok;
        },
        (field) => FIELD_OPTIONS[field] ?? field,
      ),
    );

  addTableOptions(
    program
      .command('auth:token:list')
      .alias('auth:tokens')
      .description('List API tokens (never the tokens themselves)')
      .option('--all', 'include revoked tokens')
      .addHelpText('after', '\nExample:\n  herald auth:token:list --format csv'),
  ).action(
    runAction(ctx, async (options: CommonOptions & { all?: boolean }) => {
      const tokens = await ctx.client.auth.token.list.query();
      const rows = tokens.filter((token) => options.all || token.revoked_at === null).map(tokenRow);
      const columns = options.all
        ? { all: TOKEN_COLUMNS.all }
        : { ...TOKEN_COLUMNS, all: TOKEN_COLUMNS.all.filter(({ key }) => key !== 'revoked_at') };
      printRows(ctx, rows, columns, options);
      return EXIT.ok;
    }),
  );

  program
    .command('auth:token:revoke')
    .description('Revoke an API token; it stops working at once')
    .argument('<id>', 'the token ID from auth:token:list, or a unique start of one')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  herald auth:token:revoke abcdefghijklm --yes')
    .action(
      runAction(ctx, async (given: string, options: CommonOptions) => {
        const id = await resolveTokenId(ctx, given);
        if (isInteractive(ctx, options)) {
          const sure = await ctx.prompter.confirm(`Revoke token ${id}?`, false);
          if (!sure) {
            say(ctx, 'Nothing revoked.');
            return EXIT.failed;
          }
        }

        const token = await ctx.client.auth.token.revoke.mutate({ id });
        say(ctx, `Revoked token ${token.id} (${token.name}); it no longer works.`);
        if (options.format !== undefined) printProperties(ctx, { ...token }, options);
        return EXIT.ok;
      }),
    );

  addTableOptions(
    program
      .command('auth:info')
      .description('Show the token in use: its user and its role in each project')
      .addHelpText('after', '\nExample:\n  herald auth:info --format plain'),
  ).action(
    runAction(ctx, async (options: CommonOptions) => {
      const caller = await ctx.client.auth.whoami.query();
      const rows = [
        { property: 'id', value: caller.token.id },
        { property: 'name', value: caller.token.name },
        { property: 'prefix', value: `${caller.token.prefix}…` },
        { property: 'role', value: caller.token.role },
        { property: 'user', value: caller.token.user ?? '' },
        { property: 'projects', value: describeProjects(caller.projects) },
      ];
      printRows(ctx, rows, WHOAMI_COLUMNS, options);
      return EXIT.ok;
    }),
  );
}
