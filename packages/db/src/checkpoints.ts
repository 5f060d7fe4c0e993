import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** SQLite's own default: the WAL is copied back once it holds this many pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * While the worker checkpoints, the process's connection only does so itself past this many
 * pages (40 MB at 4 KiB): a backstop that keeps the WAL bounded if the worker falls behind.
 */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

export interface BackgroundCheckpoints {
  stop: () => void;
}

/**
 * Moves WAL checkpoints off the connection's thread. A checkpoint copies the WAL into the
 * database file and fsyncs both (milliseconds each on an ordinary disk); SQLite runs it inside
 * whichever commit crosses the threshold, which blocked the event loop and every send with it.
 * A worker thread with a connection of its own checkpoints every `intervalMs` instead; should
 * it fail, the connection goes back to checkpointing itself.
 */
export function startBackgroundCheckpoints(
  sqlite: Database.Database,
  file: string,
  intervalMs: number,
): BackgroundCheckpoints {
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, intervalMs },
    // The worker is plain JavaScript: no loader hooks (tsx) to load into it.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
  });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);

  let stopped = false;
  const fallBack = () => {
    if (stopped || !sqlite.open) return;
    stopped = true;
    sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    void worker.terminate();
  };
  worker.on('error', fallBack);
  worker.on('message', (message: { error?: string }) => {
    // A busy database is retried on the next tick; anything else means the worker is broken.
    if (message.error !== undefined && !/busy|locked/i.test(message.error)) fallBack();
  });

  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
