/**
 * Paging that never truncates. CloudBase returns at most 1,000 documents per query (100 when no
 * limit is given), so every "all of them" read walks pages keyed by `_id`.
 */
import type { Database } from './cloud';
import { rows } from './db';

export const MAX_PAGE = 1000;

type Where = Record<string, unknown>;

/** Every document matching `where`, read in pages of `pageSize` ordered by `_id`. */
export async function fetchAll<T extends { _id: string }>(
  db: Database,
  collection: string,
  where: Where,
  pageSize = MAX_PAGE,
): Promise<T[]> {
  const all: T[] = [];
  await forEachPage<T>(db, collection, where, pageSize, async (page) => {
    all.push(...page);
  });
  return all;
}

export async function forEachPage<T extends { _id: string }>(
  db: Database,
  collection: string,
  where: Where,
  pageSize: number,
  onPage: (page: T[]) => Promise<void>,
): Promise<void> {
  const size = Math.min(Math.max(1, pageSize), MAX_PAGE);
  const _ = db.command;
  let after: string | null = null;
  for (;;) {
    const condition: Where = after === null ? where : { ...where, _id: _.gt(after) };
    const page = await rows<T>(db.collection(collection).where(condition).orderBy('_id', 'asc').limit(size));
    if (page.length > 0) await onPage(page);
    if (page.length < size) return;
    after = page[page.length - 1]._id;
  }
}

/** A sort order for keyset paging: one field, then `_id` in the same direction as the tie-breaker. */
export interface KeysetOrder {
  field: string;
  dir: 'asc' | 'desc';
}

/**
 * Up to `limit` documents of `where` in (`order.field`, `_id`) order, starting after `after` — the
 * (field value, `_id`) of the last document of the previous page. Unlike an offset, documents
 * added or removed meanwhile never shift the next page. Read as two range queries, the rest of the
 * last value's ties and then the values beyond it, so each is one seek on an index over
 * (…where, field, _id) and no `$or` is needed.
 */
export async function keysetPage<T extends { _id: string }>(
  db: Database,
  collection: string,
  where: Where,
  order: KeysetOrder,
  after: readonly [unknown, string] | null,
  limit: number,
): Promise<T[]> {
  const _ = db.command;
  const beyond = (v: unknown) => (order.dir === 'asc' ? _.gt(v) : _.lt(v));
  const read = (condition: Where, n: number) =>
    rows<T>(db.collection(collection).where(condition).orderBy(order.field, order.dir).orderBy('_id', order.dir).limit(n));
  if (!after) return read(where, limit);
  const [value, id] = after;
  const ties = await read({ ...where, [order.field]: value, _id: beyond(id) }, limit);
  if (ties.length >= limit) return ties;
  return [...ties, ...(await read({ ...where, [order.field]: beyond(value) }, limit - ties.length))];
}
