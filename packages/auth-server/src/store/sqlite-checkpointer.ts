import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpointer copies the write-ahead log into the database file. A look with nothing
 * to copy takes microseconds on the checkpointer's own thread.
 */
export const CHECKPOINT_EVERY_MS = 50;
/**
 * The server's own connection still checkpoints past this many WAL pages: only when the checkpointer
 * has fallen behind or is gone. It is also what lets the log start over from its beginning (a
 * checkpoint on the writing thread, with no write in between), so the log stays about this size.
 */
export const FALLBACK_CHECKPOINT_PAGES = 1000;
/** Without a checkpointer, the commit that finds the log this long copies it (open-store.ts). */
export const INLINE_CHECKPOINT_PAGES = 100;

/**
 * Runs in the worker: a connection of its own to the file, checkpointing with PASSIVE, which never
 * waits for and never blocks the server's readers and writers. Plain JavaScript, so it runs as it is
 * from the built server and from the tests' TypeScript alike.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    return db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch (err) {
    return { error: String(err && err.message) };
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') return parentPort.postMessage(checkpoint());
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/** What one PASSIVE checkpoint reported: pages in the log, and how many of them are in the file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** One checkpoint now, on the checkpointer's thread (tests). */
  checkpoint(): Promise<CheckpointResult>;
  stop(): Promise<void>;
}

/**
 * Keeps the write-ahead log's copying into the database file, and its `fsync`s, off the event loop.
 * The driver is synchronous: the commit that ran SQLite's own checkpoint (every 100 pages) held the
 * event loop for the copy and two `fsync`s, about 130 µs of every refresh on average and 2-3 ms
 * each time (issue 14). A worker thread with a connection of its own checkpoints every
 * CHECKPOINT_EVERY_MS instead, and the server's connection keeps a checkpoint of its own only past
 * FALLBACK_CHECKPOINT_PAGES. `onLost` runs when the worker fails or exits unasked: the caller then
 * goes back to checkpointing inline.
 */
export async function startCheckpointer(path: string, onLost: (err: unknown) => void, everyMs = CHECKPOINT_EVERY_MS): Promise<Checkpointer> {
  const libsql = createRequire(import.meta.url).resolve('libsql');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, libsql, everyMs } });
  let stopping: Promise<void> | undefined;
  worker.on('error', (err) => {
    if (!stopping) onLost(err);
  });
  worker.on('exit', (code) => {
    if (!stopping) onLost(new Error(`SQLite checkpointer exited (${code})`));
  });
  const [first] = (await once(worker, 'message')) as [unknown];
  if (first !== 'ready') throw new Error('SQLite checkpointer did not start');
  worker.unref();
  return {
    async checkpoint() {
      worker.ref();
      worker.postMessage('checkpoint');
      const [result] = (await once(worker, 'message').finally(() => worker.unref())) as [CheckpointResult & { error?: string }];
      if (result.error !== undefined) throw new Error(result.error);
      return result;
    },
    stop() {
      if (!stopping) {
        worker.ref(); // an unref'd worker's exit would not keep the event loop alive to be awaited
        stopping = once(worker, 'exit').then(() => undefined);
        worker.postMessage('stop');
      }
      return stopping;
    },
  };
}
