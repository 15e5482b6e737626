/**
 * The WAL checkpointer, and the WAL's bound.
 *
 * Checkpoints (copying the WAL back into the database file, with an fsync) would otherwise run
 * inside whichever commit crosses 1,000 pages, stalling every request on the event loop for tens
 * to hundreds of ms. A worker thread with its own connection checkpoints instead; commits stay short.
 *
 * A PASSIVE checkpoint never blocks a writer, but it cannot end the WAL either: the WAL starts over
 * from its beginning only when a checkpoint has copied every frame before the next write begins,
 * and under sustained writes each commit appends frames while the checkpoint copies the earlier
 * ones — so the file grew without bound until the store closed (21 GiB after loading 200,000
 * queue items with their five indexes). So, every `CHECKPOINT_EVERY_MS`:
 * - the worker runs a PASSIVE checkpoint: it copies the frames written so far and fsyncs the
 *   database file without holding anyone up (the bulk of the work, off the event loop);
 * - when the WAL file has reached `restartBytes`, the worker follows it at once with a TRUNCATE
 *   checkpoint, if the writer is between transactions and no read is under way (it never waits for
 *   a lock, see below): it holds writers off while it copies the few frames written since the
 *   PASSIVE one and fsyncs them (milliseconds: the large fsync was the PASSIVE one's), and empties
 *   the file. The store's write transactions are IMMEDIATE, so a write meanwhile waits for it;
 * - a writer that never pauses (a bulk load in one synchronous loop) leaves the worker no such
 *   moment: past `boundBytes` the writing connection checkpoints (TRUNCATE) itself right after its
 *   commit (`WalGuard`), waiting out a PASSIVE checkpoint of the worker if one is running, and
 *   stalls its own event loop for that checkpoint rather than growing on.
 * `journal_size_limit` truncates a WAL that is reset rather than emptied back to `restartBytes`.
 * The WAL file then stays below `boundBytes` plus one transaction's frames.
 */
import type Database from 'better-sqlite3';
import { statSync } from 'fs';
import { Worker } from 'worker_threads';

/** How often the background connection checkpoints the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;

const MiB = 1024 * 1024;

export const WAL_LIMITS = {
  /**
   * the worker empties the WAL (PASSIVE, then TRUNCATE checkpoint) from this size on; each time it
   * holds writes off for an fsync (10–30 ms here), so not too often: at 64 MiB about once per 200
   * report submissions
   */
  restartBytes: 64 * MiB,
  /** the bound: past it the writer checkpoints itself after a commit (the benchmark holds the WAL to it) */
  boundBytes: 128 * MiB,
};

/**
 * Stop `db` checkpointing inside its commits and start a worker thread that checkpoints `file` from
 * its own connection. Plain JavaScript evaluated in the worker, so it runs the same under tsx, jest
 * and a bundle.
 */
export function startCheckpointer(db: Database.Database, file: string): Worker {
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${WAL_LIMITS.restartBytes}`);
  const code = `
    const { workerData } = require('worker_threads');
    const { statSync } = require('fs');
    const Database = require(workerData.module);
    const db = new Database(workerData.file);
    // never wait for a lock: a TRUNCATE that waited for the writer would hold the checkpoint lock
    // meanwhile, and the writer's own checkpoint (WalGuard) could not run
    db.pragma('busy_timeout = 0');
    db.pragma('journal_size_limit = ' + workerData.restartBytes);
    const walSize = () => { try { return statSync(workerData.file + '-wal').size; } catch (e) { return 0; } };
    setInterval(() => {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
        // only when the writer is between transactions and no read is under way; else next time
        if (walSize() >= workerData.restartBytes) db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (e) { /* busy: next time */ }
    }, workerData.everyMs);
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { file, module: require.resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS, restartBytes: WAL_LIMITS.restartBytes },
  });
  worker.unref();
  worker.on('error', (e) => console.error('[store] checkpointer failed:', e));
  return worker;
}

// up to a second: the worker's PASSIVE checkpoint of a bound-sized WAL takes that long on a busy disk, and a
// writer that gave up sooner would let the WAL grow on past the bound
const GUARD_ATTEMPTS = 100;
const GUARD_PAUSE_MS = 10;
/** what `Atomics.wait` sleeps on: the writer's checkpoint waits synchronously (it runs inside a write method) */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** The writing connection's side of the bound: after a commit, a WAL past `boundBytes` is checkpointed and emptied at once. */
export class WalGuard {
  private readonly wal: string;

  constructor(
    private readonly db: Database.Database,
    file: string,
    private readonly boundBytes = WAL_LIMITS.boundBytes,
  ) {
    this.wal = `${file}-wal`;
  }

  /** Call after a commit (a stat, a few microseconds: a commit costs tens). */
  afterCommit(): void {
    let size: number;
    try {
      size = statSync(this.wal).size;
    } catch {
      return;
    }
    if (size < this.boundBytes) return;
    // Refused (busy) only while the worker's PASSIVE checkpoint runs: wait for it a little.
    for (let attempt = 0; attempt < GUARD_ATTEMPTS; attempt++) {
      try {
        const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
        if (!result || result.busy === 0) return;
      } catch {
        // SQLITE_BUSY
      }
      Atomics.wait(pause, 0, 0, GUARD_PAUSE_MS);
    }
  }
}
