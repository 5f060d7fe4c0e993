import type { AddressInfo } from 'node:net';
import { migrateDatabase, openDatabase } from '@herald/db';
import type { Env } from './env.ts';
import { createLogger, type Logger } from './logger.ts';
import { providerHookRoute } from './routes/provider-hook.ts';
import { createHeraldServer, type Route } from './server.ts';
import { ActivityRunner } from './services/activity-runner.ts';
import { Dispatcher, type DispatcherOptions } from './services/dispatcher.ts';
import { type Clock, createHerald, type Herald, systemClock } from './services/herald.ts';
import { ensureAdminToken } from './services/tokens.ts';

export interface StartOptions {
  env: Env;
  logger?: Logger;
  clock?: Clock;
  dispatcher?: Partial<DispatcherOptions>;
  /** Plain HTTP routes beside the built-in ones. */
  routes?: Route[];
}

export interface RunningApi {
  herald: Herald;
  url: string;
  dispatcher: Dispatcher | null;
  stop: () => Promise<void>;
}

/** Opens and migrates the database, then listens; the dispatcher runs in the same process. */
export async function startApi(options: StartOptions): Promise<RunningApi> {
  const { env } = options;
  const logger = options.logger ?? createLogger(env.HERALD_LOG_LEVEL);
  const database = openDatabase(`${env.HERALD_DATA_DIR}/herald.sqlite`);
  migrateDatabase(database.db);

  const herald = createHerald({
    db: database.db,
    clock: options.clock ?? systemClock,
    logger,
    config: {
      dataDir: env.HERALD_DATA_DIR,
      publicUrl: env.HERALD_PUBLIC_URL ?? `http://${env.HERALD_API_HOST}:${env.HERALD_API_PORT}`,
      maxBodyBytes: env.HERALD_MAX_BODY_BYTES,
      rateLimitPerMinute: env.HERALD_RATE_LIMIT_PER_MINUTE,
    },
  });
  ensureAdminToken(herald);

  const runner = new ActivityRunner(herald);
  const routes = [providerHookRoute(herald, runner), ...(options.routes ?? [])];
  const { server } = createHeraldServer(herald, routes, runner);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.HERALD_API_PORT, env.HERALD_API_HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${env.HERALD_API_HOST}:${port}`;
  if (env.HERALD_PUBLIC_URL === undefined) {
    herald.config.publicUrl = url;
  }

  const dispatcher =
    env.HERALD_DISPATCHER === 'on' ? new Dispatcher(herald, options.dispatcher) : null;
  dispatcher?.start();
  logger.info({ url, data_dir: env.HERALD_DATA_DIR }, 'herald api listening');

  return {
    herald,
    url,
    dispatcher,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.idle();
      await dispatcher?.stop();
      database.close();
    },
  };
}
