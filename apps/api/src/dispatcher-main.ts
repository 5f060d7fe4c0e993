import { startDispatcher } from './app.ts';
import { readEnv } from './env.ts';
import { handleShutdownSignals } from './shutdown.ts';

/** `pnpm --filter @herald/api dispatcher`: the dispatcher alone, sharing the API's data dir. */
async function main(): Promise<void> {
  const running = await startDispatcher({ env: readEnv() });
  handleShutdownSignals(running.herald.logger, running.stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
