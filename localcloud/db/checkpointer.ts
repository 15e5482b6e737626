/**
 * The WAL checkpointer. Checkpoints (copying the WAL back with an fsync) would otherwise run inside
 * whichever commit crosses 1,000 pages, stalling every request on the event loop for tens to
 * hundreds of ms. A worker thread with its own connection checkpoints instead; commits stay short.
 */
import type Database from 'better-sqlite3';
import { Worker } from 'worker_threads';

/** How often the background connection checkpoints the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * Stop `db` checkpointing inside its commits and start a worker thread that checkpoints `file` from
 * its own connection (PASSIVE: never blocks writers). Plain JavaScript evaluated in the worker, so
 * it runs the same under tsx, jest and a bundle.
 */
export function startCheckpointer(db: Database.Database, file: string): Worker {
  db.pragma('wal_autocheckpoint = 0');
  const code = `
    const { workerData } = require('worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 100');
    setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* busy: next time */ }
    }, workerData.everyMs);
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { file, module: require.resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.unref();
  worker.on('error', (e) => console.error('[store] checkpointer failed:', e));
  return worker;
}
