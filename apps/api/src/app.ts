import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { migrateDatabase, openDatabase } from '@herald/db';
import type { Env } from './env.ts';
import { createLogger, type Logger } from './logger.ts';
import { metricsRoute } from './metrics-route.ts';
import { gitRemoteRoute } from './routes/git-remote.ts';
import { providerHookRoute } from './routes/provider-hook.ts';
import { createHeraldServer, type Route, sendJson } from './server.ts';
import { ActivityRunner } from './services/activity-runner.ts';
import { Dispatcher, type DispatcherOptions } from './services/dispatcher.ts';
import { type Clock, createHerald, type Herald, systemClock } from './services/herald.ts';
import { DeliveryMetrics } from './services/metrics.ts';
import { OutboundClient } from './services/outbound/outbound-client.ts';
import type { Resolver } from './services/outbound/resolver.ts';
import { RateLimiter } from './services/rate-limit.ts';
import { ensureAdminToken } from './services/tokens.ts';

export interface StartOptions {
  env: Env;
  logger?: Logger;
  clock?: Clock;
  dispatcher?: Partial<DispatcherOptions>;
  /** Stands in for DNS: tests make names resolve to the addresses they choose. */
  resolver?: Resolver;
  /** Plain HTTP routes beside the built-in ones. */
  routes?: Route[];
}

interface OpenedHerald {
  herald: Herald;
  metrics: DeliveryMetrics;
  close: () => Promise<void>;
}

/**
 * How often a worker thread copies the WAL back into the database file. At the highest rates
 * the WAL grows a few MB a second; a tenth of a second keeps it small and each checkpoint short.
 */
const BACKGROUND_CHECKPOINT_MS = 100;

/** Opens and migrates the database and builds what every service needs. */
function openHerald(options: StartOptions, publicUrl: string): OpenedHerald {
  const { env } = options;
  const logger = options.logger ?? createLogger(env.HERALD_LOG_LEVEL);
  const database = openDatabase(`${env.HERALD_DATA_DIR}/herald.sqlite`, {
    backgroundCheckpointMs: BACKGROUND_CHECKPOINT_MS,
  });
  migrateDatabase(database.db);
  const outbound = new OutboundClient({
    policy: env.HERALD_OUTBOUND_ALLOW,
    limits: {
      connectTimeoutMs: env.HERALD_OUTBOUND_CONNECT_TIMEOUT,
      requestTimeoutMs: env.HERALD_OUTBOUND_TIMEOUT,
    },
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });

  const herald = createHerald({
    db: database.db,
    clock: options.clock ?? systemClock,
    logger,
    config: {
      dataDir: env.HERALD_DATA_DIR,
      publicUrl,
      maxBodyBytes: env.HERALD_MAX_BODY_BYTES,
      maxGitBodyBytes: env.HERALD_MAX_GIT_BODY_BYTES,
      rateLimitPerMinute: env.HERALD_RATE_LIMIT_PER_MINUTE,
      hookRateLimitPerMinute: env.HERALD_HOOK_RATE_LIMIT_PER_MINUTE,
      smtpUrl: env.HERALD_SMTP_URL ?? null,
      smtpFrom: env.HERALD_SMTP_FROM,
      slackApiUrl: env.HERALD_SLACK_API_URL.replace(/\/+$/, ''),
      pagerDutyApiUrl: env.HERALD_PAGERDUTY_API_URL.replace(/\/+$/, ''),
      searchPath: env.PATH,
    },
    outbound,
  });

  return {
    herald,
    metrics: new DeliveryMetrics(herald),
    close: async () => {
      await outbound.close();
      database.close();
    },
  };
}

function createDispatcher(options: StartOptions, opened: OpenedHerald): Dispatcher {
  const { env } = options;
  return new Dispatcher(opened.herald, {
    concurrency: env.HERALD_DISPATCH_CONCURRENCY,
    perIntegration: env.HERALD_DISPATCH_PER_INTEGRATION,
    leaseMs: env.HERALD_DISPATCH_LEASE,
    retryScheduleMs: env.HERALD_RETRY_SCHEDULE,
    metrics: opened.metrics,
    ...options.dispatcher,
  });
}

export interface RunningApi {
  herald: Herald;
  /** Runs platform actions; tests use it to hold an environment's queue. */
  runner: ActivityRunner;
  url: string;
  dispatcher: Dispatcher | null;
  stop: () => Promise<void>;
}

/** Opens and migrates the database, then listens; the dispatcher runs in the same process. */
export async function startApi(options: StartOptions): Promise<RunningApi> {
  const { env } = options;
  const opened = openHerald(
    options,
    env.HERALD_PUBLIC_URL ?? `http://${env.HERALD_API_HOST}:${env.HERALD_API_PORT}`,
  );
  const { herald } = opened;
  ensureAdminToken(herald);

  const runner = new ActivityRunner(herald);
  // One budget per token for tRPC and the Git remote; hooks count per integration apart.
  const limiter = new RateLimiter(herald.config.rateLimitPerMinute, herald.clock);
  const hookLimiter = new RateLimiter(herald.config.hookRateLimitPerMinute, herald.clock);
  const { server } = createHeraldServer(
    herald,
    [
      providerHookRoute(herald, runner, hookLimiter),
      gitRemoteRoute(herald, runner, limiter),
      metricsRoute(opened.metrics),
      ...(options.routes ?? []),
    ],
    runner,
    limiter,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.HERALD_API_PORT, env.HERALD_API_HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${env.HERALD_API_HOST}:${port}`;
  if (env.HERALD_PUBLIC_URL === undefined) {
    herald.config.publicUrl = url;
  }

  const dispatcher = env.HERALD_DISPATCHER === 'on' ? createDispatcher(options, opened) : null;
  dispatcher?.start();
  herald.logger.info({ url, data_dir: env.HERALD_DATA_DIR }, 'herald api listening');

  return {
    herald,
    runner,
    url,
    dispatcher,
    stop: async () => {
      // Stop claiming first; sends in flight finish (or time out) while the server closes.
      const dispatcherStopped = dispatcher?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.idle();
      await dispatcherStopped;
      await opened.close();
    },
  };
}

export interface RunningDispatcher {
  herald: Herald;
  dispatcher: Dispatcher;
  /** Where /healthz and /metrics answer, when HERALD_DISPATCHER_PORT is set. */
  url: string | null;
  stop: () => Promise<void>;
}

/**
 * The dispatcher as a process of its own, beside an API started with HERALD_DISPATCHER=off (or
 * beside other dispatchers): it only claims, sends and records.
 */
export async function startDispatcher(options: StartOptions): Promise<RunningDispatcher> {
  const { env } = options;
  const opened = openHerald(options, env.HERALD_PUBLIC_URL ?? '');
  const dispatcher = createDispatcher(options, opened);
  const { herald } = opened;

  const metrics = metricsRoute(opened.metrics);
  const server =
    env.HERALD_DISPATCHER_PORT === undefined
      ? null
      : createServer(async (request, response) => {
          const url = new URL(request.url ?? '/', 'http://herald.invalid');
          if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
          if (!(await metrics(request, response, url))) sendJson(response, 404, {});
        });
  let url: string | null = null;
  if (server !== null) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.HERALD_DISPATCHER_PORT, env.HERALD_API_HOST, resolve);
    });
    url = `http://${env.HERALD_API_HOST}:${(server.address() as AddressInfo).port}`;
  }

  dispatcher.start();
  herald.logger.info({ owner: dispatcher.owner, url }, 'herald dispatcher running');

  return {
    herald,
    dispatcher,
    url,
    stop: async () => {
      await dispatcher.stop();
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await opened.close();
    },
  };
}
