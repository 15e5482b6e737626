/** Writing and closing queue items: the one collection the staff tab reads. */
import { queueSortKey, type QueueItemDoc } from '../../src/domain/queue';
import { Collections } from './collections';
import type { Database } from './cloud';
import { isDuplicateKeyError } from './errors';

export type NewQueueItem = Omit<QueueItemDoc, 'sortKey'>;

/** Adds the item unless an item with its _id exists (items have deterministic ids). */
export async function ensureQueueItem(db: Database, item: NewQueueItem): Promise<void> {
  const doc: QueueItemDoc = { ...item, sortKey: queueSortKey(item.priority, item.dueAt, item._id) };
  try {
    await db.collection(Collections.queueItems).add({ data: doc });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
}

/** Closes every open item about `refId`. */
export async function closeQueueItems(db: Database, refId: string, reason: string, now: Date): Promise<void> {
  const _ = db.command;
  await db
    .collection(Collections.queueItems)
    .where({ refId, status: _.in(['open', 'in_progress']) })
    .update({ data: { status: 'closed', closedReason: reason, closedAt: now, updatedAt: now } });
}

/** Closes one item if it is still open (no-op when it does not exist). */
export async function closeQueueItemById(db: Database, itemId: string, reason: string, now: Date): Promise<void> {
  const _ = db.command;
  await db
    .collection(Collections.queueItems)
    .where({ _id: itemId, status: _.in(['open', 'in_progress']) })
    .update({ data: { status: 'closed', closedReason: reason, closedAt: now, updatedAt: now } });
}
