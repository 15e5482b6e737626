/**
 * Transactions (CloudBase's startTransaction / runTransaction) are optimistic: writes made under a
 * transaction id are buffered in memory, reads through it see those writes and record the stored
 * text of every document they read from disk. Commit re-checks each recorded document and applies
 * all buffered writes in one SQLite transaction; if any was changed meanwhile (by another
 * transaction or a plain write) the commit fails with DATABASE_TRANSACTION_CONFLICT, which the
 * SDK's runTransaction answers by re-running the callback. Nothing waits, so interleaved async
 * transactions cannot deadlock, never see each other's uncommitted writes, and cannot lose updates.
 * Like CloudBase, only document reads are validated: a `where()` query inside a transaction sees
 * the transaction's own writes but does not guard against documents appearing concurrently.
 */
import type Database from 'better-sqlite3';
import { Query } from 'mingo';
import { cloneDoc, decodeDoc, type Doc } from './codec';
import { docKey, newId, type CollectionState } from './collection';
import { duplicateError, StoreError } from './errors';
import { retryingBusy } from './busy';
import type { Filter, FindOptions } from './store';

/** The operations a write method needs, answered directly (SQLite) or through a transaction's buffer. */
export interface Session {
  /** a private copy of the document, or null */
  read(cs: CollectionState, id: string): Doc | null;
  insert(cs: CollectionState, id: string, doc: Doc): void;
  write(cs: CollectionState, id: string, before: Doc, after: Doc | null): void;
  find(cs: CollectionState, filter: Filter, opts: FindOptions): Doc[];
}

/** What transactions use of the store. */
export interface TransactionHost {
  db: Database.Database;
  collections: ReadonlyMap<string, CollectionState>;
  requireCollection(name: string): CollectionState;
  /** the store's own session: reads and writes straight to SQLite */
  direct: Session;
  /** the store's in-memory sort and paging (mingo's) */
  sortAndPage(docs: Doc[], opts: FindOptions): Doc[];
}

interface TxState {
  startedAt: number;
  /** collection → _id → stored text when first read (null: did not exist) */
  reads: Map<string, Map<string, string | null>>;
  /** collection → _id → the document after this transaction (null: removed) */
  writes: Map<string, Map<string, Doc | null>>;
}

/** Transactions abandoned without commit or rollback are dropped after this long. */
const TX_TTL_MS = 5 * 60_000;

export class Transactions {
  private readonly open = new Map<string, TxState>();

  constructor(private readonly host: TransactionHost) {}

  start(): string {
    const now = Date.now();
    for (const [id, tx] of this.open) if (now - tx.startedAt > TX_TTL_MS) this.open.delete(id);
    const id = newId();
    this.open.set(id, { startedAt: now, reads: new Map(), writes: new Map() });
    return id;
  }

  /** Validate the transaction's reads and apply its writes atomically; throws DATABASE_TRANSACTION_CONFLICT. */
  commit(txId: string): void {
    const tx = this.get(txId);
    this.open.delete(txId);
    retryingBusy(() =>
      this.host.db
        .transaction(() => {
          for (const [name, reads] of tx.reads) {
            const cs = this.host.collections.get(name);
            for (const [id, text] of reads) {
              if ((cs?.get.get(id) ?? null) !== text) {
                throw new StoreError('DATABASE_TRANSACTION_CONFLICT', `document ${name}/${id} changed during the transaction`);
              }
            }
          }
          for (const [name, writes] of tx.writes) {
            // Writes under a transaction created their collection already (no DDL inside the commit).
            const cs = this.host.requireCollection(name);
            for (const [id, after] of writes) {
              const before = this.host.direct.read(cs, id);
              if (before) this.host.direct.write(cs, id, before, after);
              else if (after) this.host.direct.insert(cs, id, after);
            }
          }
        })
        .immediate(),
    );
  }

  abort(txId: string): void {
    this.get(txId);
    this.open.delete(txId);
  }

  /** Forget every open transaction (the store is closing). */
  clear(): void {
    this.open.clear();
  }

  /** The session of an open transaction: reads see its buffered writes, writes go to the buffer. */
  session(txId: string): Session {
    const tx = this.get(txId);
    const bucket = <V>(map: Map<string, Map<string, V>>, name: string): Map<string, V> => {
      let m = map.get(name);
      if (!m) map.set(name, (m = new Map()));
      return m;
    };
    const read = (cs: CollectionState, id: string): Doc | null => {
      const written = tx.writes.get(cs.name)?.get(id);
      if (written !== undefined) return written && cloneDoc(written);
      const text = cs.get.get(id) ?? null;
      const reads = bucket(tx.reads, cs.name);
      if (!reads.has(id)) reads.set(id, text);
      return text === null ? null : decodeDoc(text);
    };
    return {
      read,
      // Buffered documents are private copies: the caller's objects may change before the commit.
      insert: (cs, id, doc) => {
        if (read(cs, id)) throw duplicateError(cs.name, '_id_', `_id: ${JSON.stringify(id)}`);
        bucket(tx.writes, cs.name).set(id, cloneDoc(doc));
      },
      write: (cs, id, _before, after) => {
        bucket(tx.writes, cs.name).set(id, after && cloneDoc(after));
      },
      find: (cs, filter, opts) => {
        // A lookup by id is a document read: recorded, so commit can detect a concurrent change.
        const keys = Object.keys(filter);
        const id = filter._id;
        if (keys.length === 1 && typeof id === 'string') {
          const doc = read(cs, id);
          return doc ? this.host.sortAndPage([doc], opts) : [];
        }
        const overlay = tx.writes.get(cs.name);
        if (!overlay || overlay.size === 0) return this.host.direct.find(cs, filter, opts);
        // Enough stored matches that, after dropping those this transaction rewrote, a page remains.
        const limit = opts.limit === undefined ? undefined : (opts.skip ?? 0) + opts.limit + overlay.size;
        const merged = this.host.direct.find(cs, filter, { sort: opts.sort, limit }).filter((d) => !overlay.has(docKey(d._id)));
        const query = new Query(filter);
        for (const doc of overlay.values()) if (doc && query.test(doc)) merged.push(cloneDoc(doc));
        return this.host.sortAndPage(merged, opts);
      },
    };
  }

  private get(txId: string): TxState {
    const tx = this.open.get(txId);
    if (!tx) throw new StoreError('DATABASE_REQUEST_FAILED', `transaction ${txId} does not exist (committed, rolled back or expired)`);
    return tx;
  }
}
