import { startApi } from './app.ts';
import { readEnv } from './env.ts';

async function main(): Promise<void> {
  const api = await startApi({ env: readEnv() });

  const shutdown = async (signal: string) => {
    api.herald.logger.info({ signal }, 'shutting down');
    await api.stop();
    process.exitCode = 0;
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
