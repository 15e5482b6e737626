/**
 * dashboard.overview — the figures of the caller's scope (or one place of it), exceptions first.
 *
 * What it reads, whatever the size of the scope (a grid or a street of 452 grids):
 * - today's figures: a fixed set of indexed counts per scope place (common/dayFigures.ts), each an
 *   exact count over a place-path index range of today's or open records — never the whole ledger;
 * - the stock figures (households, persons, categories) and the grid table: the daily stats
 *   documents of the latest pass of the stats job (scheduler/dailyStats.ts), one query each;
 * - the 14-day trends and request response times: the scope's own daily stats documents.
 */
import { PASS_KINDS, type PassKind } from '../../src/domain/batches';
import {
  PERSON_CATEGORIES,
  TREND_DAYS,
  addFigures,
  emptyFigures,
  percentile,
  trendPoint,
  type DailyStatsDoc,
  type DashboardView,
  type DayFigures,
  type Figure,
  type FigureLink,
  type GridPage,
  type ResponseView,
} from '../../src/domain/dashboard';
import type { ParsedOf } from '../../src/domain/contracts';
import type { Place } from '../../src/domain/places';
import { PRIORITIES, QUEUE_KINDS, type PriorityName, type QueueItemDoc, type QueueKind } from '../../src/domain/queue';
import { REQUEST_KINDS, REQUEST_STATUSES, URGENCIES } from '../../src/domain/requests';
import { addDays, shanghaiDateString } from '../../src/domain/time';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows } from '../common/db';
import {
  batchFigures,
  checkinFigures,
  isolationFigures,
  NOT_CLOSED,
  openAlertFigures,
  openQueueFigures,
  openRequestFigures,
  queueDayFigures,
} from '../common/dayFigures';
import { getChain } from '../common/places';
import { slaOf } from '../common/sla';
import { requirePlaceInScope, type StaffContext } from '../common/staffAccess';
import { gridDocs, gridPage, gridRow, gridsAsOf, scopeGridRows } from './grids';

type Live = {
  isolated: number;
  monitored: number;
  checkins: DayFigures['checkins'];
  open: Record<QueueKind, number>;
  overdue: number;
  overdueBy: Record<PriorityName, number>;
  opened: Record<QueueKind, number>;
  closed: number;
  requestsOpen: Record<'submitted' | 'accepted' | 'in_progress' | 'escalated', number>;
  alerts: { fever: number; missing: number };
  batch: { byPass: Record<PassKind, number>; unplaced: number; overdue: number };
};

async function liveFigures(db: Database, placeId: string, date: string, now: Date): Promise<Live> {
  const [iso, checkins, open, day, requestsOpen, alerts, batch] = await Promise.all([
    isolationFigures(db, placeId),
    checkinFigures(db, placeId, date),
    openQueueFigures(db, placeId, now),
    queueDayFigures(db, placeId, date),
    openRequestFigures(db, placeId),
    openAlertFigures(db, placeId),
    batchFigures(db, placeId, now),
  ]);
  return {
    ...iso,
    checkins,
    open: open.open,
    overdue: open.overdue,
    overdueBy: open.overdueBy,
    opened: day.opened,
    closed: day.closed,
    requestsOpen,
    alerts,
    batch,
  };
}

function addLive(a: Live, b: Live): Live {
  const add = <K extends string>(x: Record<K, number>, y: Record<K, number>) =>
    Object.fromEntries(Object.keys(x).map((k) => [k, x[k as K] + y[k as K]])) as Record<K, number>;
  return {
    isolated: a.isolated + b.isolated,
    monitored: a.monitored + b.monitored,
    checkins: add(a.checkins, b.checkins),
    open: add(a.open, b.open),
    overdue: a.overdue + b.overdue,
    overdueBy: add(a.overdueBy, b.overdueBy),
    opened: add(a.opened, b.opened),
    closed: a.closed + b.closed,
    requestsOpen: add(a.requestsOpen, b.requestsOpen),
    alerts: add(a.alerts, b.alerts),
    batch: {
      byPass: add(a.batch.byPass, b.batch.byPass),
      unplaced: a.batch.unplaced + b.batch.unplaced,
      overdue: a.batch.overdue + b.batch.overdue,
    },
  };
}

/** The open item waiting longest under a place: the head of each urgency's range of the queue order. */
async function oldestOpen(db: Database, placeId: string): Promise<QueueItemDoc | null> {
  const _ = db.command;
  const heads = await Promise.all(
    Object.values(PRIORITIES).flatMap((p) =>
      NOT_CLOSED.map((status) =>
        rows<QueueItemDoc>(
          db
            .collection(Collections.queueItems)
            .where({ placePath: placeId, status, sortKey: _.gte(`${p}|`).and(_.lt(`${p}|~`)) })
            .orderBy('sortKey', 'asc')
            .limit(1),
        ),
      ),
    ),
  );
  const all = heads.flat();
  all.sort((x, y) => new Date(x.createdAt).getTime() - new Date(y.createdAt).getTime());
  return all[0] ?? null;
}

/** The places the dashboard is for: the caller's scope, or the one place of it asked for. */
async function placesOf(ctx: StaffContext, placeId: string | undefined): Promise<Place[]> {
  return placeId ? [await requirePlaceInScope(ctx.db, ctx.access, placeId)] : ctx.access.scope;
}

interface TrendDay {
  figures: DayFigures;
  /** the earliest of the places' documents of the day */
  at: Date;
  /** grids the documents cover */
  grids: number;
}

/** The stats documents of the places for a range of days, summed per day. */
async function trendDocs(db: Database, places: readonly Place[], from: string, to: string): Promise<Map<string, TrendDay>> {
  const _ = db.command;
  const byDate = new Map<string, TrendDay>();
  const lists = await Promise.all(
    places.map((p) =>
      rows<DailyStatsDoc>(
        db
          .collection(Collections.dailyStats)
          .where({ placeId: p._id, date: _.gte(from).and(_.lte(to)) })
          .orderBy('date', 'asc')
          .limit(TREND_DAYS + 1),
      ),
    ),
  );
  for (const doc of lists.flat()) {
    const day = byDate.get(doc.date) ?? { figures: emptyFigures(), at: new Date(doc.computedAt), grids: 0 };
    addFigures(day.figures, doc.figures);
    day.grids += doc.grids;
    if (new Date(doc.computedAt) < day.at) day.at = new Date(doc.computedAt);
    byDate.set(doc.date, day);
  }
  return byDate;
}

export async function dashboardOverview(ctx: StaffContext, payload: ParsedOf<'dashboard', 'overview'>): Promise<DashboardView> {
  const { db, now } = ctx;
  const places = await placesOf(ctx, payload.placeId);
  const today = shanghaiDateString(now);
  const from = addDays(today, -(TREND_DAYS - 1));
  const chosen = payload.placeId;
  const link = (l: Omit<Extract<FigureLink, { list: 'queue' }>, 'list'>): FigureLink => ({
    list: 'queue',
    ...(chosen ? { placeId: chosen } : {}),
    ...l,
  });
  const roster: FigureLink = { list: 'roster', date: today, ...(chosen ? { placeId: chosen } : {}) };

  const [liveList, oldestList, [days, grids], chain] = await Promise.all([
    Promise.all(places.map((p) => liveFigures(db, p._id, today, now))),
    Promise.all(places.map((p) => oldestOpen(db, p._id))),
    trendDocs(db, places, from, today).then(async (d) => {
      const latest = d.get(today) ?? d.get(addDays(today, -1));
      return [d, await gridDocs(db, places, today, Math.max(d.get(addDays(today, -1))?.grids ?? 0, latest?.grids ?? 0))] as const;
    }),
    // the SLA the response times are held against: the community on the first place's path
    getChain(db, places[0]),
  ]);
  const live = liveList.reduce(addLive);
  const oldest = oldestList
    .filter((x): x is QueueItemDoc => x !== null)
    .sort((x, y) => new Date(x.createdAt).getTime() - new Date(y.createdAt).getTime())[0];
  const sla = slaOf(chain.community);

  // the stock figures: today's pass when it has covered the places, else yesterday's
  const latest = days.get(today) ?? days.get(addDays(today, -1)) ?? null;
  const filedFigures = latest?.figures ?? emptyFigures();

  const fig = (value: number, l?: FigureLink): Figure => (l ? { value, link: l } : { value });
  const period = emptyFigures();
  for (const day of days.values()) addFigures(period, day.figures);
  const response: ResponseView[] = URGENCIES.map((u) => {
    const r = period.requests.response[u];
    const p = (q: number) => {
      const v = percentile(r.hist, q);
      return v === null ? null : Number.isFinite(v) ? v : 'beyond';
    };
    return {
      urgency: u,
      slaMinutes: sla[u],
      answered: r.answered,
      withinSla: r.withinSla,
      waiting: r.waiting,
      waitingOverdue: r.waitingOverdue,
      p50: p(0.5),
      p90: p(0.9),
      p95: p(0.95),
    };
  });

  const asOf = (d: Date | undefined) => (d ? new Date(d).toISOString() : null);
  const firstPage: GridPage = gridPage(grids.map(gridRow), 'behind', false, null);
  const batchLink = link({ kind: 'batch_row' });
  return {
    date: today,
    at: now.toISOString(),
    scope: places.map((p) => ({ id: p._id, name: p.name, level: p.level })),
    exceptions: {
      overdue: fig(live.overdue, link({ overdue: true })),
      missing: fig(live.alerts.missing, link({ kind: 'checkin_alert', priority: 'normal' })),
      fever: fig(live.alerts.fever, link({ kind: 'checkin_alert', priority: 'urgent' })),
      emergency: fig(live.overdueBy.emergency, link({ priority: 'emergency', overdue: true })),
      batchOverdue: fig(live.batch.overdue, link({ kind: 'batch_row', overdue: true })),
      // a scope of several places: the first one's list (a scope of one place is the usual case)
      unplaced: fig(live.batch.unplaced, { list: 'unplaced', placeId: chosen ?? places[0]._id }),
      oldest: oldest
        ? {
            itemId: oldest._id,
            title: oldest.title,
            createdAt: new Date(oldest.createdAt).toISOString(),
            dueAt: new Date(oldest.dueAt).toISOString(),
            overdue: new Date(oldest.dueAt).getTime() < now.getTime(),
          }
        : null,
    },
    today: {
      isolated: fig(live.isolated, roster),
      monitored: fig(live.monitored, roster),
      checkins: {
        done: fig(live.checkins.done, roster),
        fever: fig(live.checkins.fever, link({ kind: 'checkin_alert', priority: 'urgent' })),
        missing: fig(live.checkins.missing, link({ kind: 'checkin_alert', priority: 'normal' })),
      },
      open: Object.fromEntries(QUEUE_KINDS.map((k) => [k, fig(live.open[k], link({ kind: k }))])) as Record<QueueKind, Figure>,
      openTotal: fig(
        QUEUE_KINDS.reduce((s, k) => s + live.open[k], 0),
        link({}),
      ),
      openedToday: QUEUE_KINDS.reduce((s, k) => s + live.opened[k], 0),
      closedToday: live.closed,
      requestsOpen: {
        submitted: fig(live.requestsOpen.submitted, link({ kind: 'request', status: 'open' })),
        accepted: fig(live.requestsOpen.accepted, link({ kind: 'request', status: 'in_progress' })),
        in_progress: fig(live.requestsOpen.in_progress, link({ kind: 'request', status: 'in_progress' })),
        escalated: fig(live.requestsOpen.escalated, link({ kind: 'request' })),
      },
    },
    filed: {
      households: filedFigures.households,
      persons: filedFigures.persons,
      byCategory: Object.fromEntries(
        PERSON_CATEGORIES.map((c) => [c, filedFigures.personsByCategory[c] ?? 0]),
      ) as DashboardView['filed']['byCategory'],
      asOf: asOf(latest?.at),
    },
    requests: {
      days: TREND_DAYS,
      byKind: Object.fromEntries(REQUEST_KINDS.map((k) => [k, period.requests.byKind[k] ?? 0])) as DashboardView['requests']['byKind'],
      byStatus: Object.fromEntries(
        REQUEST_STATUSES.map((s) => [s, period.requests.byStatus[s] ?? 0]),
      ) as DashboardView['requests']['byStatus'],
      response,
    },
    batch: {
      // each opens the rows it counts: at that pass, under the chosen place or the scope
      byPass: Object.fromEntries(
        PASS_KINDS.map((stage) => [stage, fig(live.batch.byPass[stage], { list: 'batchRows', stage, ...(chosen ? { placeId: chosen } : {}) })]),
      ) as Record<PassKind, Figure>,
      open: fig(live.open.batch_row, batchLink),
      // rows closed: the latest pass of the stats job (they accumulate: not counted on every open)
      closed: filedFigures.batch?.closed ?? 0,
    },
    grids: {
      ...firstPage,
      asOf: gridsAsOf(grids),
    },
    trend: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, d]) => trendPoint(date, d.figures)),
  };
}

/** dashboard.grids: a page of the scope's (or one place's) grid table in the order asked. */
export async function dashboardGrids(ctx: StaffContext, payload: ParsedOf<'dashboard', 'grids'>): Promise<GridPage & { asOf: string | null }> {
  const places = await placesOf(ctx, payload.placeId);
  const { rows: all, asOf } = await scopeGridRows(ctx.db, places, shanghaiDateString(ctx.now));
  return { ...gridPage(all, payload.sort ?? 'behind', payload.ascending ?? false, payload.cursor), asOf };
}
