/**
 * staff.me and staff.queue — the staff tab's one list: every open item under the caller's scope (or
 * one building of it), most urgent first, then by due time, optionally of one kind or found by a
 * name, room or phone tail. One indexed range query per page — (place, status, [kind], sortKey), or
 * (grid, status, search key, sortKey) for a search — keyset-paged on the sort key so no item is
 * skipped or repeated, whatever the filter.
 */
import type { QueueItemView, QueuePage, StaffProfile, ParsedOf } from '../../src/domain/contracts';
import type { Place } from '../../src/domain/places';
import { PRIORITIES, QUEUE_KINDS, searchKeyOf, type PriorityName, type QueueItemDoc, type QueueKind } from '../../src/domain/queue';
import { inScope } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { cursorCodec, type CursorPart } from '../common/cursors';
import { rows, total } from '../common/db';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { fetchAll } from '../common/paging';
import { ID_MAX_LENGTH, ID_PATTERN } from '../../src/domain/schemas';
import { getPlace, toRef } from '../common/places';
import {
  bootstrapFirstAdmin,
  findActiveStaff,
  requirePlaceInScope,
  requireStaff,
  scopeIds,
  underScope,
  type StaffAccess,
  type StaffContext,
} from '../common/staffAccess';

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
    ...(item.personName ? { personName: item.personName } : {}),
    ...(item.address ? { address: item.address } : {}),
  };
}

/** A building of the caller's scope (anything else is "not found", as everywhere). */
async function buildingInScope(db: Database, access: StaffAccess, buildingId: string): Promise<Place> {
  const place = await getPlace(db, buildingId);
  if (!place || place.level !== 'building' || !inScope(scopeIds(access), place.path)) {
    return fail('NOT_FOUND', '楼栋不存在或不在您的管辖范围内', 'buildingId');
  }
  return place;
}

/**
 * The grids a search runs in: a grid of the scope itself, the grid a compound or building of the
 * scope lies in, every grid under a higher place (a community has tens, a street hundreds).
 */
async function gridsOf(db: Database, places: readonly Place[]): Promise<string[]> {
  const grids = new Set<string>();
  for (const place of places) {
    if (place.level === 'grid') grids.add(place._id);
    else if (place.gridId) grids.add(place.gridId);
    else
      for (const grid of await fetchAll<Place>(db, Collections.places, { path: place._id, level: 'grid' }, 1000))
        grids.add(grid._id);
  }
  return [...grids];
}

/**
 * The sort-key ranges [from, to) a priority or overdue filter reads, in queue order. The sort key
 * is `priority|due time|id`: one urgency is one range, and its overdue items (due before now) the
 * start of it — so each filter stays a range query on the queue's own indexes, paged as before.
 */
function sortKeyRanges(payload: ParsedOf<'staff', 'queue'>, now: Date): Array<[string, string]> | null {
  if (!payload.priority && !payload.overdue) return null;
  const priorities = payload.priority ? [PRIORITIES[payload.priority]] : Object.values(PRIORITIES).sort();
  return priorities.map((p) => [`${p}|`, payload.overdue ? `${p}|${now.toISOString()}` : `${p}|~`]);
}

export async function staffQueue(ctx: StaffContext, payload: ParsedOf<'staff', 'queue'>): Promise<QueuePage> {
  const { db, now } = ctx;
  const { access } = ctx;
  const _ = db.command;
  const after = queueCursor.decode(payload.cursor);
  const building = payload.buildingId ? await buildingInScope(db, access, payload.buildingId) : null;
  const area = !building && payload.placeId ? await requirePlaceInScope(db, access, payload.placeId) : null;
  // the place filter: one building (or another place) of the scope, else the whole scope
  const place = building ? { placePath: building._id } : area ? { placePath: area._id } : underScope(db, access);
  const key = payload.search === undefined ? null : searchKeyOf(payload.search);
  // a search looks the key up in the grids of the place (an indexed equality), the place filter keeping it exact
  const grids = key ? (building ? [building.gridId ?? ''] : await gridsOf(db, area ? [area] : access.scope)) : [];
  const where = {
    ...place,
    status: payload.status,
    ...(payload.kind ? { kind: payload.kind } : {}),
    ...(key ? { gridId: grids.length === 1 ? grids[0] : _.in(grids), searchKeys: key } : {}),
  };
  const read = (sortKey: unknown, limit: number) =>
    rows<QueueItemDoc>(
      db
        .collection(Collections.queueItems)
        .where({ ...where, ...(sortKey ? { sortKey } : {}) })
        .orderBy('sortKey', 'asc')
        .limit(limit),
    );
  const ranges = sortKeyRanges(payload, now);
  let page: QueueItemDoc[] = [];
  if (!ranges) page = await read(after ? _.gt(after[0]) : null, QUEUE_PAGE_SIZE + 1);
  else
    for (const [from, to] of ranges) {
      if (after && after[0] >= to) continue;
      const lower = after && after[0] >= from ? _.gt(after[0]) : _.gte(from);
      page.push(...(await read(lower.and(_.lt(to)), QUEUE_PAGE_SIZE + 1 - page.length)));
      if (page.length > QUEUE_PAGE_SIZE) break;
    }
  const items = page.slice(0, QUEUE_PAGE_SIZE);
  const counts = {} as Record<QueueKind, number>;
  for (const kind of QUEUE_KINDS) {
    counts[kind] = await total(db.collection(Collections.queueItems).where({ ...place, status: 'open', kind }));
  }
  const last = items[items.length - 1];
  return {
    items: items.map((i) => itemView(i, now)),
    nextCursor: page.length > QUEUE_PAGE_SIZE && last ? queueCursor.encode([last.sortKey]) : null,
    counts,
  };
}
