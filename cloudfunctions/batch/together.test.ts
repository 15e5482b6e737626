/**
 * The grid worker on a batch row (issue 13 §3): 纳管 of persons 一人一档 does not know — filed with
 * their household from the row, then put under isolation — and several rows of one household handled
 * at once, each row its own pass or outcome, refused row by row.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows as readRows } from '../common/db';
import type { BatchRowDoc, BatchRowView } from '../../src/domain/batches';
import type { HouseholdDoc, PersonDoc, ReportDoc } from '../../src/domain/household';
import type { IsolationDoc } from '../../src/domain/checkins';
import type { QueueItemDetailOf } from '../../src/domain/contracts';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, idCard } from '../../tests/support/people';
import { runToEnd, uploadList, xlsxOf } from '../../tests/support/batches';
import { startTestCloud, RESIDENT, type TestCloud } from '../../tests/support/testCloud';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid; // 第一网格: 祥云一区 …
const WORKER2 = 'o_seed_worker_2'; // 第二网格: 和平里 …

let t: TestCloud;
const HEADERS = ['序号', '姓名', '身份证号码', '联系电话', '现住址'];
const CHEN1 = idCard('19700101', 31);
const CHEN2 = idCard('19720202', 32);
const ZHOU = idCard('19900303', 33);
const family = familyOfThree(91); // 张伟, 王芳, 张小明: filed by a resident in 祥云一区 3号楼 1单元 301
const today = () => new Date().toISOString().slice(0, 10);
const isolation = () => ({ kind: 'home_isolation' as const, startDate: today(), plannedDays: 14, reason: '上级核查：机场专项' });

function ok<T>(r: { ok: true; data: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code} ${r.message}`);
  return r.data;
}

let rowsByName = new Map<string, BatchRowView>();
const rowOf = (name: string) => rowsByName.get(name)!;

beforeAll(async () => {
  t = await startTestCloud();
  ok(await t.call(RESIDENT, 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '301', members: family })));
  const list = [
    ['1', '陈一', CHEN1, '13900001111', '祥云一区3号楼1单元101'],
    ['2', '陈二', CHEN2, '', '祥云一区三号楼一单元101室'],
    ['3', '周三', '', '13900003333', '祥云一区3号楼1单元102'],
    ['4', family[0].name, family[0].idNumber!, '', '祥云一区3号楼1单元301'],
    ['5', family[1].name, family[1].idNumber!, '', ''],
    ['6', '刘六', idCard('19800606', 36), '13900006666', '和平里2号楼1单元101'],
    ['7', '马七', idCard('19810707', 37), '13900007777', '祥云一区3号楼1单元301'],
    ['8', '林8', idCard('19820808', 38), '', '祥云一区3号楼1单元601'],
  ];
  const fileId = await uploadList(t, ADMIN, await xlsxOf(HEADERS, list), 'xlsx');
  let view = ok(await t.call(ADMIN, 'batch', 'upload', { fileId, source: '区指挥部', subject: '机场专项', deadline: new Date(Date.now() + 86_400_000).toISOString() }));
  if (view.status === 'mapping') view = ok(await t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping }));
  view = await runToEnd(t, ADMIN, view);
  ok(await t.call(ADMIN, 'batch', 'dispatch', { batchId: view.batchId }));
  const rows = ok(await t.call(ADMIN, 'batch', 'rows', { batchId: view.batchId, state: 'dispatched' })).items;
  rowsByName = new Map(rows.map((r) => [r.name, r]));
  expect(rowsByName.size).toBe(8);
});
afterAll(() => t.stop());

const db = () => getDb();
const item = async (openid: string, name: string) => ok(await t.call(openid, 'staff', 'item', { itemId: rowOf(name).itemId! })) as QueueItemDetailOf<'batch_row'>;
const storedRow = async (name: string) => (await readRows<BatchRowDoc>(db().collection(Collections.batchRows).where({ _id: rowOf(name).rowId })))[0];
const personsOf = (ids: string[]) => readRows<PersonDoc>(db().collection(Collections.persons).where({ _id: db().command.in(ids) }));
const audits = async (id: string) => (await readRows<{ action: string }>(db().collection(Collections.auditLog).where({ 'target.id': id }).limit(50))).map((a) => a.action);

describe('the item shows the rows of one household together', () => {
  it('by the same building and room, and by 一人一档’s household; 纳管 of an unknown person says where it files them', async () => {
    const chen = await item(WORKER, '陈一');
    expect(chen.row.together).toEqual([expect.objectContaining({ name: '陈二', by: 'address', known: false })]);
    expect(chen.row.filing).toEqual(expect.objectContaining({ buildingName: '3号楼', place: '祥云一区 3号楼', unit: '1单元', room: '101', needsId: false, hasPhone: true }));
    expect(chen.row.filing!.units).toEqual([{ name: '1单元', floors: 18, roomsPerFloor: 2 }]);

    const zhang = await item(WORKER, family[0].name);
    // 王芳's row has no address: found by her household; 马七 lives in the same room but 一人一档 does not know him
    expect(zhang.row.together?.map((r) => [r.name, r.by, r.known])).toEqual([
      [family[1].name, 'household', true],
      ['马七', 'address', false],
    ]);
    // 马七 is unknown: 纳管 from here files him in the room
    expect(zhang.row.filing).toMatchObject({ known: true, room: '301' });
    expect((await item(WORKER, '周三')).row).toMatchObject({ filing: { room: '102', needsId: true } });
  });
});

describe('纳管 of a person 一人一档 does not know', () => {
  it('asks for the room and that the person was told; a wrong room files nothing and leaves the row as it was', async () => {
    const rowId = rowOf('陈一').rowId;
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId, outcome: 'managed', isolation: isolation() })).toMatchObject({ ok: false, code: 'BATCH_PERSON_UNKNOWN' });
    const filing = { unit: '1单元', room: '101', informed: false };
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId, outcome: 'managed', isolation: isolation(), filing })).toMatchObject({ ok: false, code: 'BATCH_INFORMED_REQUIRED' });
    const before = await t.counts();
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId, outcome: 'managed', isolation: isolation(), filing: { ...filing, room: '1901', informed: true } })).toMatchObject({
      ok: false,
      code: 'ROOM_INVALID',
    });
    const after = await t.counts();
    for (const c of [Collections.persons, Collections.households, Collections.reports, Collections.isolations]) expect(after[c]).toBe(before[c]);
    const row = await storedRow('陈一');
    expect(row).toMatchObject({ state: 'dispatched' });
    expect(row.closing).toBeUndefined();
  });

  it('two unknown persons of one room: one household filed by the worker, each isolated, each row closed and linked', async () => {
    const [chen1, chen2] = [rowOf('陈一'), rowOf('陈二')];
    const res = ok(
      await t.call(WORKER, 'batch', 'outcomeRows', {
        rowIds: [chen1.rowId, chen2.rowId],
        outcome: 'managed',
        note: '居家隔离14天',
        isolation: isolation(),
        filing: { unit: '1单元', room: '101', informed: true, members: [{ rowId: chen2.rowId, phone: '13900002222' }] },
      }),
    );
    expect(res).toEqual({ done: 2, results: [{ rowId: chen1.rowId, name: '陈一', ok: true }, { rowId: chen2.rowId, name: '陈二', ok: true }] });
    const [r1, r2] = [await storedRow('陈一'), await storedRow('陈二')];
    expect(r1.person?.householdId).toBeTruthy();
    expect(r2.person?.householdId).toBe(r1.person!.householdId);
    const households = await readRows<HouseholdDoc>(db().collection(Collections.households).where({ _id: r1.person!.householdId! }));
    expect(households[0]).toMatchObject({ room: '101', unit: '1单元', address: '祥云一区 3号楼 1单元 101', ownerOpenids: [] });
    expect(households[0].personIds.sort()).toEqual([r1.person!.personId, r2.person!.personId].sort());
    const persons = await personsOf([r1.person!.personId, r2.person!.personId]);
    expect(persons.map((p) => [p.name, p.status, p.phone?.masked]).sort()).toEqual([
      ['陈一', 'home_isolation', '139****1111'],
      ['陈二', 'home_isolation', '139****2222'],
    ]);
    expect(r1.outcome).toMatchObject({ kind: 'managed', staffName: '李网格', isolationId: persons.find((p) => p.name === '陈一')!.activeIsolationId });
    const reports = await readRows<ReportDoc>(db().collection(Collections.reports).where({ householdId: households[0]._id }));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ category: 'home_isolation', filedBy: { kind: 'staff' } });
    expect(await audits(reports[0]._id)).toEqual(['proxy_report']);
    expect(await audits(r1._id)).toEqual(['batch_outcome']);
    expect(await audits(persons[0].activeIsolationId!)).toEqual(['isolation_start']);
    // the rows' items are closed; the persons are now on the worker's roster of isolations
    const iso = ok(await t.call(WORKER, 'staff', 'isolation', { personId: r2.person!.personId }));
    expect(iso).toMatchObject({ personName: '陈二', status: 'active' });
    expect((await item(WORKER, '陈一')).item.status).toBe('closed');
  });

  it('a name the household filing cannot take is refused for its row, with why; nothing is filed', async () => {
    const before = await t.counts();
    const res = await t.call(WORKER, 'batch', 'outcome', { rowId: rowOf('林8').rowId, outcome: 'managed', isolation: isolation(), filing: { unit: '1单元', room: '601', informed: true } });
    expect(res).toMatchObject({ ok: false, code: 'BATCH_PERSON_UNKNOWN', message: '林8：姓名只能包含汉字、字母、间隔号“·”和空格，请数据专班更正后再纳管' });
    expect((await t.counts())[Collections.persons]).toBe(before[Collections.persons]);
    expect(await storedRow('林8')).toMatchObject({ state: 'dispatched' });
  });

  it('a row without an ID number: the worker types it, or 纳管 is refused for it', async () => {
    const rowId = rowOf('周三').rowId;
    const filing = { unit: '1单元', room: '102', informed: true };
    expect(await t.call(WORKER, 'batch', 'outcome', { rowId, outcome: 'managed', isolation: isolation(), filing })).toMatchObject({ ok: false, code: 'REQUIRED' });
    const bad = await t.call(WORKER, 'batch', 'outcome', { rowId, outcome: 'managed', isolation: isolation(), filing: { ...filing, members: [{ rowId, idNumber: '110105199003030000' }] } });
    expect(bad).toMatchObject({ ok: false, code: 'ID_CARD_FORMAT' });
    const managed = await t.call(WORKER, 'batch', 'outcome', {
      rowId,
      outcome: 'managed',
      isolation: { ...isolation(), kind: 'health_monitoring' },
      filing: { ...filing, members: [{ rowId, idNumber: ZHOU }] },
    });
    expect(managed).toMatchObject({ ok: true, data: { state: 'closed', outcome: { kind: 'managed' }, person: { status: 'health_monitoring' } } });
  });
});

describe('several rows of one household at once', () => {
  it('each row its own pass, timestamped and audited; another grid’s row and a closed row refused row by row, unchanged', async () => {
    const [a, b, closed, other] = [rowOf(family[0].name), rowOf(family[1].name), rowOf('陈一'), rowOf('刘六')];
    const before = await storedRow('刘六');
    const res = ok(await t.call(WORKER, 'batch', 'passRows', { rowIds: [a.rowId, b.rowId, closed.rowId, other.rowId], kind: 'visit', atHome: true, measures: '全家在家' }));
    expect(res.done).toBe(2);
    expect(res.results).toEqual([
      { rowId: a.rowId, name: family[0].name, ok: true },
      { rowId: b.rowId, name: family[1].name, ok: true },
      { rowId: closed.rowId, name: '陈一', ok: false, code: 'BATCH_ROW_CLOSED', message: expect.stringContaining('已办结') },
      { rowId: other.rowId, name: '刘*', ok: false, code: 'BATCH_ROW_OUTSIDE', message: '该行不在您的网格，未作修改' },
    ]);
    for (const name of [family[0].name, family[1].name]) {
      const row = await storedRow(name);
      expect(row.passes.at(-1)).toMatchObject({ kind: 'visit', atHome: true, measures: '全家在家', staffName: '李网格' });
      expect(await audits(row._id)).toEqual(['batch_pass']);
    }
    expect(await storedRow('刘六')).toEqual(before);
    expect((await storedRow('陈一')).passes).toHaveLength(1);
    // a pass's own rules hold for the whole selection
    expect(await t.call(WORKER, 'batch', 'passRows', { rowIds: [a.rowId, b.rowId], kind: 'phone' })).toMatchObject({ ok: false, code: 'REQUIRED' });
  });

  it('one outcome for the household: known persons isolated, each row closed; closed rows are not closed again', async () => {
    const [a, b] = [rowOf(family[0].name), rowOf(family[1].name)];
    const res = ok(await t.call(WORKER, 'batch', 'outcomeRows', { rowIds: [a.rowId, b.rowId], outcome: 'managed', isolation: isolation() }));
    expect(res.done).toBe(2);
    const isolations = await readRows<IsolationDoc>(db().collection(Collections.isolations).where({ personId: db().command.in([a.person!.personId, b.person!.personId]) }));
    expect(isolations.map((i) => i.status)).toEqual(['active', 'active']);
    expect((await storedRow(family[0].name)).outcome).toMatchObject({ kind: 'managed', isolationId: expect.stringMatching(/^iso_/) });
    // again: both closed now, nothing written
    const again = ok(await t.call(WORKER, 'batch', 'outcomeRows', { rowIds: [a.rowId, b.rowId], outcome: 'left' }));
    expect(again).toMatchObject({ done: 0, results: [{ ok: false, code: 'BATCH_ROW_CLOSED' }, { ok: false, code: 'BATCH_ROW_CLOSED' }] });
    expect((await storedRow(family[0].name)).outcome?.kind).toBe('managed');
    // another grid's worker gets nothing of it
    expect(ok(await t.call(WORKER2, 'batch', 'outcomeRows', { rowIds: [rowOf('马七').rowId], outcome: 'left' })).results[0]).toMatchObject({ ok: false, code: 'BATCH_ROW_OUTSIDE', name: '马*' });
  });
});

describe('纳管 into the household already filed in the room', () => {
  it('an unknown person of the room joins it: its members, owner and IDs stay as they were', async () => {
    const zhang = await storedRow(family[0].name);
    const [before] = await readRows<HouseholdDoc>(db().collection(Collections.households).where({ _id: zhang.person!.householdId! }));
    const membersBefore = await personsOf(before.personIds);
    const res = await t.call(WORKER, 'batch', 'outcome', { rowId: rowOf('马七').rowId, outcome: 'managed', isolation: isolation(), filing: { unit: '1单元', room: '301', informed: true } });
    expect(res).toMatchObject({ ok: true, data: { person: { householdId: before._id, status: 'home_isolation' } } });
    const [after] = await readRows<HouseholdDoc>(db().collection(Collections.households).where({ _id: before._id }));
    expect(after.personIds).toHaveLength(before.personIds.length + 1);
    expect(after).toMatchObject({ ownerOpenids: before.ownerOpenids, reporterPersonId: before.reporterPersonId, consent: { healthTravel: before.consent.healthTravel } });
    const membersAfter = await personsOf(before.personIds);
    expect(membersAfter.map((p) => [p._id, p.householdId, p.id.hash, p.relation, p.phone?.hash]).sort()).toEqual(
      membersBefore.map((p) => [p._id, p.householdId, p.id.hash, p.relation, p.phone?.hash]).sort(),
    );
  });
});
