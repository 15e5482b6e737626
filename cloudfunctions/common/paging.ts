/**
 * Paging that never truncates. CloudBase returns at most 1,000 documents per query (100 when no
 * limit is given), so every "all of them" read walks pages keyed by `_id`.
 */
import { DomainError } from '../../src/domain/errors';
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

/** Offset cursors for short, stable lists (a household's reports): opaque to the client. */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeOffsetCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^o:(\d{1,7})$/.exec(text);
  if (!match) throw new DomainError('BAD_REQUEST', '分页参数无效，请刷新后重试', 'cursor');
  return Number(match[1]);
}
