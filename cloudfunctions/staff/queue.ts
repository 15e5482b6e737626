/**
 * staff.me and staff.queue — the staff tab's one list: every open item under the caller's scope,
 * most urgent first, then by due time. One indexed range query per page (place, status, [kind],
 * sortKey), keyset-paged on the sort key so no item is skipped or repeated.
 */
import type { QueueItemView, QueuePage, StaffProfile, ParsedOf } from '../../src/domain/contracts';
import { PRIORITIES, QUEUE_KINDS, type PriorityName, type QueueItemDoc, type QueueKind } from '../../src/domain/queue';
import { Collections } from '../common/collections';
import { cursorCodec, type CursorPart } from '../common/cursors';
import { rows, total } from '../common/db';
import type { CallContext } from '../common/handler';
import { ID_MAX_LENGTH, ID_PATTERN } from '../../src/domain/schemas';
import { toRef } from '../common/places';
import { bootstrapFirstAdmin, findActiveStaff, requireStaff, underScope, type StaffContext } from '../common/staffAccess';

export const QUEUE_PAGE_SIZE = 50;

export async function staffMe(ctx: CallContext): Promise<StaffProfile | null> {
  await bootstrapFirstAdmin(ctx.db, ctx.caller.openid, ctx.now);
  if (!(await findActiveStaff(ctx.db, ctx.caller.openid))) return null;
  const access = await requireStaff(ctx.db, ctx.caller.openid);
  return { staffId: access.staff._id, name: access.staff.name, role: access.staff.role, scope: access.scope.map(toRef) };
}

/** A stored sortKey (`queueSortKey`: priority|due time|item id), the queue index's own order. */
const SORT_KEY = /^\d\|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|(.+)$/;
const sortKeyPart: CursorPart<string> = {
  maxBytes: '"0|2026-11-24T00:00:00.000Z|"'.length + ID_MAX_LENGTH,
  write: (key) => key,
  read: (json) => {
    const id = typeof json === 'string' ? SORT_KEY.exec(json)?.[1] : undefined;
    return id !== undefined && id.length <= ID_MAX_LENGTH && ID_PATTERN.test(id) ? (json as string) : undefined;
  },
};
/** The last item's sortKey: the next page is the range after it, so closing items never shifts it. */
const queueCursor = cursorCodec<[string]>('queue', sortKeyPart);

const PRIORITY_NAMES = Object.fromEntries(Object.entries(PRIORITIES).map(([name, n]) => [n, name])) as Record<number, PriorityName>;

export function itemView(item: QueueItemDoc, now: Date): QueueItemView {
  const due = new Date(item.dueAt);
  return {
    itemId: item._id,
    kind: item.kind,
    refId: item.refId,
    title: item.title,
    summary: item.summary,
    priority: PRIORITY_NAMES[item.priority],
    status: item.status,
    dueAt: due.toISOString(),
    overdue: item.status !== 'closed' && due.getTime() < now.getTime(),
    assigned: item.assigneeStaffId !== null,
    createdAt: new Date(item.createdAt).toISOString(),
  };
}

export async function staffQueue(ctx: StaffContext, payload: ParsedOf<'staff', 'queue'>): Promise<QueuePage> {
  const { db, now } = ctx;
  const { access } = ctx;
  const _ = db.command;
  const after = queueCursor.decode(payload.cursor);
  const where = {
    ...underScope(db, access),
    status: payload.status,
    ...(payload.kind ? { kind: payload.kind } : {}),
    ...(after ? { sortKey: _.gt(after[0]) } : {}),
  };
  const page = await rows<QueueItemDoc>(
    db
      .collection(Collections.queueItems)
      .where(where)
      .orderBy('sortKey', 'asc')
      .limit(QUEUE_PAGE_SIZE + 1),
  );
  const items = page.slice(0, QUEUE_PAGE_SIZE);
  const counts = {} as Record<QueueKind, number>;
  for (const kind of QUEUE_KINDS) {
    counts[kind] = await total(db.collection(Collections.queueItems).where({ ...underScope(db, access), status: 'open', kind }));
  }
  const last = items[items.length - 1];
  return {
    items: items.map((i) => itemView(i, now)),
    nextCursor: page.length > QUEUE_PAGE_SIZE && last ? queueCursor.encode([last.sortKey]) : null,
    counts,
  };
}
