import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '@herald/api/app';
import { readEnv } from '@herald/api/env';
import { recordActivity } from '@herald/api/services/activities';
import { createIntegration } from '@herald/api/services/integrations';
import {
  type Activity,
  type ActivityResult,
  type ActivityState,
  EVENT_TYPES,
  type Filters,
  isProjectLevelEvent,
  matchesFilters,
} from '@herald/domain';
import Database from 'better-sqlite3';
import type { BenchEnv } from '../env.ts';
import { createHeraldClient, pushReport } from '../herald-client.ts';
import { readLoad } from '../machine.ts';
import type { BenchmarkResult } from '../report.ts';
import { ratio, round, summarize } from '../stats.ts';

type Subject = Pick<Activity, 'type' | 'state' | 'result' | 'environments'>;

/**
 * How fast the filter decides, over a mix of activities and of filters like users write them;
 * and what enqueueing one activity costs when 1,000 integrations want it.
 */
export async function benchmarkMatching(env: BenchEnv): Promise<BenchmarkResult> {
  const started = performance.now();
  const load = readLoad();
  const subjects = makeActivities(env.BENCH_MATCH_ACTIVITIES);
  const filters = makeFilters(env.BENCH_MATCH_INTEGRATIONS);
  const bare = filters.map(compileBareMatcher);

  const heraldMatches = countMatches(subjects, filters.length, (i, s) =>
    matchesFilters(filters[i]!, s),
  );
  const bareMatches = countMatches(subjects, filters.length, (i, s) => bare[i]!(s));
  if (heraldMatches !== bareMatches) {
    throw new Error(
      `The bare matcher disagrees with matchesFilters: ${bareMatches} vs ${heraldMatches}`,
    );
  }

  const heraldRates: number[] = [];
  const bareRates: number[] = [];
  for (let run = 0; run < env.BENCH_RUNS; run += 1) {
    heraldRates.push(
      evaluationsPerSecond(subjects, filters.length, (i, s) => matchesFilters(filters[i]!, s)),
    );
    bareRates.push(evaluationsPerSecond(subjects, filters.length, (i, s) => bare[i]!(s)));
  }

  const fanout = await measureFanout(env);
  const evaluations = summarize(heraldRates);
  const bareEvaluations = summarize(bareRates);

  return {
    name: 'matching',
    figures: [
      {
        name: `${subjects.length} activities x ${filters.length} filters`,
        unit: 'evaluations/s',
        better: 'higher',
        herald: evaluations,
        bare: bareEvaluations,
        ratio: ratio(evaluations.median, bareEvaluations.median),
      },
      {
        name: `enqueue one activity for ${env.BENCH_FANOUT} integrations`,
        unit: 'ms',
        better: 'lower',
        herald: fanout.herald,
        bare: fanout.bare,
        ratio: ratio(fanout.herald.median, fanout.bare.median),
      },
    ],
    targets: [],
    load: { before: load, after: readLoad() },
    seconds: (performance.now() - started) / 1000,
    details: {
      matching_pairs: heraldMatches,
      pairs: subjects.length * filters.length,
      fanout_deliveries_written: fanout.written,
    },
    notes: [
      'bare matcher: each filter compiled once into RegExps and Sets, checked inline',
      'bare fan-out: one better-sqlite3 transaction, one prepared INSERT per delivery, ' +
        'no log activity',
    ],
  };
}

function countMatches(
  subjects: Subject[],
  filters: number,
  match: (i: number, s: Subject) => boolean,
) {
  let count = 0;
  for (const subject of subjects) {
    for (let i = 0; i < filters; i += 1) if (match(i, subject)) count += 1;
  }
  return count;
}

/** Repeats the whole grid until at least half a second has passed. */
function evaluationsPerSecond(
  subjects: Subject[],
  filters: number,
  match: (i: number, s: Subject) => boolean,
): number {
  let evaluations = 0;
  const begin = performance.now();
  while (performance.now() - begin < 500) {
    countMatches(subjects, filters, match);
    evaluations += subjects.length * filters;
  }

  return (evaluations / (performance.now() - begin)) * 1000;
}

const ENVIRONMENTS = ['main', 'staging', 'feature-login', 'feature-cart', 'hotfix-42', 'dev'];
const STATES: ActivityState[] = ['pending', 'in_progress', 'complete', 'complete', 'cancelled'];

function makeActivities(count: number): Subject[] {
  return Array.from({ length: count }, (_, i) => {
    const type = EVENT_TYPES[i % EVENT_TYPES.length]!;
    const state = STATES[i % STATES.length]!;
    const result: ActivityResult | null =
      state === 'complete' ? (i % 7 === 0 ? 'failure' : 'success') : null;
    const environments = isProjectLevelEvent(type) ? [] : [ENVIRONMENTS[i % ENVIRONMENTS.length]!];

    return { type, state, result, environments };
  });
}

/** Filters as users write them: defaults, exact events, globs, environment patterns. */
function makeFilters(count: number): Filters[] {
  const shapes: Filters[] = [
    {
      events: ['*'],
      states: ['complete'],
      result: '*',
      environments: ['*'],
      excluded_environments: [],
    },
    {
      events: ['environment.push'],
      states: ['complete'],
      result: '*',
      environments: ['*'],
      excluded_environments: [],
    },
    {
      events: ['environment.variable.*'],
      states: ['*'],
      result: '*',
      environments: ['main'],
      excluded_environments: [],
    },
    {
      events: ['environment.push', 'environment.merge', 'environment.branch'],
      states: ['complete'],
      result: 'failure',
      environments: ['*'],
      excluded_environments: ['dev'],
    },
    {
      events: ['environment.*'],
      states: ['pending', 'complete'],
      result: '*',
      environments: ['feature-*', 'hotfix-?*'],
      excluded_environments: [],
    },
    {
      events: ['project.domain.*'],
      states: ['complete'],
      result: 'success',
      environments: ['*'],
      excluded_environments: [],
    },
    {
      events: ['environment.route.*', 'environment.update.*'],
      states: ['*'],
      result: '*',
      environments: ['*'],
      excluded_environments: ['staging', 'feature-*'],
    },
  ];

  return Array.from({ length: count }, (_, i) => shapes[i % shapes.length]!);
}

function globSource(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

/** The simplest correct matcher: compile once, then test inline. */
function compileBareMatcher(filters: Filters): (subject: Subject) => boolean {
  const events = filters.events.map(globSource);
  const states = new Set(filters.states);
  const allEnvironments = filters.environments.includes('*');
  const included = filters.environments.map(globSource);
  const excluded = filters.excluded_environments.map(globSource);

  return (subject) => {
    if (!events.some((event) => event.test(subject.type))) return false;
    if (!states.has('*') && !states.has(subject.state)) return false;
    if (filters.result !== '*' && filters.result !== subject.result) return false;
    if (subject.environments.length === 0 || isProjectLevelEvent(subject.type))
      return allEnvironments;

    return (
      subject.environments.some((name) => included.some((pattern) => pattern.test(name))) &&
      !subject.environments.some((name) => excluded.some((pattern) => pattern.test(name)))
    );
  };
}

/**
 * Herald's real enqueue (recordActivity in a transaction, as the API runs it) against a
 * project with `BENCH_FANOUT` matching webhooks, beside a bare transaction writing as many rows.
 */
async function measureFanout(env: BenchEnv) {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-fanout-'));
  const api = await startApi({
    env: readEnv({
      HERALD_DATA_DIR: dataDir,
      HERALD_API_PORT: '0',
      HERALD_LOG_LEVEL: 'silent',
      HERALD_DISPATCHER: 'off',
      HERALD_OUTBOUND_ALLOW: '127.0.0.0/8',
    }),
  });
  try {
    const { herald } = api;
    const token = (await import('node:fs'))
      .readFileSync(join(dataDir, 'admin-token'), 'utf8')
      .trim();
    const created = await createHeraldClient(api.url, token).project.create.mutate({
      title: 'Fan-out',
    });
    const project = created.project.id;
    for (let i = 0; i < env.BENCH_FANOUT; i += 1) {
      createIntegration(herald, project, {
        type: 'webhook',
        settings: {
          url: `http://127.0.0.1:9/hook/${i}`,
          shared_key: 'fanout-secret',
          events: ['environment.push'],
        },
      });
    }

    const bare = openBareOutbox(join(dataDir, 'bare.sqlite'), project, env.BENCH_FANOUT);
    const heraldMs: number[] = [];
    const bareMs: number[] = [];
    let written = 0;
    const repeats = 3;
    for (let run = 0; run < env.BENCH_RUNS + 1; run += 1) {
      for (let repeat = 0; repeat < repeats; repeat += 1) {
        const report = pushReport(project, run * repeats + repeat);
        const begin = performance.now();
        herald.db.transaction((tx) => recordActivity(herald, tx, report));
        const heraldTime = performance.now() - begin;
        const bareBegin = performance.now();
        written = bare.enqueue(JSON.stringify(report));
        const bareTime = performance.now() - bareBegin;
        // The first round warms the JIT and SQLite's page cache; it is not counted.
        if (run > 0) {
          heraldMs.push(heraldTime);
          bareMs.push(bareTime);
        }
      }
    }
    bare.close();

    return {
      herald: summarize(heraldMs.map((ms) => round(ms, 3))),
      bare: summarize(bareMs),
      written,
    };
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function openBareOutbox(file: string, project: string, integrations: number) {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(`
    create table integrations (id text primary key, project_id text, config text);
    create table deliveries (id text primary key, integration_id text, body text,
      status text, next_attempt_at integer, created_at text);
    create index deliveries_due on deliveries (status, next_attempt_at);
  `);
  const insertIntegration = sqlite.prepare('insert into integrations values (?, ?, ?)');
  for (let i = 0; i < integrations; i += 1) {
    insertIntegration.run(`i${i}`, project, JSON.stringify({ events: ['environment.push'] }));
  }
  const select = sqlite.prepare('select id, config from integrations where project_id = ?');
  const insert = sqlite.prepare('insert into deliveries values (?, ?, ?, ?, ?, ?)');
  let sequence = 0;
  const enqueue = sqlite.transaction((body: string) => {
    let count = 0;
    const now = Date.now();
    for (const row of select.all(project) as { id: string; config: string }[]) {
      const config = JSON.parse(row.config) as { events: string[] };
      if (!config.events.includes('environment.push')) continue;
      sequence += 1;
      insert.run(`msg_${sequence}`, row.id, body, 'pending', now, new Date(now).toISOString());
      count += 1;
    }
    return count;
  });

  return { enqueue: (body: string) => enqueue(body) as number, close: () => sqlite.close() };
}
