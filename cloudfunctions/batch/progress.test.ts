/**
 * The progress table of a batch, cell by cell: on a batch made through the functions (a generated
 * file imported, dispatched, passes and outcomes recorded, a row left with errors, one left 待分拨,
 * one marked 不在辖区 while placing), every number of every line — drawn by the desk console from
 * the same `PROGRESS_COLUMNS` and `cellFilter` — equals the rows its filter opens through
 * `batch.rows`, all pages followed. The rows no grid holds have lines of their own, shown first.
 */
import type { ActionName } from '../../src/domain/contracts';
import { cellFilter, PROGRESS_COLUMNS, type BatchProgressLine, type BatchProgressView, type BatchRowFilter, type BatchRowView } from '../../src/domain/batches';
import { PERSONAS } from '../../localcloud/personas';
import { idCard } from '../../tests/support/people';
import { runToEnd, uploadList, xlsxOf } from '../../tests/support/batches';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { getDb } from '../common/cloud';
import { Collections } from '../common/collections';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid; // 第一网格
const WORKER2 = 'o_seed_worker_2'; // 第二网格

let t: TestCloud;
let batchId = '';

const HEADERS = ['序号', '姓名', '身份证号码', '联系电话', '现住址'];
// 60 more rows in 锦园 (第一网格) so that some numbers span two pages of `batch.rows`
const MANY = Array.from({ length: 60 }, (_x, i) => [String(i + 8), `人员${i + 1}`, '', `139${String(10000000 + i)}`, '锦园2号楼1单元202']);
const ROWS = [
  ['1', '张三', idCard('19800101', 41), '13800001111', '祥云一区3号楼2单元301'],
  ['2', '李四', idCard('19810202', 42), '13800002222', '和平里2号楼1单元101'],
  // an error (check digit) at an address that finds a grid: stays 有错误, in no grid line
  ['3', '王五', '110105198203030139', '13800003333', '锦园1号楼1单元101'],
  ['4', '钱七', '', '13800006666', '云祥花园3号楼2单元301'],
  ['5', '孙八', '', '13800007777', '远方小区1号楼'],
  ['6', '周九', idCard('19850505', 45), '13800005555', '祥云二区1号楼1单元101'],
  ['7', '郑十', idCard('19860606', 46), '13800008888', '祥云一区3号楼2单元302'],
  ...MANY,
];

async function call<T>(openid: string, action: ActionName<'batch'>, data: Record<string, unknown>): Promise<T> {
  const res = await t.call(openid, 'batch', action, data);
  if (!res.ok) throw new Error(`${action}: ${res.code} ${res.message}`);
  return res.data as T;
}

/** Every row a filter opens, all pages followed. */
async function allRows(filter: BatchRowFilter): Promise<BatchRowView[]> {
  const out: BatchRowView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: { items: BatchRowView[]; nextCursor: string | null } = await call(ADMIN, 'rows', { batchId, ...filter, cursor });
    out.push(...data.items);
    cursor = data.nextCursor;
    if (!cursor) break;
  }
  return out;
}

const progress = () => call<BatchProgressView>(ADMIN, 'progress', { batchId });
const linesOf = (p: BatchProgressView): BatchProgressLine[] => [...p.special, ...p.grids, p.totals];

/** Every cell of the table against the rows its filter opens; returns the cells checked. */
async function checkEveryCell(p: BatchProgressView): Promise<number> {
  let cells = 0;
  const mismatches: string[] = [];
  for (const line of linesOf(p)) {
    for (const column of PROGRESS_COLUMNS) {
      const filter = cellFilter(line, column);
      if (!filter) continue;
      const rows = await allRows(filter);
      expect(new Set(rows.map((r) => r.rowId)).size).toBe(rows.length);
      if (rows.length !== column.count(line)) mismatches.push(`${line.gridName}|${column.label}: ${column.count(line)} shown, ${rows.length} opened`);
      cells++;
    }
  }
  expect(mismatches).toEqual([]);
  return cells;
}

const names = async (filter: BatchRowFilter) => (await allRows(filter)).map((r) => r.name).sort();

beforeAll(async () => {
  t = await startTestCloud();
  const fileId = await uploadList(t, ADMIN, await xlsxOf(HEADERS, ROWS), 'xlsx');
  const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const up = await t.call(ADMIN, 'batch', 'upload', { fileId, source: '区指挥部', subject: '进度核对', deadline });
  if (!up.ok) throw new Error(up.message);
  let view = up.data;
  if (view.status === 'mapping') view = await call(ADMIN, 'confirmMapping', { importId: view.importId, mapping: view.mapping });
  view = await runToEnd(t, ADMIN, view);
  batchId = view.batchId;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('the progress table, every number against the rows it opens', () => {
  it('before dispatch: rows with errors and 待分拨 have their own lines, first; the grids hold only their placed rows', async () => {
    const p = await progress();
    expect(p.special.map((l) => l.gridName)).toEqual(['有错误', '待分拨', '分拨时不在辖区']);
    expect(p.special.map((l) => l.total)).toEqual([1, 2, 0]);
    expect(await names({ state: 'invalid' })).toEqual(['王五']);
    // 王五's address is in 锦园 (第一网格), yet 第一网格's line does not count the row with errors
    const grid1 = p.grids.find((l) => l.gridName === '第一网格')!;
    expect(grid1.states.invalid).toBe(0);
    expect(grid1.total).toBe(grid1.states.placed);
    expect((await names({ inGrid: true, gridId: grid1.gridId! })).includes('王五')).toBe(false);
    // the lines add up to the batch: every row is in exactly one line
    expect([...p.special, ...p.grids].reduce((n, l) => n + l.total, 0)).toBe(p.totals.total);
    expect(p.totals.total).toBe(ROWS.length);
    expect(await checkEveryCell(p)).toBeGreaterThan(30);
  });

  it('after dispatch, passes, outcomes and a row marked 不在辖区 while placing', async () => {
    const unplaced = await allRows({ state: 'unplaced' });
    const sun = unplaced.find((r) => r.name === '孙八')!;
    await call(ADMIN, 'place', { rowId: sun.rowId, outOfArea: true, note: '外区' });
    expect(await call(ADMIN, 'dispatch', { batchId })).toMatchObject({ more: false });

    const open = await allRows({ state: 'dispatched' });
    const row = (name: string) => open.find((r) => r.name === name)!;
    for (const name of ['张三', '周九', '人员1']) expect(await t.call(WORKER, 'batch', 'pass', { rowId: row(name).rowId, kind: 'phone', phoneOutcome: 'reached' })).toMatchObject({ ok: true });
    expect(await t.call(WORKER, 'batch', 'pass', { rowId: row('张三').rowId, kind: 'visit', atHome: true })).toMatchObject({ ok: true });
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId: row('张三').rowId, outcome: 'not_found' })).toMatchObject({ ok: true });
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId: row('郑十').rowId, outcome: 'out_of_area', where: '外省' })).toMatchObject({ ok: true });
    expect(await t.call(WORKER2, 'batch', 'outcome', { rowId: row('李四').rowId, outcome: 'left', note: '已返沪' })).toMatchObject({ ok: true });

    const p = await progress();
    const [invalid, waiting, outside] = p.special;
    expect([invalid.total, waiting.total, outside.total]).toEqual([1, 1, 1]);
    expect(await names({ state: 'out_of_area' })).toEqual(['孙八']);
    // a worker's 不在辖区 stays in the grid's line; the dispatcher's has its own
    const grid1 = p.grids.find((l) => l.gridName === '第一网格')!;
    expect(grid1.outcomes.out_of_area).toBe(1);
    expect(grid1.states).toMatchObject({ closed: 2, placed: 0, invalid: 0, unplaced: 0, out_of_area: 0 });
    expect(p.totals.outcomes.out_of_area).toBe(2);
    expect([...p.special, ...p.grids].reduce((n, l) => n + l.total, 0)).toBe(p.totals.total);
    await checkEveryCell(p);
  });

  it('after the deadline: the overdue numbers, line by line, open their rows', async () => {
    await getDb().collection(Collections.batches).doc(batchId).update({ data: { deadline: new Date(Date.now() - 3600_000) } });
    const p = await progress();
    expect(p.overdue).toBe(true);
    const [invalid, waiting, outside] = p.special;
    expect([invalid.overdue, waiting.overdue, outside.overdue]).toEqual([1, 1, 0]);
    expect(await names({ state: 'out_of_area', overdue: true })).toEqual([]);
    expect(p.totals.overdue).toBe(ROWS.length - 4); // all but the 3 closed and 孙八
    await checkEveryCell(p);
  });

  it('a grid line is answered by an index led by the batch', () => {
    const explain = t.cloud.store.explain(Collections.batchRows, { batchId, gridId: 'g', state: { $in: ['placed', 'dispatched', 'closed'] } }, { sortKey: 1 });
    expect(explain.index).toBe('batch_grid_state_sort');
    // an overdue grid number (two open states of the grid)
    expect(t.cloud.store.explain(Collections.batchRows, { batchId, gridId: 'g', state: { $in: ['placed', 'dispatched'] } }, { sortKey: 1 }).index).toBe('batch_grid_state_sort');
  });
});
