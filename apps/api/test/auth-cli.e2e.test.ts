import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers.ts';

describe('herald auth:token:*', () => {
  let api: TestApi;
  let project: string;

  beforeAll(async () => {
    api = await startTestApi();
    const created = await api.cli(['project:create', '--title', 'Shop']);
    expect(created.code, created.stderr).toBe(0);
    project = created.stdout.trim();
  });

  afterAll(async () => {
    await api?.close();
  });

  // Each CLI call starts a process: on a busy machine a few take seconds each.
  const CLI_STEPS = { timeout: 300_000 };

  it(
    'creates a token shown once, listed by its prefix only, revoked at once',
    CLI_STEPS,
    async () => {
      const created = await api.cli([
        'auth:token:create',
        '--name=ci-deploy',
        `--project=${project}`,
        '--role=contributor',
      ]);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^hrld_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toMatch(
        new RegExp(`Created token [a-z2-7]{13} \\(ci-deploy, ${project}:contributor\\)`),
      );
      expect(created.stderr).toContain('shown this once');

      const asDeployer = { env: { HERALD_TOKEN: token } };
      const environments = await api.cli(['environment:list', '--format=csv'], asDeployer);
      expect(environments.code, environments.stderr).toBe(0);
      expect(environments.stdout).toContain('main,main,active');

      const listed = await api.cli(['auth:token:list', '--format=csv']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).not.toContain(token);
      const row = listed.stdout.split('\n').find((line) => line.includes('ci-deploy'))!;
      expect(row).toContain(`${token.slice(0, 11)}…`);
      expect(row).toContain(`member,ci-deploy,${project}:contributor`);
      const id = row.split(',')[0]!;

      const revoked = await api.cli(['auth:token:revoke', id]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stderr).toContain(`Revoked token ${id} (ci-deploy); it no longer works.`);

      const refused = await api.cli(['environment:list'], asDeployer);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('A valid API token is required');
      expect(refused.stderr).toContain('Set HERALD_TOKEN');

      const all = await api.cli([
        'auth:token:list',
        '--all',
        '--format=csv',
        '--columns=id,revoked_at',
      ]);
      expect(all.stdout).toMatch(new RegExp(`${id},\\d{4}-`));
      const active = await api.cli(['auth:token:list', '--format=csv', '--columns=id']);
      expect(active.stdout).not.toContain(id);
    },
  );

  it('tells a viewer which role a change needs', CLI_STEPS, async () => {
    const created = await api.cli(['auth:token:create', '--name=reader', '--role=viewer']);
    expect(created.code, created.stderr).toBe(0);
    const asReader = { env: { HERALD_TOKEN: created.stdout.trim() } };

    const branched = await api.cli(['environment:branch', 'feature-x'], asReader);
    expect(branched.code).toBe(1);
    expect(branched.stderr.trim()).toMatch(
      new RegExp(
        `^This needs the contributor role in project ${project}; token "reader" ` +
          '\\(hrld_\\S{6}…, user reader\\) has viewer\\.$',
      ),
    );

    const tokens = await api.cli(['auth:token:list'], asReader);
    expect(tokens.code).toBe(1);
    expect(tokens.stderr).toMatch(/This needs an installation admin token/);

    const info = await api.cli(['auth:info', '--format=csv'], asReader);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toContain('role,member');
    expect(info.stdout).toContain(`projects,${project}:viewer`);
  });

  it("never rewrites an existing user's roles through a new token", CLI_STEPS, async () => {
    const added = await api.cli([
      'user:add',
      'bob@example.com',
      '--role=contributor',
      '--role=production:viewer',
    ]);
    expect(added.code, added.stderr).toBe(0);

    const widened = await api.cli([
      'auth:token:create',
      '--name=bob',
      '--user=bob@example.com',
      '--role=contributor',
    ]);
    expect(widened.code).toBe(4);
    expect(widened.stderr).toContain('bob@example.com is already a user of project');
    expect(widened.stderr).toContain('user:update');
    const listed = await api.cli(['auth:token:list', '--format=csv', '--columns=name']);
    expect(listed.stdout.split('\n')).not.toContain('bob');

    const inherited = await api.cli(['auth:token:create', '--name=bob', '--user=bob@example.com']);
    expect(inherited.code, inherited.stderr).toBe(0);
    const roles = await api.cli(['user:get', 'bob@example.com', '--format=json']);
    expect(JSON.parse(roles.stdout).environment_roles).toEqual({ production: 'viewer' });
  });

  it('names the option at fault', CLI_STEPS, async () => {
    const bad = await api.cli(['auth:token:create', '--name=x', '--role=owner']);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('--role: must be one of viewer, contributor, admin');

    const mixed = await api.cli(['auth:token:create', '--name=x', '--admin', '--role=viewer']);
    expect(mixed.code).toBe(4);
    expect(mixed.stderr).toContain('--admin: cannot be combined with user, project or role');

    const environmentRole = await api.cli([
      'auth:token:create',
      '--name=x',
      '--role=viewer',
      '--environment-role=main',
    ]);
    expect(environmentRole.code).toBe(2);
    expect(environmentRole.stderr).toContain('It takes ENVIRONMENT:ROLE, e.g. main:viewer.');
  });

  // Last: it revokes the token the other tests use.
  it(
    'creates installation admin tokens and keeps the last one from being revoked',
    CLI_STEPS,
    async () => {
      const created = await api.cli(['auth:token:create', '--name=ops', '--admin']);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stderr).toContain('installation admin');
      const ops = created.stdout.trim();

      const listed = await api.cli(['auth:token:list', '--format=csv', '--columns=id,name,role']);
      const ids = Object.fromEntries(
        listed.stdout
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(','))
          .map(([id, name]) => [name, id]),
      );

      const first = await api.cli(['auth:token:revoke', ids.admin!], {
        env: { HERALD_TOKEN: ops },
      });
      expect(first.code, first.stderr).toBe(0);
      const last = await api.cli(['auth:token:revoke', ids.ops!], { env: { HERALD_TOKEN: ops } });
      expect(last.code).toBe(4);
      expect(last.stderr).toContain('is the last installation admin token');
    },
  );
});
