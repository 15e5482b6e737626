/**
 * A place's figures, counted from the records under it: every number here is one indexed count
 * (`explain` says exact) on a place-path index, so the cost of a figure is the size of the index
 * range, never the collection. The stats job counts each grid with these; the dashboard counts
 * today's figures of the caller's scope with the same functions.
 */
import {
  PERSON_CATEGORIES,
  bucketOf,
  emptyFigures,
  emptyResponse,
  responseMinutes,
  type DayFigures,
  type PersonCategory,
  type ResponseFigures,
} from '../../src/domain/dashboard';
import { PASS_KINDS, type PassKind } from '../../src/domain/batches';
import { REPORT_CATEGORIES } from '../../src/domain/household';
import { PRIORITIES, QUEUE_KINDS, type PriorityName, type QueueKind } from '../../src/domain/queue';
import {
  REQUEST_KINDS,
  REQUEST_STATUSES,
  URGENCIES,
  type RequestDoc,
  type RequestKind,
  type RequestStatus,
  type Urgency,
} from '../../src/domain/requests';
import { parseDateString } from '../../src/domain/time';
import { Collections } from './collections';
import type { Database } from './cloud';
import { total } from './db';
import { forEachPage } from './paging';

/** Queue statuses that still need someone. */
export const NOT_CLOSED = ['open', 'in_progress'] as const;
const ALL_PRIORITIES = Object.values(PRIORITIES);
/** A missed slot raises a normal-priority check-in alert; a fever an urgent one (common/checkinSlots.ts). */
const MISSING_ALERT_PRIORITY = PRIORITIES.normal;

/** [start, end) of a Shanghai calendar day. */
export function dayBounds(date: string): { start: Date; end: Date } {
  const start = parseDateString(date)!;
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

const count = (db: Database, collection: string, where: Record<string, unknown>) => total(db.collection(collection).where(where));

async function countEach<K extends string>(keys: readonly K[], one: (key: K) => Promise<number>): Promise<Record<K, number>> {
  const values = await Promise.all(keys.map(one));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, number>;
}

/** Households and persons filed, persons by category, under isolation / monitoring now. */
export async function stockFigures(
  db: Database,
  placeId: string,
): Promise<Pick<DayFigures, 'households' | 'persons' | 'personsByCategory' | 'isolated' | 'monitored'>> {
  const [households, persons, isolated, monitored, categories] = await Promise.all([
    count(db, Collections.households, { placePath: placeId }),
    count(db, Collections.persons, { placePath: placeId }),
    count(db, Collections.persons, { placePath: placeId, status: 'home_isolation' }),
    count(db, Collections.persons, { placePath: placeId, status: 'health_monitoring' }),
    countEach(REPORT_CATEGORIES, (category) => count(db, Collections.persons, { placePath: placeId, category })),
  ]);
  const categorised = REPORT_CATEGORIES.reduce((s, c) => s + categories[c], 0);
  const personsByCategory = { ...categories, none: Math.max(0, persons - categorised) } as Record<PersonCategory, number>;
  for (const c of PERSON_CATEGORIES) personsByCategory[c] ??= 0;
  return { households, persons, personsByCategory, isolated, monitored };
}

/** Persons under isolation / monitoring now (two counts: what today's dashboard shows live). */
export async function isolationFigures(db: Database, placeId: string): Promise<{ isolated: number; monitored: number }> {
  const [isolated, monitored] = await Promise.all([
    count(db, Collections.persons, { placePath: placeId, status: 'home_isolation' }),
    count(db, Collections.persons, { placePath: placeId, status: 'health_monitoring' }),
  ]);
  return { isolated, monitored };
}

/** A day's slot check-ins, alarming readings (in a slot or at any time) and missed slots. */
export async function checkinFigures(db: Database, placeId: string, date: string): Promise<DayFigures['checkins']> {
  const _ = db.command;
  const { start, end } = dayBounds(date);
  const [done, fever, missing] = await Promise.all([
    // off-slot readings have slot null: any slot key is a non-empty string
    count(db, Collections.checkins, { placePath: placeId, date, slot: _.gt('') }),
    count(db, Collections.checkins, { placePath: placeId, date, alarming: true }),
    count(db, Collections.queueItems, {
      placePath: placeId,
      kind: 'checkin_alert',
      priority: MISSING_ALERT_PRIORITY,
      createdAt: _.gte(start).and(_.lt(end)),
    }),
  ]);
  return { done, fever, missing };
}

/** Items of a priority past their due time at `now`: a range of the sort key (`priority|due|id`). */
export function overdueRange(db: Database, priority: number, now: Date): unknown {
  const _ = db.command;
  return _.gte(`${priority}|`).and(_.lt(`${priority}|${now.toISOString()}`));
}

/** Check-in alerts still open under a place: fevers (urgent) and missed slots (normal). */
export async function openAlertFigures(db: Database, placeId: string): Promise<{ fever: number; missing: number }> {
  const _ = db.command;
  const status = _.in([...NOT_CLOSED]);
  const of = (priority: number) =>
    count(db, Collections.queueItems, {
      placePath: placeId,
      status,
      kind: 'checkin_alert',
      sortKey: _.gte(`${priority}|`).and(_.lt(`${priority}|~`)),
    });
  const [fever, missing] = await Promise.all([of(PRIORITIES.urgent), of(MISSING_ALERT_PRIORITY)]);
  return { fever, missing };
}

/** Open (not closed) items by kind, and how many are overdue, under a place now. */
export async function openQueueFigures(
  db: Database,
  placeId: string,
  now: Date,
): Promise<{ open: Record<QueueKind, number>; overdue: number; overdueBy: Record<PriorityName, number> }> {
  const _ = db.command;
  const status = _.in([...NOT_CLOSED]);
  const [open, overdueBy] = await Promise.all([
    countEach(QUEUE_KINDS, (kind) => count(db, Collections.queueItems, { placePath: placeId, status, kind })),
    countEach(Object.keys(PRIORITIES) as PriorityName[], (p) =>
      count(db, Collections.queueItems, { placePath: placeId, status, sortKey: overdueRange(db, PRIORITIES[p], now) }),
    ),
  ]);
  return { open, overdue: Object.values(overdueBy).reduce((s, n) => s + n, 0), overdueBy };
}

/** Items raised on a day by kind, and items closed on it. */
export async function queueDayFigures(
  db: Database,
  placeId: string,
  date: string,
): Promise<{ opened: Record<QueueKind, number>; closed: number }> {
  const _ = db.command;
  const { start, end } = dayBounds(date);
  const [opened, closed] = await Promise.all([
    countEach(QUEUE_KINDS, (kind) =>
      count(db, Collections.queueItems, {
        placePath: placeId,
        kind,
        priority: _.in(ALL_PRIORITIES),
        createdAt: _.gte(start).and(_.lt(end)),
      }),
    ),
    count(db, Collections.queueItems, { placePath: placeId, closedAt: _.gte(start).and(_.lt(end)) }),
  ]);
  return { opened, closed };
}

/** Requests still being handled under a place, by status. */
export async function openRequestFigures(
  db: Database,
  placeId: string,
): Promise<Record<'submitted' | 'accepted' | 'in_progress' | 'escalated', number>> {
  return countEach(['submitted', 'accepted', 'in_progress', 'escalated'] as const, (status) =>
    count(db, Collections.requests, { placePath: placeId, status }),
  );
}

/**
 * Requests filed on a day under a place (a grid files tens a day: read, not counted), by kind, by
 * status now, and the minutes to their first staff answer against the community's SLA.
 */
export async function requestDayFigures(
  db: Database,
  placeId: string,
  date: string,
  now: Date,
  sla: Record<PriorityName, number>,
): Promise<DayFigures['requests']> {
  const _ = db.command;
  const { start, end } = dayBounds(date);
  const byKind = Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as Record<RequestKind, number>;
  const byStatus = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>;
  const response = Object.fromEntries(URGENCIES.map((u) => [u, emptyResponse()])) as Record<Urgency, ResponseFigures>;
  await forEachPage<RequestDoc>(
    db,
    Collections.requests,
    { placePath: placeId, createdAt: _.gte(start).and(_.lt(end)) },
    1000,
    async (page) => {
      for (const r of page) {
        byKind[r.kind] += 1;
        byStatus[r.status] += 1;
        const figures = response[r.urgency];
        const minutes = responseMinutes(r);
        if (minutes === null) {
          // cancelled by the resident before anyone answered: nobody is waiting on it
          if (r.status === 'cancelled') continue;
          figures.waiting += 1;
          if ((now.getTime() - new Date(r.createdAt).getTime()) / 60_000 > sla[r.urgency]) figures.waitingOverdue += 1;
          continue;
        }
        figures.answered += 1;
        if (minutes <= sla[r.urgency]) figures.withinSla += 1;
        figures.hist[bucketOf(minutes)] += 1;
      }
    },
  );
  return { byKind, byStatus, response };
}

/** Every figure of a place for a day, as the stats job keeps it (a grid's: tens of counts over small ranges). */
export async function placeFigures(
  db: Database,
  placeId: string,
  date: string,
  now: Date,
  sla: Record<PriorityName, number>,
): Promise<DayFigures> {
  const [stock, checkins, open, day, requests, batch, batchClosed] = await Promise.all([
    stockFigures(db, placeId),
    checkinFigures(db, placeId, date),
    openQueueFigures(db, placeId, now),
    queueDayFigures(db, placeId, date),
    requestDayFigures(db, placeId, date, now, sla),
    batchFigures(db, placeId, now),
    count(db, Collections.batchRows, { placePath: placeId, state: 'closed' }),
  ]);
  const figures = emptyFigures();
  return {
    ...figures,
    ...stock,
    checkins,
    queue: { opened: day.opened, closed: day.closed, open: open.open, overdue: open.overdue },
    requests,
    batch: { byPass: batch.byPass, closed: batchClosed, overdue: batch.overdue },
  };
}

/**
 * The rows under a place being checked whose furthest pass is `stage`: what the dashboard counts per
 * pass and what `batch.stageRows` lists when the number is opened (one filter for both, so they agree).
 */
export const batchStageWhere = (placePath: unknown, stage: PassKind) => ({ placePath, state: 'dispatched' as const, stage });

/**
 * Verification batch rows under a place now (6 counts): rows being checked by the furthest pass
 * recorded (`stage`), rows waiting in 待分拨 (on the `path_state_stage_sort` index of batch_rows),
 * and the open batch_row items past the batch's deadline (normal priority, on the queue's
 * `path_status_kind_sort`). Rows closed accumulate over weeks (a street's: a million): the stats
 * job counts them per grid, the dashboard reads them from its documents.
 */
export async function batchFigures(
  db: Database,
  placeId: string,
  now: Date,
): Promise<{ byPass: Record<(typeof PASS_KINDS)[number], number>; unplaced: number; overdue: number }> {
  const _ = db.command;
  const [byPass, unplaced, overdue] = await Promise.all([
    countEach(PASS_KINDS, (stage) => count(db, Collections.batchRows, batchStageWhere(placeId, stage))),
    count(db, Collections.batchRows, { placePath: placeId, state: 'unplaced' }),
    count(db, Collections.queueItems, {
      placePath: placeId,
      status: _.in([...NOT_CLOSED]),
      kind: 'batch_row',
      sortKey: overdueRange(db, PRIORITIES.normal, now),
    }),
  ]);
  return { byPass, unplaced, overdue };
}
