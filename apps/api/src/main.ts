import { startApi } from './app.ts';
import { readEnv } from './env.ts';
import { handleShutdownSignals } from './shutdown.ts';

async function main(): Promise<void> {
  const api = await startApi({ env: readEnv() });
  handleShutdownSignals(api.herald.logger, api.stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
