/**
 * SQLite's "database is locked" (the SQLITE_BUSY family) on the writing connection, retried.
 *
 * The write connection waits out a lock held by the checkpoint worker through its busy handler
 * (better-sqlite3's 5 s timeout), but SQLite returns some BUSY codes without calling the handler
 * (e.g. SQLITE_BUSY_SNAPSHOT, when a TRUNCATE checkpoint restarted the WAL between the start of a
 * transaction's read and its write lock: waiting could not help that attempt). Under the benchmark's
 * sustained filings about one write in a few thousand failed so and reached the resident as
 * INTERNAL. Nothing of a failed attempt is written (better-sqlite3 rolls the transaction back), so
 * the whole transaction is run again, after a short pause.
 */

const BUSY_ATTEMPTS = 20;
/** what `Atomics.wait` sleeps on: the store's writes are synchronous */
const pause = new Int32Array(new SharedArrayBuffer(4));
const seen = new Set<string>();

/** SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_TIMEOUT */
export function isBusy(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Run a write transaction, again while SQLite answers it with a BUSY code (never a half-done write: each attempt is all or nothing). */
export function retryingBusy<T>(run: () => T, attempts = BUSY_ATTEMPTS): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return run();
    } catch (e) {
      if (!isBusy(e) || attempt >= attempts) throw e;
      const code = (e as { code: string }).code;
      // once per code and process: which lock it was, for whoever reads the log
      if (!seen.has(code)) {
        seen.add(code);
        console.warn(`[store] ${code} on a write: retried (attempt ${attempt})`);
      }
      Atomics.wait(pause, 0, 0, Math.min(25, 2 * attempt));
    }
  }
}
