/**
 * The grid table past 1,000 grids: 1,200 grids added to 祥云社区 through the tree import, counted by
 * the daily stats job, then read page by page through dashboard.grids in several orders — every
 * grid is reached exactly once, each page continues the order, and a cursor of another order is
 * refused.
 */
import ExcelJS from 'exceljs';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { fetchAll } from '../common/paging';
import { runDailyStats } from '../scheduler/dailyStats';
import { IMPORT_COLUMNS } from '../../src/domain/hierarchy';
import { compareGrids, type GridPage, type GridRow, type GridSort } from '../../src/domain/dashboard';
import type { Place } from '../../src/domain/places';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport } from '../../tests/support/people';
import { uploadList } from '../../tests/support/batches';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const ADMIN = PERSONAS.admin.openid;
const NEW_GRIDS = 1200;
const at = (local: string) => new Date(`${local}+08:00`);
const TODAY = '2026-12-01';
let gridIds: string[] = [];

async function ok<T>(res: Promise<{ ok: true; data: T } | { ok: false; message: string }>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

/** Every page of the table in one order. */
async function allPages(sort: GridSort, ascending: boolean): Promise<{ rows: GridRow[]; pages: number; total: number }> {
  const out: GridRow[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = 0;
  do {
    const page: GridPage = await ok(t.call(ADMIN, 'dashboard', 'grids', { sort, ascending, cursor }));
    expect(page.sort).toEqual({ by: sort, ascending });
    out.push(...page.rows);
    total = page.total;
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { rows: out, pages, total };
}

beforeAll(async () => {
  t = await startTestCloud();
  setClock({ at: at(`${TODAY}T09:00:00`) });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('楼栋');
  ws.addRow([...IMPORT_COLUMNS]);
  for (let i = 1; i <= NEW_GRIDS; i++) ws.addRow(['祥云社区', '北片区', `北${i}网格`, '', `北${i}号楼`, 1, 6, 2]);
  const fileId = await uploadList(t, ADMIN, Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
  await ok(t.call(ADMIN, 'hierarchy', 'importApply', { fileId }));
  gridIds = (await fetchAll<Place>(getDb(), Collections.places, { path: t.cloud.demo!.communityId, level: 'grid' })).map((p) => p._id);
  expect(gridIds.length).toBeGreaterThan(NEW_GRIDS);
  // a household in one of the demo grids: that grid is not tied with the rest
  const filed = await t.call('o_page_a', 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '501', members: familyOfThree(301) }));
  if (!filed.ok) throw new Error(filed.message);
  await runDailyStats(getDb(), at(`${TODAY}T09:00:00`), { refreshMinutes: 0, budgetMs: Number.POSITIVE_INFINITY });
}, 300_000);
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('the grid table of a community of more than 1,000 grids', () => {
  it.each([
    ['behind', false],
    ['name', true],
    ['name', false],
    ['persons', false],
    ['households', true],
  ] as Array<[GridSort, boolean]>)('by %s (ascending %s): every grid once, in order, across pages', async (sort, ascending) => {
    const { rows, pages, total } = await allPages(sort, ascending);
    expect(total).toBe(gridIds.length);
    expect(pages).toBeGreaterThan(1000 / 50);
    expect(rows.map((r) => r.placeId).sort()).toEqual([...gridIds].sort());
    for (let i = 1; i < rows.length; i++) expect(compareGrids(rows[i - 1], rows[i], sort, ascending)).toBeLessThan(0);
    if (sort === 'persons') expect(rows[0]).toMatchObject({ placeId: t.cloud.demo!.gridIds[0], persons: 3 });
    if (sort === 'name' && ascending) expect(rows.slice(0, 3).map((r) => r.name)).toEqual(['北1网格', '北2网格', '北3网格']);
  });

  it('the overview shows the first page and the whole count', async () => {
    const v = await ok(t.call(ADMIN, 'dashboard', 'overview', {}));
    expect(v.grids.total).toBe(gridIds.length);
    expect(v.grids.rows).toHaveLength(50);
    expect(v.grids.nextCursor).toEqual(expect.any(String));
    // the overview's cursor continues the same order in dashboard.grids
    const next = await ok(t.call(ADMIN, 'dashboard', 'grids', { cursor: v.grids.nextCursor }));
    expect(compareGrids(v.grids.rows[49], next.rows[0], 'behind', false)).toBeLessThan(0);
  });

  it('refuses a cursor of another order, and a forged one', async () => {
    const page = await ok(t.call(ADMIN, 'dashboard', 'grids', { sort: 'name', ascending: true, cursor: null }));
    expect(await t.call(ADMIN, 'dashboard', 'grids', { sort: 'open', ascending: true, cursor: page.nextCursor })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await t.call(ADMIN, 'dashboard', 'grids', { sort: 'name', ascending: false, cursor: page.nextCursor })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await t.call(ADMIN, 'dashboard', 'grids', { sort: 'name', ascending: true, cursor: 'bm90IGEgY3Vyc29y' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('a grid worker’s table is their grid alone', async () => {
    const page = await ok(t.call(PERSONAS.worker.openid, 'dashboard', 'grids', {}));
    expect(page.rows.map((r) => r.placeId)).toEqual([t.cloud.demo!.gridIds[0]]);
    expect(page.nextCursor).toBeNull();
  });
});
