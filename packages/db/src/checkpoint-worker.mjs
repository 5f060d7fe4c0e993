// Runs in a worker thread beside the process's own connection (see checkpoints.ts): it copies
// the write-ahead log back into the database file, fsyncs included, so that work never blocks
// the event loop that sends deliveries.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const database = new Database(workerData.file, { fileMustExist: true });
// A checkpoint reads the WAL, not the page cache: a small cache keeps the thread light.
database.pragma('cache_size = -256');

function checkpoint() {
  try {
    // PASSIVE never waits for readers or writers: it copies what it can and tries again later.
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    database.close();
    parentPort.close();
  }
});
