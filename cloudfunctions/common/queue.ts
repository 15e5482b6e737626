/** Writing and closing queue items: the one collection the staff tab reads. */
import { dueAt, PRIORITIES, queueSortKey, searchKeysOf, type PriorityName, type QueueItemDoc, type QueueKind } from '../../src/domain/queue';
import { Collections } from './collections';
import type { Database } from './cloud';
import { rows } from './db';
import { isDuplicateKeyError } from './errors';

/**
 * The record an item is about: where it lives (what the scoped list and its counts read) and whom
 * it names, in the record's own fields — a report's members, a request's or an isolation's person,
 * the address — which the worker's row shows and the search finds it by.
 */
export type ItemPlace = Pick<QueueItemDoc, 'communityId' | 'gridId' | 'placePath'> & {
  householdId?: string;
  /** a report's members (the reporter is `self`); one listed as pending belongs to another household */
  members?: ReadonlyArray<{ name: string; relation?: string; phoneMasked?: string; pending?: true }>;
  personName?: string;
  phoneMasked?: string;
  address?: string;
};

/** Whom an item names and where, from the record it is about. */
function subjectOf(place: ItemPlace): Pick<QueueItemDoc, 'personName' | 'address' | 'searchKeys'> {
  const members = (place.members ?? []).filter((m) => !m.pending);
  const personName = place.personName ?? (members.find((m) => m.relation === 'self') ?? members[0])?.name;
  const names = [...(place.personName ? [place.personName] : []), ...members.map((m) => m.name)];
  const phones = [place.phoneMasked, ...members.map((m) => m.phoneMasked)];
  const searchKeys = searchKeysOf({ names, phonesMasked: phones, address: place.address });
  return {
    ...(personName ? { personName } : {}),
    ...(place.address ? { address: place.address } : {}),
    ...(searchKeys.length ? { searchKeys } : {}),
  };
}

export interface NewItem {
  /** deterministic: the same event can only ever make the same item */
  _id: string;
  kind: QueueKind;
  refId: string;
  place: ItemPlace;
  priority: PriorityName;
  /** the community's SLA minutes per priority; or `due` when the record has its own due time */
  sla?: Record<PriorityName, number>;
  due?: Date;
  /** short, masked: never a full ID or phone number */
  title: string;
  summary: string;
  at: Date;
}

/** The one way a queue item is made: open, unassigned, due by its SLA, sorted most urgent first. */
export function newQueueItem(a: NewItem): QueueItemDoc {
  const priority = PRIORITIES[a.priority];
  const due = a.due ?? dueAt(a.at, a.priority, a.sla);
  return {
    _id: a._id,
    kind: a.kind,
    refId: a.refId,
    ...(a.place.householdId ? { householdId: a.place.householdId } : {}),
    communityId: a.place.communityId,
    gridId: a.place.gridId,
    placePath: a.place.placePath,
    ...subjectOf(a.place),
    priority,
    dueAt: due,
    sortKey: queueSortKey(priority, due, a._id),
    status: 'open',
    assigneeStaffId: null,
    title: a.title,
    summary: a.summary,
    createdAt: a.at,
    updatedAt: a.at,
  };
}

/** Adds the item unless an item with its _id exists (items have deterministic ids); true if it was added. */
export async function ensureQueueItem(db: Database, item: QueueItemDoc): Promise<boolean> {
  try {
    await db.collection(Collections.queueItems).add({ data: item });
    return true;
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    return false;
  }
}

/** Batch inserts stay well under CloudBase's request size limit. */
const INSERT_BATCH = 100;

/**
 * `ensureQueueItem` for many items at once (the scheduled jobs): items whose _id exists are
 * skipped after one `_id in` read per batch, the rest go in with one insert per batch. A batch that
 * meets a duplicate (another run got there between the read and the insert) is retried item by
 * item, so the outcome is the same as calling `ensureQueueItem` for each. Returns how many were added.
 */
export async function ensureQueueItems(db: Database, items: QueueItemDoc[]): Promise<number> {
  const _ = db.command;
  let added = 0;
  for (let i = 0; i < items.length; i += INSERT_BATCH) {
    const batch = items.slice(i, i + INSERT_BATCH);
    const existing = new Set(
      (
        await rows<{ _id: string }>(
          db
            .collection(Collections.queueItems)
            .where({ _id: _.in(batch.map((item) => item._id)) })
            .field({ _id: true })
            .limit(batch.length),
        )
      ).map((d) => d._id),
    );
    const fresh = batch.filter((item) => !existing.has(item._id));
    if (fresh.length === 0) continue;
    try {
      await db.collection(Collections.queueItems).add({ data: fresh });
      added += fresh.length;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      for (const item of fresh) if (await ensureQueueItem(db, item)) added += 1;
    }
  }
  return added;
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
