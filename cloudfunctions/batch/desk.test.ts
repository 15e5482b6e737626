/**
 * The desk console through the functions: a dispatcher (invited by the admin like any staff member)
 * works a batch of their community — import, fix, place, dispatch, progress — and nothing an admin
 * alone does; the progress page's numbers, counted by aggregation, each open exactly their rows.
 */
import { Collections } from '../common/collections';
import type { BatchProgressLine, BatchRowView, ImportView } from '../../src/domain/batches';
import type { Place } from '../../src/domain/places';
import { PERSONAS } from '../../localcloud/personas';
import { idCard } from '../../tests/support/people';
import { runToEnd, uploadList, xlsxOf } from '../../tests/support/batches';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { getDb } from '../common/cloud';
import { rows as readRows } from '../common/db';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid; // 第一网格
const WORKER2 = 'o_seed_worker_2'; // 第二网格
const DISPATCHER = PERSONAS.resident3.openid; // becomes the community's dispatcher by invite
const AREA_DISPATCHER = PERSONAS.resident2.openid; // a dispatcher of 西片区 only

let t: TestCloud;
let places: Place[] = [];
const place = (name: string) => places.find((p) => p.name === name)!;
const building = (compound: string, name: string) => places.find((p) => p.level === 'building' && p.parentId === place(compound)._id && p.name === name)!;
const deadline = () => new Date(Date.now() + 2 * 86_400_000).toISOString();

const HEADERS = ['序号', '姓名', '身份证号码', '联系电话', '现住址'];
const ROWS = [
  ['1', '张三', idCard('19800101', 41), '13800001111', '祥云一区3号楼2单元301'],
  ['2', '李四', idCard('19810202', 42), '13800002222', '和平里2号楼1单元101'],
  ['3', '王五', '110105198203030139', '13800003333', '锦园1号楼1单元101'],
  ['4', '钱七', '', '13800006666', '云祥花园3号楼2单元301'],
  ['5', '周九', idCard('19850505', 45), '13800005555', '祥云二区1号楼1单元101'],
];

async function invite(openid: string, scope: string[], name: string): Promise<void> {
  const inv = await t.call(ADMIN, 'staff', 'createInvite', { role: 'dispatcher', name, scope });
  if (!inv.ok) throw new Error(inv.message);
  const acc = await t.call(openid, 'staff', 'acceptInvite', { inviteCode: inv.data.inviteCode });
  if (!acc.ok) throw new Error(acc.message);
}

async function importAs(openid: string, rows: string[][], subject: string, placeId?: string): Promise<ImportView> {
  const fileId = await uploadList(t, openid, await xlsxOf(HEADERS, rows), 'xlsx');
  const up = await t.call(openid, 'batch', 'upload', { fileId, source: '区指挥部', subject, deadline: deadline(), ...(placeId ? { placeId } : {}) });
  if (!up.ok) throw new Error(`${up.code} ${up.message}`);
  let view = up.data;
  if (view.status === 'mapping') {
    const c = await t.call(openid, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping });
    if (!c.ok) throw new Error(c.message);
    view = c.data;
  }
  return runToEnd(t, openid, view);
}

async function rowsBy(filter: Record<string, unknown>): Promise<BatchRowView[]> {
  const res = await t.call(DISPATCHER, 'batch', 'rows', { batchId, ...filter });
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data.items;
}

let batchId = '';

beforeAll(async () => {
  t = await startTestCloud();
  places = await readRows<Place>(getDb().collection(Collections.places).limit(1000));
  await invite(DISPATCHER, [t.cloud.demo!.communityId], '调度 小周');
  await invite(AREA_DISPATCHER, [place('西片区')._id], '调度 小吴');
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('the dispatcher role', () => {
  it('is assigned by the admin’s invite and shows as 调度员', async () => {
    const me = await t.call(DISPATCHER, 'staff', 'me', {});
    expect(me).toMatchObject({ ok: true, data: { role: 'dispatcher', name: '调度 小周' } });
  });

  it('imports a list for their community, fixes an error row, places an unplaced row and dispatches', async () => {
    const view = await importAs(DISPATCHER, ROWS, '机场专项');
    expect(view.status).toBe('done');
    batchId = view.batchId;

    const [bad] = await rowsBy({ state: 'invalid' });
    expect(bad.name).toBe('王五');
    const detail = await t.call(DISPATCHER, 'batch', 'row', { rowId: bad.rowId });
    // the wrong value is shown as the list wrote it (to fix it); the other columns stay masked
    expect(detail).toMatchObject({ ok: true, data: { fix: { idNumber: '110105198203030139' }, fixable: ['name', 'idNumber', 'phone', 'address'] } });
    if (!detail.ok) return;
    expect(detail.data.columns.find((c) => c.header === '联系电话')!.value).toBe('138****3333');
    const fixed = await t.call(DISPATCHER, 'batch', 'fixRow', { rowId: bad.rowId, values: { idNumber: idCard('19820303', 43) } });
    expect(fixed).toMatchObject({ ok: true, data: { state: 'placed', errors: [], buildingId: building('锦园', '1号楼')._id } });
    // a fixed row is no longer one to fix
    expect(await t.call(DISPATCHER, 'batch', 'row', { rowId: bad.rowId })).toMatchObject({ ok: true, data: { fix: {} } });

    const unplaced = await t.call(DISPATCHER, 'batch', 'unplaced', {});
    if (!unplaced.ok) throw new Error(unplaced.message);
    expect(unplaced.data.items.map((r) => r.name)).toEqual(['钱七']);
    expect(await t.call(DISPATCHER, 'batch', 'place', { rowId: unplaced.data.items[0].rowId, buildingId: building('祥云一区', '3号楼')._id })).toMatchObject({
      ok: true,
      data: { state: 'placed' },
    });
    expect(await t.call(DISPATCHER, 'batch', 'dispatch', { batchId })).toMatchObject({ ok: true, data: { dispatched: 5, more: false } });
    const queue = await t.call(WORKER, 'staff', 'queue', { kind: 'batch_row' });
    if (!queue.ok) throw new Error(queue.message);
    expect((queue.data.items as Array<{ personName: string }>).map((i) => i.personName).sort()).toEqual(['周九', '张三', '王五', '钱七'].sort());
  });

  it('gets a masked return file, not a full one', async () => {
    expect(await t.call(DISPATCHER, 'batch', 'returnFile', { batchId })).toMatchObject({ ok: true, data: { full: false } });
    expect(await t.call(DISPATCHER, 'batch', 'returnFile', { batchId, full: true, reason: '上级要求完整名单' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(ADMIN, 'batch', 'returnFile', { batchId, full: true, reason: '上级要求完整名单' })).toMatchObject({ ok: true, data: { full: true } });
  });

  it('cannot do what only an admin does: the place tree, staff, posters', async () => {
    const community = t.cloud.demo!.communityId;
    expect(await t.call(DISPATCHER, 'hierarchy', 'create', { parentId: place('东片区')._id, level: 'grid', name: '第五网格' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(DISPATCHER, 'hierarchy', 'rename', { placeId: community, name: '新社区' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(DISPATCHER, 'staff', 'createInvite', { role: 'dispatcher', name: '再邀一人', scope: [community] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(DISPATCHER, 'staff', 'listStaff', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // a grid worker is no dispatcher
    expect(await t.call(WORKER, 'batch', 'progress', { batchId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(WORKER, 'batch', 'upload', { fileId: 'cloud://x/y.xlsx', source: 'a', subject: 'b', deadline: deadline() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('a dispatcher of an area works only there: neither the community’s batch nor a building outside', async () => {
    expect(await t.call(AREA_DISPATCHER, 'batch', 'progress', { batchId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const list = await t.call(AREA_DISPATCHER, 'batch', 'list', {});
    expect(list).toMatchObject({ ok: true, data: { items: [] } });
    // a list for the community is refused; for their area it is theirs
    const fileId = await uploadList(t, AREA_DISPATCHER, await xlsxOf(HEADERS, ROWS.slice(0, 1)), 'xlsx');
    expect(await t.call(AREA_DISPATCHER, 'batch', 'upload', { fileId, source: '区指挥部', subject: '片区', deadline: deadline(), placeId: t.cloud.demo!.communityId })).toMatchObject({
      ok: false,
      code: 'SCOPE_OUTSIDE',
    });
    const mine = await importAs(AREA_DISPATCHER, [['1', '吴十', idCard('19900101', 50), '13900001010', '云祥花园1号楼']], '片区专项', place('西片区')._id);
    const unplaced = await t.call(AREA_DISPATCHER, 'batch', 'rows', { batchId: mine.batchId, state: 'unplaced' });
    if (!unplaced.ok) throw new Error(unplaced.message);
    // 祥云一区 is in 东片区: not theirs to place on
    expect(await t.call(AREA_DISPATCHER, 'batch', 'place', { rowId: unplaced.data.items[0].rowId, buildingId: building('祥云一区', '3号楼')._id })).toMatchObject({
      ok: false,
      code: 'BATCH_PLACE_OUTSIDE',
    });
  });
});

describe('progress', () => {
  const line = (lines: BatchProgressLine[], name: string) => lines.find((l) => l.gridName === name)!;

  it('counts rows per grid, per pass, by outcome — and each number opens exactly its rows', async () => {
    // 第一网格's worker: 电话核查 on 张三 and 王五, 入户走访 on 张三, 张三 closed 查无此人
    const rows = await rowsBy({ state: 'dispatched' });
    const zhang = rows.find((r) => r.name === '张三')!;
    const wang = rows.find((r) => r.name === '王五')!;
    for (const r of [zhang, wang]) expect(await t.call(WORKER, 'batch', 'pass', { rowId: r.rowId, kind: 'phone', phoneOutcome: 'reached' })).toMatchObject({ ok: true });
    expect(await t.call(WORKER, 'batch', 'pass', { rowId: zhang.rowId, kind: 'visit', atHome: true })).toMatchObject({ ok: true });
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId: zhang.rowId, outcome: 'not_found' })).toMatchObject({ ok: true });
    const li = rows.find((r) => r.name === '李四')!;
    expect(await t.call(WORKER2, 'batch', 'outcome', { rowId: li.rowId, outcome: 'left', note: '已返沪' })).toMatchObject({ ok: true });

    const res = await t.call(DISPATCHER, 'batch', 'progress', { batchId });
    if (!res.ok) throw new Error(res.message);
    const p = res.data;
    expect(p.overdue).toBe(false);
    expect(p.totals).toMatchObject({ total: 5, overdue: 0, passes: { check: 5, phone: 2, visit: 1, daily: 0 }, outcomes: { not_found: 1, left: 1, managed: 0, out_of_area: 0 } });
    expect(p.totals.states).toMatchObject({ dispatched: 3, closed: 2, unplaced: 0, invalid: 0 });
    expect(p.grids.map((g) => g.gridName)).toEqual(['第一网格', '第二网格']);
    expect(line(p.grids, '第一网格')).toMatchObject({ total: 4, passes: { phone: 2, visit: 1 }, states: { dispatched: 3, closed: 1 }, outcomes: { not_found: 1 } });
    expect(line(p.grids, '第二网格')).toMatchObject({ total: 1, states: { closed: 1 }, outcomes: { left: 1 } });

    const grid1 = line(p.grids, '第一网格').gridId!;
    const names = async (filter: Record<string, unknown>) => (await rowsBy(filter)).map((r) => r.name).sort();
    expect(await names({ gridId: grid1 })).toEqual(['周九', '张三', '王五', '钱七'].sort());
    expect(await names({ pass: 'phone' })).toEqual(['张三', '王五'].sort());
    expect(await names({ gridId: grid1, pass: 'visit' })).toEqual(['张三']);
    expect(await names({ outcome: 'left' })).toEqual(['李四']);
    expect(await names({ gridId: grid1, state: 'dispatched' })).toEqual(['周九', '王五', '钱七'].sort());
    // not overdue yet: the overdue number is 0 and opens nothing
    expect(await names({ overdue: true })).toEqual([]);
  });

  it('after the deadline the open rows are overdue', async () => {
    await getDb().collection(Collections.batches).doc(batchId).update({ data: { deadline: new Date(Date.now() - 3600_000) } });
    const res = await t.call(DISPATCHER, 'batch', 'progress', { batchId });
    expect(res).toMatchObject({ ok: true, data: { overdue: true, totals: { overdue: 3 } } });
    if (!res.ok) return;
    expect(res.data.grids.map((g) => g.overdue)).toEqual([3, 0]);
    expect((await rowsBy({ overdue: true })).map((r) => r.name).sort()).toEqual(['周九', '王五', '钱七'].sort());
    await getDb().collection(Collections.batches).doc(batchId).update({ data: { deadline: new Date(deadline()) } });
  });

  it('counts by aggregation and opens the numbers through indexes, never a scan', () => {
    const explain = (filter: Record<string, unknown>) => t.cloud.store.explain(Collections.batchRows, filter, { sortKey: 1 });
    expect(explain({ batchId, gridId: 'g' }).index).toBe('batch_grid_sort');
    expect(explain({ batchId, 'passes.kind': 'phone' }).index).toBe('batch_pass_sort');
    expect(explain({ batchId, 'outcome.kind': 'left' }).index).toBe('batch_outcome_sort');
    expect(explain({ batchId, state: 'dispatched' }).index).toBe('batch_state_sort');
    expect(t.cloud.store.explain(Collections.batchRows, { batchId }).index).not.toBe('scan');
  });

  it('pages a long filtered list with the cursor module', async () => {
    const many = Array.from({ length: 60 }, (_x, i) => [String(i + 1), `人员${i + 1}`, '', `139${String(10000000 + i)}`, '锦园2号楼1单元202']);
    const view = await importAs(DISPATCHER, many, '分页测试');
    const first = await t.call(DISPATCHER, 'batch', 'rows', { batchId: view.batchId, state: 'placed' });
    if (!first.ok) throw new Error(first.message);
    expect(first.data.items).toHaveLength(50);
    const second = await t.call(DISPATCHER, 'batch', 'rows', { batchId: view.batchId, state: 'placed', cursor: first.data.nextCursor });
    expect(second).toMatchObject({ ok: true, data: { nextCursor: null } });
    if (second.ok) expect(new Set([...first.data.items, ...second.data.items].map((r) => r.rowId)).size).toBe(60);
    expect(await t.call(DISPATCHER, 'batch', 'rows', { batchId: view.batchId, cursor: 'garbage' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});
