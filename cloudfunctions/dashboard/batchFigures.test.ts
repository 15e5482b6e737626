/**
 * The dashboard's verification batch figures against the local cloud: a list imported and
 * dispatched through the batch function, passes and an outcome recorded by the grid workers, the
 * deadline passed. Each scope sees its own rows; every number equals the rows of the list it opens;
 * all counts are exact index counts; the daily stats documents keep the same figures.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
import { runDailyStats } from '../scheduler/dailyStats';
import type { BatchRowView, ImportView } from '../../src/domain/batches';
import type { DailyStatsDoc, DashboardView, FigureLink } from '../../src/domain/dashboard';
import { dailyStatsId } from '../../src/domain/dashboard';
import { PERSONAS } from '../../localcloud/personas';
import { idCard } from '../../tests/support/people';
import { csvOf, runToEnd, uploadList } from '../../tests/support/batches';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const ADMIN = PERSONAS.admin.openid; // 祥云社区
const WORKER = PERSONAS.worker.openid; // 第一网格: 祥云一区, 锦园 …
const WORKER2 = 'o_seed_worker_2'; // 第二网格: 和平里 …
const at = (local: string) => new Date(`${local}+08:00`);
const TODAY = '2026-12-01';

async function ok<T>(res: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(r.message);
  return r.data;
}
const overview = (openid: string): Promise<DashboardView> => ok(t.call(openid, 'dashboard', 'overview', {}));

/** The item ids the queue lists for a figure's link (both not-closed statuses). */
async function queueIds(openid: string, link: FigureLink | undefined): Promise<string[]> {
  if (!link || link.list !== 'queue') throw new Error('not a queue link');
  const { list: _list, status, ...filter } = link;
  const ids: string[] = [];
  for (const s of status ? [status] : (['open', 'in_progress'] as const)) {
    const page = await ok(t.call(openid, 'staff', 'queue', { ...filter, status: s }));
    ids.push(...page.items.map((i) => i.itemId));
  }
  return ids.sort();
}

const HEADERS = ['姓名', '身份证号码', '联系电话', '现住址'];
const LIST = [
  ['周一', idCard('19800101', 31), '13800003101', '祥云一区3号楼2单元301'],
  ['周二', idCard('19800102', 32), '13800003102', '祥云一区3号楼2单元302'],
  ['周三', idCard('19800103', 33), '13800003103', '锦园1号楼1单元101'],
  ['周四', idCard('19800104', 34), '13800003104', '和平里2号楼1单元101'],
  ['周五', idCard('19800105', 35), '13800003105', '云祥花园3号楼2单元301'],
];
let batchId = '';
let rowsByName = new Map<string, BatchRowView>();

beforeAll(async () => {
  t = await startTestCloud();
  setClock({ at: at(`${TODAY}T09:00:00`) });
  const fileId = await uploadList(t, ADMIN, csvOf(HEADERS, LIST), 'csv');
  let view: ImportView = await ok(
    t.call(ADMIN, 'batch', 'upload', { fileId, source: '区指挥部', subject: '看板核查', deadline: `${TODAY}T12:00:00+08:00` }),
  );
  batchId = view.batchId;
  if (view.status === 'mapping') view = await ok(t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping }));
  await runToEnd(t, ADMIN, view);
  await ok(t.call(ADMIN, 'batch', 'dispatch', { batchId }));
  const dispatched = await ok(t.call(ADMIN, 'batch', 'rows', { batchId, state: 'dispatched' }));
  rowsByName = new Map(dispatched.items.map((r) => [r.name, r]));
  expect([...rowsByName.keys()].sort()).toEqual(['周一', '周三', '周二', '周四']);

  // 第一网格: 周一 phoned, 周二 visited (no call first), 周三 untouched; 第二网格: 周四 closed
  await ok(t.call(WORKER, 'batch', 'pass', { rowId: rowsByName.get('周一')!.rowId, kind: 'phone', phoneOutcome: 'reached', inArea: true }));
  await ok(t.call(WORKER, 'batch', 'pass', { rowId: rowsByName.get('周二')!.rowId, kind: 'visit', atHome: true }));
  // a phone call after the visit leaves the row at 入户走访 (a stage moves forward only)
  await ok(t.call(WORKER, 'batch', 'pass', { rowId: rowsByName.get('周二')!.rowId, kind: 'phone', phoneOutcome: 'reached' }));
  await ok(t.call(WORKER2, 'batch', 'outcome', { rowId: rowsByName.get('周四')!.rowId, outcome: 'not_found' }));

  // 13:00: the batch's deadline has passed, 第一网格's three rows are overdue; the stats job has run
  // (rows closed are read from its documents: they accumulate, they are not counted on every open)
  setClock({ at: at(`${TODAY}T13:00:00`) });
  await runDailyStats(getDb(), at(`${TODAY}T13:00:00`), { refreshMinutes: 0, budgetMs: Number.POSITIVE_INFINITY });
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('batch figures on the dashboard', () => {
  it('a grid worker sees only their grid’s rows: by furthest pass, overdue first', async () => {
    const v = await overview(WORKER);
    expect(Object.fromEntries(Object.entries(v.batch.byPass).map(([k, f]) => [k, f.value]))).toEqual({ check: 1, phone: 1, visit: 1, daily: 0 });
    expect(v.batch.open.value).toBe(3);
    expect(v.batch.closed).toBe(0);
    expect(v.exceptions.batchOverdue.value).toBe(3);
    expect(v.exceptions.unplaced.value).toBe(0);
    // the overdue number opens exactly those rows' items
    const grid1 = ['周一', '周二', '周三'].map((n) => rowsByName.get(n)!.itemId!).sort();
    expect(await queueIds(WORKER, v.exceptions.batchOverdue.link)).toEqual(grid1);
    expect(await queueIds(WORKER, v.batch.open.link)).toEqual(grid1);
  });

  it('the second grid’s worker sees the closed row and nothing open', async () => {
    const v = await overview(WORKER2);
    expect(v.batch.open.value).toBe(0);
    expect(v.batch.closed).toBe(1);
    expect(v.exceptions.batchOverdue.value).toBe(0);
    expect(await queueIds(WORKER2, v.exceptions.batchOverdue.link)).toEqual([]);
  });

  it('the community admin sees both grids and 待分拨; each number equals its list', async () => {
    const v = await overview(ADMIN);
    expect(v.batch.open.value).toBe(3);
    expect(v.batch.closed).toBe(1);
    expect(v.exceptions.batchOverdue.value).toBe(3);
    expect(await queueIds(ADMIN, v.exceptions.batchOverdue.link)).toHaveLength(3);
    expect(v.exceptions.unplaced).toEqual({ value: 1, link: { list: 'unplaced', placeId: t.cloud.demo!.communityId } });
    const link = v.exceptions.unplaced.link as Extract<FigureLink, { list: 'unplaced' }>;
    const unplaced = await ok(t.call(ADMIN, 'batch', 'unplaced', { placeId: link.placeId }));
    expect(unplaced.items.map((r) => r.name)).toEqual(['周五']);
    // the desk's own counts agree
    const batch = await ok(t.call(ADMIN, 'batch', 'batch', { batchId }));
    expect(batch.counts).toMatchObject({ dispatched: 3, closed: 1, unplaced: 1 });
  });

  it('placing the unplaced row takes it off 待分拨 and onto its grid', async () => {
    setClock({ at: at(`${TODAY}T09:30:00`) });
    const [building] = await rows<{ _id: string }>(
      getDb().collection(Collections.places).where({ level: 'building', gridId: t.cloud.demo!.gridIds[0] }).limit(1),
    );
    const rowId = (await ok(t.call(ADMIN, 'batch', 'unplaced', {}))).items[0].rowId;
    await ok(t.call(ADMIN, 'batch', 'place', { rowId, buildingId: building._id }));
    const v = await overview(WORKER);
    expect(v.exceptions.unplaced.value).toBe(0);
    expect(v.batch.byPass.check.value).toBe(2);
    expect(v.exceptions.batchOverdue.value).toBe(0); // 09:30: before the deadline
    expect((await overview(ADMIN)).exceptions.unplaced.value).toBe(0);
    setClock({ at: at(`${TODAY}T13:00:00`) });
  });

  it('counts only with exact index counts, and the daily stats keep the batch figures per grid and summed up', async () => {
    const store = t.cloud.store;
    const spy = jest.spyOn(store, 'count');
    try {
      await overview(ADMIN);
      await runDailyStats(getDb(), at(`${TODAY}T13:00:00`), { refreshMinutes: 0, budgetMs: Number.POSITIVE_INFINITY });
      const batchCounts = spy.mock.calls.filter(([c]) => c === Collections.batchRows);
      expect(batchCounts.length).toBeGreaterThan(6);
      expect(spy.mock.calls.filter(([c, f]) => !store.explain(c, f).exact)).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    const doc = async (placeId: string) =>
      (await rows<DailyStatsDoc>(getDb().collection(Collections.dailyStats).where({ _id: dailyStatsId(TODAY, placeId) })))[0];
    const [g1, g2] = t.cloud.demo!.gridIds;
    expect((await doc(g1)).figures.batch).toEqual({ byPass: { check: 2, phone: 1, visit: 1, daily: 0 }, closed: 0, overdue: 4 });
    expect((await doc(g2)).figures.batch).toEqual({ byPass: { check: 0, phone: 0, visit: 0, daily: 0 }, closed: 1, overdue: 0 });
    expect((await doc(t.cloud.demo!.communityId)).figures.batch).toEqual({ byPass: { check: 2, phone: 1, visit: 1, daily: 0 }, closed: 1, overdue: 4 });
    const v = await overview(ADMIN);
    expect(v.trend.find((p) => p.date === TODAY)).toMatchObject({ batchOpen: 4, batchClosed: 1 });
  });
});

describe('each per-pass number opens exactly the rows it counts', () => {
  /** every page of `batch.stageRows` for a number's link */
  async function stageRowsOf(openid: string, link: FigureLink | undefined): Promise<BatchRowView[]> {
    if (!link || link.list !== 'batchRows') throw new Error(`not a batch rows link: ${JSON.stringify(link)}`);
    const all: BatchRowView[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: BatchRowView[]; nextCursor: string | null } = await ok(
        t.call(openid, 'batch', 'stageRows', { stage: link.stage, ...(link.placeId ? { placeId: link.placeId } : {}), cursor }),
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  it('for the worker, a grid of a street and the community, across pages of real rows', async () => {
    setClock({ at: at(`${TODAY}T13:30:00`) });
    // a second list of 60 rows in 第一网格 (more than a page), 7 of them phoned
    const surnames = ['赵', '钱', '孙', '李', '郑', '王', '冯', '陈', '褚', '卫'];
    const given = ['一', '二', '三', '四', '五', '六'];
    const list = surnames.flatMap((s, i) =>
      given.map((g, j) => [`${s}${g}`, idCard('19900101', 100 + i * 6 + j), `1390000${String(4000 + i * 6 + j)}`, `祥云一区3号楼2单元${401 + j}`]),
    );
    const fileId = await uploadList(t, ADMIN, csvOf(HEADERS, list), 'csv');
    let view: ImportView = await ok(
      t.call(ADMIN, 'batch', 'upload', { fileId, source: '区指挥部', subject: '翻页核查', deadline: `${TODAY}T20:00:00+08:00` }),
    );
    if (view.status === 'mapping') view = await ok(t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping }));
    await runToEnd(t, ADMIN, view);
    await ok(t.call(ADMIN, 'batch', 'dispatch', { batchId: view.batchId }));
    const second = await ok(t.call(ADMIN, 'batch', 'rows', { batchId: view.batchId, state: 'dispatched' }));
    expect(second.items).toHaveLength(50); // the first page of 60
    for (const row of second.items.slice(0, 7)) {
      await ok(t.call(WORKER, 'batch', 'pass', { rowId: row.rowId, kind: 'phone', phoneOutcome: 'reached', inArea: true }));
    }

    const [g1, g2] = t.cloud.demo!.gridIds;
    for (const [openid, placeId] of [[WORKER, undefined], [ADMIN, undefined], [ADMIN, g1], [WORKER2, undefined]] as const) {
      const v = placeId ? await ok<DashboardView>(t.call(openid, 'dashboard', 'overview', { placeId })) : await overview(openid);
      for (const stage of ['check', 'phone', 'visit', 'daily'] as const) {
        const figure = v.batch.byPass[stage];
        expect(figure.link).toEqual({ list: 'batchRows', stage, ...(placeId ? { placeId } : {}) });
        const listed = await stageRowsOf(openid, figure.link);
        expect({ openid, placeId, stage, n: listed.length }).toEqual({ openid, placeId, stage, n: figure.value });
        expect(new Set(listed.map((r) => r.rowId)).size).toBe(listed.length);
        // every row listed is being checked, at that pass, and opens its queue item
        for (const r of listed) {
          expect(r.state).toBe('dispatched');
          expect(r.itemId).toBeTruthy();
          if (stage !== 'check') expect(r.passes.some((p) => p.kind === stage)).toBe(true);
        }
      }
    }
    const worker = await overview(WORKER);
    // 第一网格: 周三 + the placed 周五 + 53 of the second list at 核对上级数据; 周一 + 7 phoned; 周二 visited
    expect(worker.batch.byPass.check.value).toBe(55);
    expect(worker.batch.byPass.phone.value).toBe(8);
    expect(worker.batch.byPass.visit.value).toBe(1);
    const checkNames = (await stageRowsOf(WORKER, worker.batch.byPass.check.link)).map((r) => r.name);
    expect(checkNames).toContain('卫六'); // on the second page
    expect(checkNames).not.toContain('赵一');
    expect((await stageRowsOf(WORKER, worker.batch.byPass.phone.link)).map((r) => r.name).sort()).toEqual(
      ['周一', '赵一', '赵二', '赵三', '赵四', '赵五', '赵六', '钱一'].sort(),
    );
    // outside the caller's scope: a worker cannot open another grid's rows, nor a made-up place
    const foreign = await t.call(WORKER, 'batch', 'stageRows', { stage: 'check', placeId: g2, cursor: null });
    expect(foreign).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const forged = await t.call(WORKER2, 'batch', 'stageRows', { stage: 'check', placeId: g1, cursor: null });
    expect(forged).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // a page of a street's million rows is an index range, not a scan: the same index as the count, in order
    expect(t.cloud.store.explain(Collections.batchRows, { placePath: g1, state: 'dispatched', stage: 'check', sortKey: { $gt: 'x' } }, { sortKey: 1 })).toMatchObject({
      index: 'path_state_stage_sort',
      exact: true,
      pushdown: true,
    });
    const badStage = await t.call(WORKER, 'batch', 'stageRows', { stage: 'audit', cursor: null } as never);
    expect(badStage).toMatchObject({ ok: false, code: 'INVALID_ENUM' });
  });
});
