/**
 * CloudBase transactions: every read and write by document id, no queries inside (the platform's
 * rule, and the local store's). Optimistic: a commit that meets a concurrent change of a document it
 * read fails, and the SDK's runTransaction runs the callback again on fresh reads — so of two
 * callers changing the same documents exactly one wins, and the other sees the winner's state.
 */
import { DomainError } from '../../src/domain/errors';
import type { Database } from './cloud';

/** The transaction handle wx-server-sdk passes to runTransaction callbacks (untyped in its .d.ts). */
export interface Tx {
  collection: Database['collection'];
}

/** Conflicts are retried this many times before the call fails. */
const TX_RETRIES = 5;

export async function inTransaction<T>(db: Database, run: (tx: Tx) => Promise<T>): Promise<T> {
  return (await db.runTransaction(run, TX_RETRIES)) as T;
}

/** A document read inside a transaction; a missing one (which fails a CloudBase transaction read) is `missing()`. */
export async function txGet<T>(tx: Tx, collection: string, id: string, missing: () => never): Promise<T> {
  let doc: unknown;
  try {
    doc = ((await tx.collection(collection).doc(id).get()) as { data?: unknown }).data;
  } catch (e) {
    if (e instanceof DomainError) throw e;
    return missing();
  }
  return (doc ?? missing()) as T;
}
