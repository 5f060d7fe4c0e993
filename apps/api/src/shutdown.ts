import type { Logger } from './logger.ts';

/**
 * On SIGTERM or SIGINT: stop taking work, let what is in flight finish within the request
 * timeout, give back what was not sent, and exit by running out of work (no process.exit, so
 * every log line is flushed). A second signal while that runs ends the process at once.
 */
export function handleShutdownSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => {
        logger.info('stopped');
        process.exitCode = 0;
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
