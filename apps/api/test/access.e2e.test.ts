import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../src/services/access.ts';
import { mayOnEnvironment, revokeProjectAccess } from '../src/services/access.ts';
import { authenticate } from '../src/services/tokens.ts';
import { ACCESS_RULES } from './access-rules.ts';
import { startTestApi, type TestApi } from './helpers.ts';
import { callProcedure, listProcedures } from './trpc-http.ts';

/** The callers every procedure is tried with, and what each may reach. */
const PRINCIPALS = {
  'installation admin': ['token', 'viewer', 'contributor', 'admin', 'installation-admin'],
  'project admin': ['token', 'viewer', 'contributor', 'admin'],
  contributor: ['token', 'viewer', 'contributor'],
  viewer: ['token', 'viewer'],
  'admin of another project': ['token'],
  'revoked token': [],
  'unknown token': [],
  'no token': [],
} satisfies Record<string, Access[]>;
type Principal = keyof typeof PRINCIPALS;

const UNAUTHENTICATED: Principal[] = ['revoked token', 'unknown token', 'no token'];
const EPOCH = '1970-01-01T00:00:00.000Z';

function expectedOutcome(principal: Principal, access: Access) {
  if ((PRINCIPALS[principal] as Access[]).includes(access)) return 'allowed';
  return UNAUTHENTICATED.includes(principal) ? 'unauthorized' : 'forbidden';
}

describe('every procedure checks the role it declares', () => {
  let api: TestApi;
  let project: string;
  const tokens = new Map<Principal, string | undefined>();

  async function call(path: string, input: unknown, token: string | undefined = api.token) {
    const procedure = listProcedures().find((candidate) => candidate.path === path)!;
    return callProcedure(api.url, procedure, input, token);
  }

  async function createProject(title: string): Promise<string> {
    const created = await call('project.create', { title });
    expect(created.status, created.error?.message).toBe(200);
    return (created.data as { project: { id: string } }).project.id;
  }

  async function createToken(input: Record<string, unknown>): Promise<string> {
    const created = await call('auth.token.create', input);
    expect(created.status, created.error?.message).toBe(200);
    return (created.data as { secret: string }).secret;
  }

  beforeAll(async () => {
    api = await startTestApi();
    project = await createProject('Shop');
    const other = await createProject('Blog');

    tokens.set('installation admin', api.token);
    for (const role of ['admin', 'contributor', 'viewer'] as const) {
      const name = role === 'admin' ? 'project admin' : role;
      tokens.set(name, await createToken({ name: `p-${role}`, project, role }));
    }
    tokens.set(
      'admin of another project',
      await createToken({ name: 'q-admin', project: other, role: 'admin' }),
    );

    const revoked = await createToken({ name: 'gone', project, role: 'admin' });
    const id = (await call('auth.whoami', {}, revoked)).data as { token: { id: string } };
    expect((await call('auth.token.revoke', { id: id.token.id })).status).toBe(200);
    tokens.set('revoked token', revoked);
    tokens.set('unknown token', 'hrld_this-token-was-never-made');
    tokens.set('no token', undefined);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('has a rule for every procedure, and every procedure declares the same role', () => {
    const procedures = listProcedures();
    const undeclared = procedures.filter((procedure) => procedure.meta?.access === undefined);
    expect(
      undeclared.map((procedure) => procedure.path),
      'procedures without a role',
    ).toEqual([]);

    const missing = procedures.filter((procedure) => !(procedure.path in ACCESS_RULES));
    expect(
      missing.map((procedure) => procedure.path),
      'add these procedures to test/access-rules.ts with the role they need',
    ).toEqual([]);

    const gone = Object.keys(ACCESS_RULES).filter(
      (path) => !procedures.some((procedure) => procedure.path === path),
    );
    expect(gone, 'rules for procedures that no longer exist').toEqual([]);

    for (const procedure of procedures) {
      expect(procedure.meta?.access, procedure.path).toBe(ACCESS_RULES[procedure.path]);
    }
  });

  // Every procedure times every caller: a few hundred calls, more as the API grows.
  it('allows or refuses each procedure for each caller as the rules say', {
    timeout: 180_000,
  }, async () => {
    const mismatches: string[] = [];
    for (const procedure of listProcedures()) {
      const access = ACCESS_RULES[procedure.path]!;
      for (const principal of Object.keys(PRINCIPALS) as Principal[]) {
        // The project alone: whatever passes the access check then fails validation or
        // finds nothing, so the walk changes nothing it could trip over later.
        // A subscription from now on would stay silent; from the start it sends the
        // project's activities at once when allowed.
        const input = procedure.type === 'subscription' ? { project, since: EPOCH } : { project };
        const answer = await callProcedure(api.url, procedure, input, tokens.get(principal));
        const outcome =
          answer.status === 401 ? 'unauthorized' : answer.status === 403 ? 'forbidden' : 'allowed';
        const expected = expectedOutcome(principal, access);
        if (outcome !== expected) {
          mismatches.push(
            `${procedure.path} as ${principal}: ${outcome} (${answer.status} ` +
              `${answer.error?.message ?? 'ok'}), the rule says ${expected}`,
          );
        }
        if (outcome === 'unauthorized') {
          expect(answer.error?.message).toContain('Authorization: Bearer <token>');
          // An event stream's headers go out before the procedure runs: no challenge there.
          if (procedure.type !== 'subscription') {
            expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
          }
        }
        if (outcome === 'forbidden') {
          expect(answer.error?.message).toMatch(
            access === 'installation-admin'
              ? /needs an installation admin token/
              : new RegExp(`needs the ${access} role in project ${project}`),
          );
        }
      }
    }

    expect(mismatches).toEqual([]);
  });

  it('shows each token only the projects it reaches', async () => {
    const listed = async (principal: Principal) =>
      ((await call('project.list', {}, tokens.get(principal))).data as { id: string }[]).map(
        (row) => row.id,
      );

    expect(await listed('viewer')).toEqual([project]);
    expect(await listed('admin of another project')).not.toContain(project);
    expect(await listed('installation admin')).toHaveLength(2);
  });

  it('answers a project that does not exist like one the token may not see', async () => {
    const viewer = tokens.get('viewer');
    const missing = await call('project.get', { project: 'nosuchproject' }, viewer);
    const hidden = await call('project.get', { project: 'aaaaaaaaaaaaa' }, viewer);
    expect(missing.status).toBe(403);
    expect(hidden.status).toBe(403);

    const asAdmin = await call('project.get', { project: 'nosuchproject' });
    expect(asAdmin.status).toBe(404);
  });
});

describe('roles per environment narrow what a contributor may touch', () => {
  let api: TestApi;
  let project: string;
  let narrowed: string;

  async function call(path: string, input: unknown, token: string | undefined = api.token) {
    const procedure = listProcedures().find((candidate) => candidate.path === path)!;
    return callProcedure(api.url, procedure, input, token);
  }

  beforeAll(async () => {
    api = await startTestApi();
    const created = await api.cli(['project:create', '--title', 'Shop']);
    expect(created.code, created.stderr).toBe(0);
    project = created.stdout.trim();
    const branched = await api.cli(['environment:branch', 'feature-x']);
    expect(branched.code, branched.stderr).toBe(0);

    const token = await api.cli([
      'auth:token:create',
      '--name=dev',
      '--user=dev@example.com',
      '--role=contributor',
      '--environment-role=main:viewer',
      '--environment-role=development:contributor',
    ]);
    expect(token.code, token.stderr).toBe(0);
    narrowed = token.stdout.trim();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('lets the contributor act on environments its roles allow', async () => {
    const branched = await call(
      'environment.branch',
      { project, name: 'feature-y', parent: 'feature-x' },
      narrowed,
    );
    expect(branched.status, branched.error?.message).toBe(200);

    const reported = await call(
      'activity.report',
      { project, type: 'environment.push', environments: ['feature-x'] },
      narrowed,
    );
    expect(reported.status, reported.error?.message).toBe(200);
  });

  it('refuses the environments left read-only, and changes to the whole project', async () => {
    const fromMain = await call('environment.branch', { project, name: 'hotfix' }, narrowed);
    expect(fromMain.status).toBe(403);
    expect(fromMain.error?.message).toBe(
      `This needs the contributor role on environment main of project ${project}; ` +
        'user dev@example.com has viewer there.',
    );

    const onMain = await call(
      'activity.report',
      { project, type: 'environment.push', environments: ['feature-x', 'main'] },
      narrowed,
    );
    expect(onMain.status).toBe(403);

    const projectWide = await call(
      'activity.report',
      { project, type: 'project.domain.create', environments: [] },
      narrowed,
    );
    expect(projectWide.status).toBe(403);
    expect(projectWide.error?.message).toMatch(/changes the whole project/);
  });

  it('checks a transition against the environments of the activity it moves', async () => {
    const report = async (environments: string[]) => {
      const reported = await call('activity.report', {
        project,
        type: 'environment.push',
        environments,
      });
      return (reported.data as { id: string }).id;
    };
    const onFeature = await report(['feature-x']);
    const onMain = await report(['main']);

    const moved = await call(
      'activity.transition',
      { project, id: onFeature, state: 'in_progress' },
      narrowed,
    );
    expect(moved.status, moved.error?.message).toBe(200);
    const refused = await call(
      'activity.transition',
      { project, id: onMain, state: 'in_progress' },
      narrowed,
    );
    expect(refused.status).toBe(403);
    expect(refused.error?.message).toMatch(/contributor role on environment main/);
  });

  it('still lets the contributor read every environment', async () => {
    const environments = await call('environment.list', { project }, narrowed);
    expect(environments.status).toBe(200);
    expect((environments.data as { name: string }[]).map((row) => row.name)).toContain('main');
  });

  it('answers "may this token do X on environment E" for callers outside tRPC', () => {
    const token = authenticate(api.herald, `Bearer ${narrowed}`)!;
    const may = (environment: string, role: 'viewer' | 'contributor') =>
      mayOnEnvironment(api.herald, token, project, environment, role);

    expect(may('feature-x', 'contributor')).toBe(true);
    expect(may('main', 'contributor')).toBe(false);
    expect(may('main', 'viewer')).toBe(true);
    expect(mayOnEnvironment(api.herald, token, 'otherproject0', 'main', 'viewer')).toBe(false);
  });

  it('records environment.access.add for each environment the new user reaches', async () => {
    const listed = await call('activity.list', { project, limit: 50 });
    const added = (listed.data as { type: string; environments: string[]; parameters: object }[])
      .filter((activity) => activity.type === 'environment.access.add')
      .map((activity) => [activity.environments[0], activity.parameters]);
    expect(added).toEqual(
      expect.arrayContaining([
        ['main', { user: 'dev@example.com', role: 'viewer' }],
        ['feature-x', { user: 'dev@example.com', role: 'contributor' }],
      ]),
    );
  });

  // Last: it takes the user out of the project.
  it("stops a user's tokens at once when the user leaves the project", async () => {
    revokeProjectAccess(api.herald, api.runner, project, 'dev@example.com');

    const refused = await call('environment.list', { project }, narrowed);
    expect(refused.status).toBe(403);
    expect(refused.error?.message).toMatch(/has no role there/);

    const listed = await call('activity.list', { project, limit: 100 });
    const removed = (listed.data as { type: string; environments: string[] }[])
      .filter((activity) => activity.type === 'environment.access.remove')
      .map((activity) => activity.environments[0])
      .sort();
    expect(removed).toEqual(['feature-x', 'feature-y', 'main']);
  });
});
