/**
 * dashboard.overview and the daily stats job against the local cloud: the figures match what was
 * filed through the functions (households, requests, isolations, check-ins with fever, a missed
 * slot), each scope sees its own, every count is an exact indexed count, and the job keeps one
 * document per place per day however often it runs or wherever it stopped.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows, total } from '../common/db';
import { runDailyStats } from '../scheduler/dailyStats';
import type { DailyStatsDoc, DashboardView, FigureLink } from '../../src/domain/dashboard';
import type { Place } from '../../src/domain/places';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { ReportReceipt } from '../../src/domain/contracts';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const WORKER = PERSONAS.worker.openid; // 第一网格
const ADMIN = PERSONAS.admin.openid; // 祥云社区
const at = (local: string) => new Date(`${local}+08:00`);
const TODAY = '2026-12-01';

let a: ReportReceipt; // grid 1, home isolation
let b: ReportReceipt; // grid 1, returning
let c: ReportReceipt; // grid 2, health monitoring

async function ok<T>(res: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

async function overview(openid: string, placeId?: string): Promise<DashboardView> {
  return ok(t.call(openid, 'dashboard', 'overview', placeId ? { placeId } : {}));
}

async function gridBuilding(gridId: string): Promise<Place> {
  const [building] = await rows<Place>(getDb().collection(Collections.places).where({ level: 'building', gridId }).limit(1));
  return building;
}

/** What the queue shows for a figure's link: the items of both not-closed statuses. */
async function listOf(openid: string, link: FigureLink | undefined): Promise<QueueItemDoc['_id'][]> {
  if (!link || link.list !== 'queue') throw new Error('not a queue link');
  const { list: _list, status, ...filter } = link;
  const ids: string[] = [];
  for (const s of status ? [status] : (['open', 'in_progress'] as const)) {
    const page = await ok(t.call(openid, 'staff', 'queue', { ...filter, status: s }));
    ids.push(...page.items.map((i) => i.itemId));
  }
  return ids;
}

beforeAll(async () => {
  t = await startTestCloud();
  setClock({ at: at(`${TODAY}T09:00:00`) });
  const demo = t.cloud.demo!;
  a = await ok(
    t.call(
      'o_dash_a',
      'report',
      'submit',
      householdReport(demo.buildingId, { room: '301', category: 'home_isolation', members: familyOfThree(201) }),
    ),
  );
  b = await ok(t.call('o_dash_b', 'report', 'submit', householdReport(demo.buildingId, { room: '302', members: familyOfThree(202) })));
  const other = await gridBuilding(demo.gridIds[1]);
  c = await ok(
    t.call(
      'o_dash_c',
      'report',
      'submit',
      householdReport(other._id, { unit: other.units![0].name, room: '101', category: 'health_monitoring', members: familyOfThree(203) }),
    ),
  );

  // requests: a normal one the worker accepts, an urgent one, an emergency
  const request = (openid: string, personId: string, urgency: 'normal' | 'urgent' | 'emergency') =>
    ok(
      t.call(openid, 'request', 'create', {
        clientRequestId: requestId(),
        personId,
        urgency,
        details: { kind: 'other', description: '需要帮助' },
      }),
    );
  const supplies = await ok(
    t.call('o_dash_a', 'request', 'create', {
      clientRequestId: requestId(),
      personId: a.members[1].personId,
      urgency: 'normal',
      details: { kind: 'supplies', items: [{ name: '大米', quantity: 1, unit: '袋' }] },
    }),
  );
  await request('o_dash_a', a.members[2].personId, 'urgent');
  await request('o_dash_b', b.members[0].personId, 'emergency');
  await request('o_dash_c', c.members[0].personId, 'normal');
  setClock({ at: at(`${TODAY}T09:05:00`) });
  const [item] = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId: supplies.requestId, kind: 'request' }));
  await ok(t.call(WORKER, 'staff', 'requestAction', { itemId: item._id, action: 'accept' }));

  // isolations: one in each household; a fever and a normal check-in in grid 1, none in grid 2
  const isolate = (openid: string, personId: string, kind: 'home_isolation' | 'health_monitoring') =>
    ok(t.call(openid, 'staff', 'startIsolation', { personId, kind, startDate: TODAY, plannedDays: 7, reason: '测试' }));
  await isolate(WORKER, a.members[0].personId, 'home_isolation');
  await isolate(WORKER, b.members[0].personId, 'health_monitoring');
  await isolate(ADMIN, c.members[0].personId, 'home_isolation');
  await ok(t.call('o_dash_a', 'checkin', 'submit', { personId: a.members[0].personId, temperature: 38.1, symptoms: [] }));
  await ok(t.call('o_dash_b', 'checkin', 'submit', { personId: b.members[0].personId, temperature: 36.5, symptoms: [] }));

  // 10:30: the morning slot has closed; the check-in job raises grid 2's missed slot
  setClock({ at: at(`${TODAY}T10:30:00`) });
  await t.cloud.fireTimer('scheduler');
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('dashboard.overview', () => {
  it('a grid worker sees their grid only: what was filed, isolated, checked in and asked for there', async () => {
    const view = await overview(WORKER);
    expect(view.scope).toEqual([expect.objectContaining({ id: t.cloud.demo!.gridIds[0], level: 'grid' })]);
    expect(view.today.isolated.value).toBe(1);
    expect(view.today.monitored.value).toBe(1);
    expect(view.today.checkins.done.value).toBe(2);
    expect(view.today.checkins.fever.value).toBe(1);
    expect(view.today.checkins.missing.value).toBe(0);
    expect(view.today.requestsOpen.submitted.value).toBe(2);
    expect(view.today.requestsOpen.accepted.value).toBe(1);
    expect(view.today.open.verify_report.value).toBe(2);
    expect(view.today.open.request.value).toBe(3);
    expect(view.today.open.checkin_alert.value).toBe(1);
    // the emergency (10 min) and the home-isolation report (urgent, 1 h) are past due at 10:30
    expect(view.exceptions.overdue.value).toBeGreaterThanOrEqual(2);
    expect(view.exceptions.emergency.value).toBe(1);
    expect(view.exceptions.oldest).toMatchObject({ overdue: true });
    // another grid is out of reach, even by id
    expect(await t.call(WORKER, 'dashboard', 'overview', { placeId: t.cloud.demo!.gridIds[1] })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await t.call(WORKER, 'staff', 'roster', { placeId: t.cloud.demo!.gridIds[1] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('the admin sees the community: both grids add up', async () => {
    const view = await overview(ADMIN);
    expect(view.scope).toEqual([expect.objectContaining({ id: t.cloud.demo!.communityId, level: 'community' })]);
    expect(view.today.isolated.value).toBe(2);
    expect(view.today.monitored.value).toBe(1);
    expect(view.today.checkins).toMatchObject({ done: { value: 2 }, fever: { value: 1 }, missing: { value: 1 } });
    expect(view.today.requestsOpen.submitted.value).toBe(3);
    expect(view.today.open.checkin_alert.value).toBe(2);
    // one grid of the scope, chosen from the grid table
    const grid2 = await overview(ADMIN, t.cloud.demo!.gridIds[1]);
    expect(grid2.today.isolated.value).toBe(1);
    expect(grid2.today.checkins.missing).toEqual({
      value: 1,
      link: { list: 'queue', placeId: t.cloud.demo!.gridIds[1], kind: 'checkin_alert', priority: 'normal' },
    });
  });

  it('a resident is refused', async () => {
    expect(await t.call('o_dash_a', 'dashboard', 'overview', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('every number opens the list it counts', async () => {
    for (const [openid, placeId] of [
      [WORKER, undefined],
      [ADMIN, undefined],
      [ADMIN, t.cloud.demo!.gridIds[1]],
    ] as const) {
      const view = await overview(openid, placeId);
      const { overdue, missing, fever, emergency } = view.exceptions;
      for (const figure of [overdue, missing, fever, emergency, ...Object.values(view.today.open), view.today.openTotal]) {
        // (today's check-in figures count readings; their links are the alerts still open)
        expect(await listOf(openid, figure.link)).toHaveLength(figure.value);
      }
      const roster = { list: 'roster', date: TODAY, ...(placeId ? { placeId } : {}) };
      expect(view.today.isolated.link).toEqual(roster);
      // the roster it opens: the persons under isolation or monitoring there
      const listed = await ok(t.call(openid, 'staff', 'roster', placeId ? { placeId } : {}));
      expect(listed.items).toHaveLength(view.today.isolated.value + view.today.monitored.value);
    }
    // the overdue list is exactly the items past due
    const items = await rows<QueueItemDoc>(
      getDb().collection(Collections.queueItems).where({ placePath: t.cloud.demo!.communityId }).limit(1000),
    );
    const pastDue = items.filter((i) => i.status !== 'closed' && i.dueAt < at(`${TODAY}T10:30:00`)).map((i) => i._id);
    const view = await overview(ADMIN);
    expect((await listOf(ADMIN, view.exceptions.overdue.link)).sort()).toEqual(pastDue.sort());
  });

  it('counts only with exact index counts', async () => {
    const store = t.cloud.store;
    const spy = jest.spyOn(store, 'count');
    try {
      await overview(ADMIN);
      await runDailyStats(getDb(), at(`${TODAY}T10:30:00`), { refreshMinutes: 0 });
      expect(spy.mock.calls.length).toBeGreaterThan(20);
      const inexact = spy.mock.calls.filter(([collection, filter]) => !store.explain(collection, filter).exact);
      expect(inexact).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the daily stats job', () => {
  const docsOf = (date: string) => rows<DailyStatsDoc>(getDb().collection(Collections.dailyStats).where({ date }).limit(1000));

  it('run twice gives one document per place per day, whose figures match the filings', async () => {
    const now = at(`${TODAY}T10:30:00`);
    await runDailyStats(getDb(), now, { refreshMinutes: 0 });
    await runDailyStats(getDb(), now, { refreshMinutes: 0 });
    const docs = await docsOf(TODAY);
    // 锦绣街道, 祥云社区, 2 片区, 4 网格
    expect(docs.map((d) => d.level).sort()).toEqual(['area', 'area', 'community', 'grid', 'grid', 'grid', 'grid', 'street']);
    expect(new Set(docs.map((d) => d.placeId)).size).toBe(docs.length);
    expect(await total(getDb().collection(Collections.dailyStats))).toBe(docs.length);

    const grid1 = docs.find((d) => d.placeId === t.cloud.demo!.gridIds[0])!;
    expect(grid1.figures).toMatchObject({
      households: 2,
      persons: 6,
      personsByCategory: { home_isolation: 3, returning: 3, health_monitoring: 0, other: 0, none: 0 },
      isolated: 1,
      monitored: 1,
      checkins: { done: 2, fever: 1, missing: 0 },
    });
    expect(grid1.figures.requests.byKind).toMatchObject({ supplies: 1, other: 2 });
    expect(grid1.figures.requests.byStatus).toMatchObject({ submitted: 2, accepted: 1 });
    // accepted 5 minutes after filing: within the normal SLA, in the ≤ 5 min bucket
    expect(grid1.figures.requests.response.normal).toMatchObject({ answered: 1, withinSla: 1, waiting: 0 });
    expect(grid1.figures.requests.response.emergency).toMatchObject({ answered: 0, waiting: 1, waitingOverdue: 1 });

    const community = docs.find((d) => d.level === 'community')!;
    expect(community.grids).toBe(4);
    expect(community.figures).toMatchObject({
      households: 3,
      persons: 9,
      isolated: 2,
      monitored: 1,
      checkins: { done: 2, fever: 1, missing: 1 },
    });
    expect(community.figures.personsByCategory.health_monitoring).toBe(3);
    const street = docs.find((d) => d.level === 'street')!;
    expect(street.figures).toEqual(community.figures);
  });

  it('the dashboard shows the job’s figures: filed, the grid table, the trend, the response times', async () => {
    const worker = await overview(WORKER);
    expect(worker.filed).toMatchObject({ households: 2, persons: 6, byCategory: { home_isolation: 3, returning: 3 } });
    expect(worker.grids.rows.map((r) => r.placeId)).toEqual([t.cloud.demo!.gridIds[0]]);
    const admin = await overview(ADMIN);
    expect(admin.filed).toMatchObject({ households: 3, persons: 9 });
    expect(admin.grids.rows).toHaveLength(4);
    const row2 = admin.grids.rows.find((r) => r.placeId === t.cloud.demo!.gridIds[1])!;
    expect(row2).toMatchObject({ households: 1, persons: 3, isolated: 1, missing: 1 });
    expect(row2.behind).toContain('未打卡1人次');
    expect(admin.trend).toEqual([expect.objectContaining({ date: TODAY, households: 3, fever: 1, missing: 1 })]);
    const normal = admin.requests.response.find((r) => r.urgency === 'normal')!;
    expect(normal).toMatchObject({ slaMinutes: 24 * 60, answered: 1, withinSla: 1, p50: 5 });
    expect(admin.requests.byKind).toMatchObject({ supplies: 1, other: 3 });
  });

  it('resumes where it stopped when its time runs out, and closes yesterday after midnight', async () => {
    const db = getDb();
    const tomorrow = at('2026-12-02T00:20:00');
    // a budget that allows one batch of one grid per run
    let calls = 0;
    const tight = { batchSize: 1, budgetMs: 1, elapsed: () => (calls++ % 2 === 0 ? 0 : 1) };
    const first = await runDailyStats(db, tomorrow, tight);
    expect(first).toMatchObject({ resumable: true, days: [{ date: TODAY, grids: 1, done: false, final: true }] });
    let runs = 1;
    let last = first;
    while (last.resumable && runs < 20) {
      calls = 0;
      last = await runDailyStats(db, tomorrow, tight);
      runs++;
    }
    expect(last.resumable).toBe(false);
    expect(runs).toBeGreaterThanOrEqual(8); // 4 grids of yesterday, then 4 of today, one per run
    const yesterday = await docsOf(TODAY);
    expect(yesterday).toHaveLength(8);
    expect(yesterday.every((d) => d.final)).toBe(true);
    expect(await docsOf('2026-12-02')).toHaveLength(8);
    // yesterday is final: later runs leave it alone
    expect((await runDailyStats(db, at('2026-12-02T01:20:00'))).days.map((d) => d.date)).toEqual(['2026-12-02']);
    setClock({ at: tomorrow });
    const view = await overview(ADMIN);
    expect(view.trend.map((p) => p.date)).toEqual([TODAY, '2026-12-02']);
    setClock({ at: at(`${TODAY}T10:30:00`) });
  });
});
