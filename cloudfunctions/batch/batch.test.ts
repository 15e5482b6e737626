/**
 * The data desk end to end through the functions: an upper-level list uploaded, its columns mapped
 * once per source, rows validated, deduped and placed by address, dispatched to the grid workers'
 * queues; re-imports, corrected files, 待分拨 and the aliases a dispatcher teaches.
 */
import ExcelJS from 'exceljs';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows as readRows } from '../common/db';
import type { Place } from '../../src/domain/places';
import type { BatchRowView, ImportView } from '../../src/domain/batches';
import type { QueueItemDoc } from '../../src/domain/queue';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, idCard } from '../../tests/support/people';
import { csvOf, runToEnd, uploadList, xlsxOf } from '../../tests/support/batches';
import { getBytes } from '../../tests/support/http';
import { startTestCloud, RESIDENT, type TestCloud } from '../../tests/support/testCloud';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid; // 第一网格: 祥云一区, 二区, 三区, 锦园
const WORKER2 = 'o_seed_worker_2'; // 第二网格: 和平里, 春晖苑, 枫林小区
const WORKER3 = 'o_seed_worker_3'; // 第三网格: 翠竹园, 东湖新村, 南苑

let t: TestCloud;
const deadline = () => new Date(Date.now() + 2 * 86_400_000).toISOString();
let places: Place[] = [];
const building = (compound: string, name: string): Place => {
  const c = places.find((p) => p.level === 'compound' && p.name === compound)!;
  return places.find((p) => p.level === 'building' && p.parentId === c._id && p.name === name)!;
};

const HEADERS = ['序号', '姓名', '身份证号码', '联系电话', '现住址', '来源地', '到达时间', '交通方式', '备注', '核酸情况'];
const ZHANG = idCard('19800101', 11);
const LI = idCard('19810202', 12);
const WANG_BAD = ZHANG.slice(0, 6) + '19820303013' + (ZHANG.endsWith('1') ? '2' : '1');
const SUN_OLD15 = '110105830404014'; // a 15-digit card (born 1983-04-04)
const known = familyOfThree(81)[0]; // 张伟, filed by a resident in 祥云一区 3号楼

/** The list as it arrived: one row per kind of trouble. */
function list(over: { wangId?: string; zhaoPhone?: string } = {}): string[][] {
  return [
    ['1', '张三', ZHANG, '13800001111', '祥云一区3号楼2单元301', '湖北武汉', '2022-05-01', '火车G1234', '', '阴性'],
    ['2', '李四', LI, '13800002222', '和平里2号楼1单元101', '上海', '2022/5/2 14:30', '', '', ''],
    ['3', '王五', over.wangId ?? WANG_BAD, '13800003333', '锦园1号楼1单元101', '', '', '', '', ''],
    ['4', '赵六', '', over.zhaoPhone ?? '', '锦园2号楼1单元202', '', '', '', '', ''],
    ['5', '张三', ZHANG, '13800001111', '祥云一区三号楼二单元301', '湖北武汉', '', '', '重复上报', ''],
    ['6', '钱七', '', '13800006666', '云祥花园3号楼2单元301', '', '', '', '', ''],
    ['7', '孙八', SUN_OLD15, '', '翠竹园2号楼', '', '', '', '', ''],
    ['8', known.name, known.idNumber, '', '', '', '', '', '', ''],
  ];
}

async function upload(bytes: Buffer, kind: 'xlsx' | 'csv', source: string, subject: string): Promise<ImportView> {
  const fileId = await uploadList(t, ADMIN, bytes, kind);
  const res = await t.call(ADMIN, 'batch', 'upload', { fileId, source, subject, deadline: deadline() });
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

/** Uploads and imports a list to its end, confirming the guessed mapping when asked. */
async function importList(bytes: Buffer, kind: 'xlsx' | 'csv', source: string, subject: string): Promise<ImportView> {
  let view = await upload(bytes, kind, source, subject);
  if (view.status === 'mapping') {
    const res = await t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping });
    if (!res.ok) throw new Error(res.message);
    view = res.data;
  }
  return runToEnd(t, ADMIN, view);
}

async function rowsOf(batchId: string, state: BatchRowView['state']): Promise<BatchRowView[]> {
  const res = await t.call(ADMIN, 'batch', 'rows', { batchId, state });
  if (!res.ok) throw new Error(res.message);
  return res.data.items;
}

async function counts(batchId: string) {
  const res = await t.call(ADMIN, 'batch', 'batch', { batchId });
  if (!res.ok) throw new Error(res.message);
  return res.data;
}

async function queueOf(openid: string): Promise<Array<{ personName?: string; dueAt: string; itemId: string }>> {
  const res = await t.call(openid, 'staff', 'queue', { kind: 'batch_row' });
  if (!res.ok) throw new Error(res.message);
  return res.data.items as never;
}

let batchId = '';
const _in = (ids: string[]) => getDb().command.in(ids);

beforeAll(async () => {
  t = await startTestCloud();
  places = await readRows<Place>(getDb().collection(Collections.places).limit(1000));
  const filed = await t.call(RESIDENT, 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '301', members: familyOfThree(81) }));
  if (!filed.ok) throw new Error(filed.message);
});
afterAll(() => t.stop());

describe('importing a list', () => {
  it('guesses the columns, asks once, and shows the first rows masked', async () => {
    const view = await upload(await xlsxOf(HEADERS, list(), '机场专项核查名单（第一批）'), 'xlsx', '区疫情防控指挥部', '机场专项');
    batchId = view.batchId;
    expect(view).toMatchObject({ status: 'mapping', duplicateFile: false, fromProfile: false, rowCount: 8, processed: 0 });
    expect(view.headers).toEqual(HEADERS);
    expect(view.mapping).toEqual({ name: 1, idNumber: 2, phone: 3, address: 4, origin: 5, arrivalAt: 6, transport: 7, note: 8 });
    expect(JSON.stringify(view.samples)).not.toContain(ZHANG);
    expect(view.samples[0][2]).toBe(`${ZHANG.slice(0, 6)}********${ZHANG.slice(-4)}`);
    expect(view.samples[0][3]).toBe('138****1111');

    // nothing is processed before the mapping is confirmed
    expect(await t.call(ADMIN, 'batch', 'run', { importId: view.importId })).toMatchObject({ ok: true, data: { status: 'mapping', processed: 0 } });
    expect(await t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: { address: 4 } })).toMatchObject({ ok: false, code: 'BATCH_MAPPING_INVALID' });
    const confirmed = await t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping });
    expect(confirmed).toMatchObject({ ok: true, data: { status: 'running' } });
    const done = await runToEnd(t, ADMIN, (confirmed as { data: ImportView }).data);
    expect(done).toMatchObject({ status: 'done', processed: 8 });
  });

  it('validates, dedupes within the list, links known persons and places rows by address', async () => {
    const batch = await counts(batchId);
    // 8 rows, 张三 twice: 7 persons
    expect(batch.total).toBe(7);
    expect(batch.counts).toMatchObject({ placed: 4, invalid: 2, unplaced: 1, dispatched: 0 });

    const invalid = await rowsOf(batchId, 'invalid');
    expect(invalid.map((r) => [r.rowNumber, r.name, r.errors.map((e) => e.code)])).toEqual([
      [5, '王五', ['ID_CARD_CHECKSUM']],
      [6, '赵六', ['BATCH_IDENTITY_REQUIRED']],
    ]);
    const placed = await rowsOf(batchId, 'placed');
    const zhang = placed.find((r) => r.name === '张三')!;
    // row numbers as in Excel: a title row, the header, then the data
    expect(zhang).toMatchObject({ rowNumber: 3, duplicateRows: [7], placedBy: 'address', buildingId: building('祥云一区', '3号楼')._id });
    expect(zhang.idMasked).toBe(`${ZHANG.slice(0, 6)}********${ZHANG.slice(-4)}`);
    expect(zhang.passes).toEqual([expect.objectContaining({ kind: 'check', staffName: '系统', note: '一人一档中没有此人' })]);
    const sun = placed.find((r) => r.name === '孙八')!;
    expect(sun.buildingId).toBe(building('翠竹园', '2号楼')._id);
    // the 15-digit card is kept as its 18-digit form
    expect(sun.idMasked).toMatch(/^110105\*{8}\d{3}[\dX]$/);
    const person = placed.find((r) => r.name === known.name)!;
    expect(person).toMatchObject({ placedBy: 'person', buildingId: t.cloud.demo!.buildingId, person: { status: 'normal' } });
    expect(person.passes[0].note).toBe('一人一档已有此人（正常）');

    const unplaced = await rowsOf(batchId, 'unplaced');
    expect(unplaced).toEqual([expect.objectContaining({ name: '钱七', unplacedReason: '小区不在辖区名单中' })]);
    // the stored rows hold no ID or phone number in clear
    const stored = JSON.stringify(await readRows(getDb().collection(Collections.batchRows).limit(100)));
    expect(stored).not.toContain(ZHANG);
    expect(stored).not.toContain('13800001111');
    expect(JSON.stringify(await readRows(getDb().collection(Collections.batchChunks).limit(100)))).not.toContain(ZHANG);
  });

  it('writes the rows with errors to a downloadable xlsx', async () => {
    const res = await t.call(ADMIN, 'batch', 'errorFile', { batchId });
    if (!res.ok) throw new Error(res.message);
    expect(res.data).toMatchObject({ rows: 2, name: '机场专项-错误行.xlsx' });
    const file = await getBytes(res.data.url);
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const values = (n: number) => (ws.getRow(n).values as string[]).slice(1);
    expect(values(1)).toEqual([...HEADERS, '行号', '错误说明']);
    // the wrong ID is shown as it is (to be corrected), the phone masked
    expect(values(2).slice(1, 4)).toEqual(['王五', WANG_BAD, '138****3333']);
    expect(values(2).slice(-2)).toEqual(['5', '身份证号：身份证号校验位不正确，请逐位核对']);
    expect(values(3).slice(-2)).toEqual(['6', '身份证号：身份证号和手机号至少填写一项']);
  });

  it('the same file again adds nothing', async () => {
    const again = await upload(await xlsxOf(HEADERS, list(), '机场专项核查名单（第一批）'), 'xlsx', '区疫情防控指挥部', '机场专项');
    expect(again).toMatchObject({ duplicateFile: true, batchId, status: 'done', processed: 8 });
    expect((await counts(batchId)).total).toBe(7);
  });

  it('a corrected file corrects its rows and duplicates none; the saved profile maps it at once', async () => {
    const fixed = await upload(
      await xlsxOf(HEADERS, list({ wangId: idCard('19820303', 13), zhaoPhone: '13800004444' }), '机场专项核查名单（更正）'),
      'xlsx',
      '区疫情防控指挥部',
      '机场专项',
    );
    expect(fixed).toMatchObject({ batchId, duplicateFile: false, status: 'running', fromProfile: true });
    await runToEnd(t, ADMIN, fixed);
    const batch = await counts(batchId);
    expect(batch.total).toBe(7);
    expect(batch.counts).toMatchObject({ placed: 6, invalid: 0, unplaced: 1 });
    const placed = await rowsOf(batchId, 'placed');
    expect(placed.find((r) => r.name === '王五')).toMatchObject({ errors: [], buildingId: building('锦园', '1号楼')._id });
    expect(placed.find((r) => r.name === '赵六')).toMatchObject({ phoneMasked: '138****4444' });
  });

  it('maps a reordered list of the same source by its saved profile, and reads GBK csv', async () => {
    const headers = ['联系电话', '姓名', '现住址', '身份证号码', '备注', '序号'];
    const rows = [['13800009999', '周九', '春晖苑1号楼1单元101', idCard('19900909', 19), '', '1']];
    const view = await upload(csvOf(headers, rows, 'gbk'), 'csv', '区疫情防控指挥部', '高铁专项');
    expect(view).toMatchObject({ status: 'running', fromProfile: true, headers });
    expect(view.mapping).toMatchObject({ phone: 0, name: 1, address: 2, idNumber: 3, note: 4 });
    await runToEnd(t, ADMIN, view);
    expect((await rowsOf(view.batchId, 'placed'))[0]).toMatchObject({ name: '周九', buildingId: building('春晖苑', '1号楼')._id });
  });
  it('two persons of one name, phone and room with different IDs are two rows; the same ID twice is one', async () => {
    const father = idCard('19600606', 61);
    const son = idCard('19900606', 62);
    const rows = [
      ['1', '刘强', father, '13800007777', '锦园3号楼1单元301', '', '', '', '', ''],
      ['2', '刘强', son, '13800007777', '锦园3号楼1单元301', '', '', '', '', ''],
      ['3', '刘强', son, '13800007777', '锦园3号楼一单元301', '', '', '', '再报一次', ''],
      // no ID: the phone + name cannot tell which 刘强 this is, so it is folded into one of them, not a third person
      ['4', '刘强', '', '13800007777', '锦园3号楼1单元301', '', '', '', '', ''],
    ];
    const view = await importList(await xlsxOf(HEADERS, rows, '同名同户核查'), 'xlsx', '区疫情防控指挥部', '同名专项');
    const placed = await rowsOf(view.batchId, 'placed');
    expect(placed.map((r) => [r.rowNumber, r.idMasked?.slice(6, 14), r.duplicateRows])).toEqual([
      [3, '********', []],
      [4, '********', [5, 6]],
    ]);
    expect(new Set(placed.map((r) => r.idMasked)).size).toBe(2);
    expect((await counts(view.batchId)).total).toBe(2);
  });
});

describe('dispatch', () => {
  it('puts each placed row in its grid worker’s queue, due at the deadline, once', async () => {
    const res = await t.call(ADMIN, 'batch', 'dispatch', { batchId });
    expect(res).toMatchObject({ ok: true, data: { dispatched: 6, more: false } });
    const batch = await counts(batchId);
    expect(batch.counts).toMatchObject({ dispatched: 6, placed: 0, unplaced: 1 });

    const mine = await queueOf(WORKER);
    expect(mine.map((i) => i.personName).sort()).toEqual(['张三', '张伟', '王五', '赵六'].sort());
    expect(mine[0].dueAt).toBe(batch.deadline);
    expect((await queueOf(WORKER2)).map((i) => i.personName)).toEqual(['李四']);
    expect((await queueOf(WORKER3)).map((i) => i.personName)).toEqual(['孙八']);

    // the worker's item shows the upper-level data, masked, and the known person
    const item = await t.call(WORKER, 'staff', 'item', { itemId: mine.find((i) => i.personName === '张伟')!.itemId });
    if (!item.ok || item.data.kind !== 'batch_row') throw new Error('not a batch row');
    expect(item.data.row).toMatchObject({ subject: '机场专项', source: '区疫情防控指挥部', state: 'dispatched' });
    expect(item.data.row.columns.find((c) => c.header === '身份证号码')!.value).toMatch(/^\d{6}\*{8}/);
    expect(item.data.persons).toHaveLength(1);
    // another grid's worker cannot open it
    expect(await t.call(WORKER2, 'staff', 'item', { itemId: mine[0].itemId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    // dispatching again makes no second item; the workers were told
    expect(await t.call(ADMIN, 'batch', 'dispatch', { batchId })).toMatchObject({ ok: true, data: { dispatched: 0 } });
    const items = await readRows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ kind: 'batch_row' }).limit(100));
    expect(items).toHaveLength(6);
    const notes = await readRows<{ toOpenid: string }>(getDb().collection(Collections.notifications).where({ toOpenid: WORKER }).limit(100));
    expect(notes.length).toBeGreaterThan(0);
  });

  it('only an admin of the place imports and dispatches', async () => {
    expect(await t.call(WORKER, 'batch', 'dispatch', { batchId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(RESIDENT, 'batch', 'list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('待分拨 and what a dispatcher teaches', () => {
  it('a row placed by hand goes to its grid at once, and the next list’s rows like it are placed by themselves', async () => {
    const unplaced = await t.call(ADMIN, 'batch', 'unplaced', {});
    if (!unplaced.ok) throw new Error(unplaced.message);
    expect(unplaced.data.items.map((r) => r.name)).toEqual(['钱七']);
    const target = building('祥云一区', '3号楼');
    // a building outside the batch's place is refused
    expect(await t.call(ADMIN, 'batch', 'place', { rowId: unplaced.data.items[0].rowId, buildingId: 'pl_nowhere' })).toMatchObject({ ok: false, code: 'BATCH_PLACE_OUTSIDE' });
    const placed = await t.call(ADMIN, 'batch', 'place', { rowId: unplaced.data.items[0].rowId, buildingId: target._id });
    expect(placed).toMatchObject({ ok: true, data: { state: 'dispatched', placedBy: 'staff', buildingId: target._id } });
    expect((await queueOf(WORKER)).map((i) => i.personName)).toContain('钱七');
    // placing it twice is refused, nothing changes
    expect(await t.call(ADMIN, 'batch', 'place', { rowId: unplaced.data.items[0].rowId, outOfArea: true })).toMatchObject({ ok: false, code: 'BATCH_ROW_STATE' });

    const next = await importList(
      await xlsxOf(HEADERS, [
        ['1', '吴十', idCard('19700707', 21), '13800007777', '云祥花园4号楼1单元101', '', '', '', '', ''],
        ['2', '郑十一', idCard('19710707', 22), '13800008888', '外省某地', '', '', '', '', ''],
      ]),
      'xlsx',
      '区疫情防控指挥部',
      '冷链专项',
    );
    const rows = await rowsOf(next.batchId, 'placed');
    expect(rows).toEqual([expect.objectContaining({ name: '吴十', placedBy: 'alias', buildingId: building('祥云一区', '4号楼')._id })]);
    const stray = (await rowsOf(next.batchId, 'unplaced'))[0];
    const out = await t.call(ADMIN, 'batch', 'place', { rowId: stray.rowId, outOfArea: true, note: '外省' });
    expect(out).toMatchObject({ ok: true, data: { state: 'out_of_area', outcome: { kind: 'out_of_area', note: '外省' } } });
  });

  it('a person of an earlier batch says so', async () => {
    const view = await importList(await xlsxOf(HEADERS, [['1', '张三', ZHANG, '13800001111', '祥云一区3号楼2单元301', '', '', '', '', '']]), 'xlsx', '市公安局', '机场专项');
    expect(view.batchId).not.toBe(batchId);
    const [row] = await rowsOf(view.batchId, 'placed');
    expect(row.earlier).toMatchObject({ batchId, subject: '机场专项', source: '区疫情防控指挥部', state: 'dispatched' });
  });

  it('a person without an ID is found in 一人一档 by phone and name', async () => {
    const wife = familyOfThree(81)[1]; // 王芳, filed with her phone
    const view = await importList(
      await xlsxOf(HEADERS, [
        ['1', wife.name, '', wife.phone!, '', '', '', '', '', ''],
        ['2', '王芳芳', '', wife.phone!, '', '', '', '', '', ''],
      ]),
      'xlsx',
      '区卫健委',
      '密接排查',
    );
    const [row] = await rowsOf(view.batchId, 'placed');
    expect(row).toMatchObject({ name: wife.name, placedBy: 'person', buildingId: t.cloud.demo!.buildingId, person: { status: 'normal' } });
    // the same phone under another name is someone else: not linked, and without an address not placed
    const [other] = await rowsOf(view.batchId, 'unplaced');
    expect(other.name).toBe('王芳芳');
    expect(other.person).toBeUndefined();
  });

  it('a step replayed after its cursor update was lost writes nothing twice', async () => {
    // the corrected file's import, the latest of the batch
    const imports = (await readRows<{ _id: string; createdAt: Date }>(getDb().collection(Collections.batchImports).where({ batchId }).limit(10)))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(-1);
    const before = await counts(batchId);
    const zhangBefore = (await rowsOf(batchId, 'dispatched')).find((r) => r.name === '张三')!;
    for (const job of imports) await getDb().collection(Collections.batchImports).doc(job._id).update({ data: { cursor: 0, status: 'running' } });
    for (const job of imports) {
      const res = await t.call(ADMIN, 'batch', 'run', { importId: job._id });
      expect(res).toMatchObject({ ok: true, data: { status: 'done' } });
    }
    const after = await counts(batchId);
    expect(after.total).toBe(before.total);
    expect(after.counts).toEqual(before.counts);
    const zhang = (await rowsOf(batchId, 'dispatched')).find((r) => r.name === '张三')!;
    expect(zhang.duplicateRows).toEqual(zhangBefore.duplicateRows);
  });

  it('a row fixed in the app is validated and placed again', async () => {
    const view = await importList(await xlsxOf(HEADERS, [['1', '冯十二', '12345', '', '锦园3号楼', '', '', '', '', '']]), 'xlsx', '区疫情防控指挥部', '修正测试');
    const [row] = await rowsOf(view.batchId, 'invalid');
    expect(row.errors.map((e) => e.code)).toEqual(['ID_CARD_FORMAT']);
    const bad = await t.call(ADMIN, 'batch', 'fixRow', { rowId: row.rowId, values: { idNumber: '1101' } });
    expect(bad).toMatchObject({ ok: true, data: { state: 'invalid' } });
    const good = await t.call(ADMIN, 'batch', 'fixRow', { rowId: row.rowId, values: { idNumber: idCard('19720707', 23) } });
    expect(good).toMatchObject({ ok: true, data: { state: 'placed', errors: [], buildingId: building('锦园', '3号楼')._id } });
  });
});

describe('the passes and the return file', () => {
  const rowOf = async (name: string) => (await rowsOf(batchId, 'dispatched')).find((r) => r.name === name)!;

  it('the grid worker calls, records 电话核查 and 入户走访, each timestamped and audited', async () => {
    const zhang = await rowOf('张三');
    expect(await t.call(WORKER, 'batch', 'call', { rowId: zhang.rowId })).toEqual({ ok: true, data: { phone: '13800001111' } });
    expect(await t.call(WORKER2, 'batch', 'call', { rowId: zhang.rowId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(WORKER, 'batch', 'pass', { rowId: zhang.rowId, kind: 'phone' })).toMatchObject({ ok: false, code: 'REQUIRED' });
    const phoned = await t.call(WORKER, 'batch', 'pass', { rowId: zhang.rowId, kind: 'phone', phoneOutcome: 'reached', inArea: true, note: '本人接听' });
    expect(phoned).toMatchObject({ ok: true, data: { passes: [{ kind: 'check' }, { kind: 'phone', phoneOutcome: 'reached', inArea: true, staffName: '李网格' }] } });
    const visited = await t.call(WORKER, 'batch', 'pass', { rowId: zhang.rowId, kind: 'visit', atHome: true, measures: '已告知居家健康监测' });
    expect(visited).toMatchObject({ ok: true, data: { passes: [{}, {}, { kind: 'visit', atHome: true, measures: '已告知居家健康监测' }] } });
    // another grid's worker cannot write on it
    expect(await t.call(WORKER2, 'batch', 'pass', { rowId: zhang.rowId, kind: 'daily', note: 'x' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const audits = await readRows<{ action: string }>(getDb().collection(Collections.auditLog).where({ 'target.id': zhang.rowId }).limit(20));
    expect(audits.map((a) => a.action).sort()).toEqual(['batch_pass', 'batch_pass', 'call']);
  });

  it('an outcome closes the row and its item; 纳管 starts an isolation for a known person', async () => {
    const zhang = await rowOf('张三');
    const isolation = { kind: 'home_isolation' as const, startDate: new Date().toISOString().slice(0, 10), plannedDays: 14, reason: '上级核查：机场专项' };
    // 张三 is not in 一人一档: no isolation without a household
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId: zhang.rowId, outcome: 'managed', isolation })).toMatchObject({ ok: false, code: 'BATCH_PERSON_UNKNOWN' });
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId: zhang.rowId, outcome: 'out_of_area' })).toMatchObject({ ok: false, code: 'REQUIRED' });
    const closed = await t.call(WORKER, 'batch', 'outcome', { rowId: zhang.rowId, outcome: 'not_found', note: '该地址无此人' });
    expect(closed).toMatchObject({ ok: true, data: { state: 'closed', outcome: { kind: 'not_found', staffName: '李网格' } } });
    expect(await t.call(WORKER, 'batch', 'pass', { rowId: zhang.rowId, kind: 'daily', note: 'x' })).toMatchObject({ ok: false, code: 'BATCH_ROW_STATE' });

    const wei = await rowOf(known.name);
    const managed = await t.call(WORKER, 'batch', 'outcome', { rowId: wei.rowId, outcome: 'managed', isolation, note: '居家隔离14天' });
    expect(managed).toMatchObject({ ok: true, data: { state: 'closed', outcome: { kind: 'managed' } } });
    const iso = await t.call(WORKER, 'staff', 'isolation', { personId: wei.person!.personId });
    expect(iso).toMatchObject({ ok: true, data: { kind: 'home_isolation', status: 'active' } });
    const items = await readRows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId: _in([zhang.rowId, wei.rowId]) }).limit(10));
    expect(items.map((i) => i.status)).toEqual(['closed', 'closed']);
    expect((await queueOf(WORKER)).map((i) => i.personName)).not.toContain('张三');
  });

  it('the return file: original columns in order, then the results; masked unless asked with a reason', async () => {
    const res = await t.call(ADMIN, 'batch', 'returnFile', { batchId });
    if (!res.ok) throw new Error(res.message);
    expect(res.data).toMatchObject({ rows: 7, full: false });
    const sheet = async (url: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await getBytes(url)).bytes as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      return Array.from({ length: ws.actualRowCount }, (_, i) => (ws.getRow(i + 1).values as string[]).slice(1).map((v) => v ?? ''));
    };
    const masked = await sheet(res.data.url);
    expect(masked[0]).toEqual([...HEADERS, '核查结果', '管控措施', '核查人', '核查时间', '所属网格', '备注']);
    expect(masked.slice(1).map((r) => r[1])).toEqual(['张三', '李四', '王五', '赵六', '钱七', '孙八', known.name]);
    const zhang = masked[1];
    expect(zhang.slice(0, 5)).toEqual(['1', '张三', `${ZHANG.slice(0, 6)}********${ZHANG.slice(-4)}`, '138****1111', '祥云一区3号楼2单元301']);
    expect(zhang[9]).toBe('阴性');
    expect(zhang.slice(10, 13)).toEqual(['查无此人', '已告知居家健康监测', '李网格']);
    expect(zhang[13]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(zhang[14]).toBe('第一网格');
    expect(zhang[15]).toContain('该地址无此人');
    expect(zhang[15]).toContain('与第7行为同一人');
    const wei = masked[7];
    expect(wei.slice(10, 12)).toEqual(['纳管', expect.stringContaining('居家隔离')]);
    expect(masked[2].slice(10, 15)).toEqual(['核查中', '', '', '', '第二网格']);
    expect(JSON.stringify(masked)).not.toContain(ZHANG);

    expect(await t.call(ADMIN, 'batch', 'returnFile', { batchId, full: true })).toMatchObject({ ok: false, code: 'REQUIRED' });
    const full = await t.call(ADMIN, 'batch', 'returnFile', { batchId, full: true, reason: '报送区指挥部' });
    if (!full.ok) throw new Error(full.message);
    expect((await sheet(full.data.url))[1].slice(2, 4)).toEqual([ZHANG, '13800001111']);
    const audits = await readRows<{ action: string; reason?: string }>(getDb().collection(Collections.auditLog).where({ 'target.id': batchId }).limit(50));
    expect(audits.filter((a) => a.action === 'export').map((a) => a.reason)).toEqual(expect.arrayContaining(['反馈表（脱敏）', '反馈表（完整）：报送区指挥部']));
    // only the admin exports
    expect(await t.call(WORKER, 'batch', 'returnFile', { batchId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
