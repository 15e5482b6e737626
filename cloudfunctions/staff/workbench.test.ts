/**
 * The staff tab at 200 items, against the local cloud in latency mode with records the functions
 * created: the queue filtered by building and kind and searched by name, room and phone tail (paged
 * over HTTP past page 1), 批量核实 of several reports, isolation started for a household at once,
 * the call of a person an item names (audited as a call), the check-in alert naming whom and where,
 * several verification methods (old single-method records still shown), and 办结 with a note the
 * resident reads. Concurrent batches: exactly one winner per report and per person.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { BuildingView, QueuePage, ReportReceipt } from '../../src/domain/contracts';
import type { IsolationDoc } from '../../src/domain/checkins';
import type { MemberInput, PersonDoc, ReportDoc } from '../../src/domain/household';
import type { QueueItemDoc } from '../../src/domain/queue';
import { shanghaiDateString } from '../../src/domain/time';
import { PERSONAS } from '../../localcloud/personas';
import { householdReport, idCard, requestId } from '../../tests/support/people';
import { detailOf } from '../../tests/support/items';
import { loginAs, type HttpSession } from '../../tests/support/http';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { QUEUE_PAGE_SIZE } from './queue';

let t: TestCloud;
let worker: HttpSession; // 李网格, 第一网格
let admin: HttpSession; // 王书记, 祥云社区
const WORKER = PERSONAS.worker.openid;
const ADMIN = PERSONAS.admin.openid;
const OTHER_WORKER = 'o_seed_worker_2'; // 赵网格, 第二网格
let demoBuilding: string; // 祥云一区 3号楼, 第一网格
let secondBuilding: BuildingView; // 祥云二区 1号楼, 第一网格
let otherGridBuilding: BuildingView; // 和平里 1号楼, 第二网格

let seq = 0;
/** A person as a first filing types them, with an ID number no other person of this file has. */
function member(name: string, relation: MemberInput['relation'], birth: string, phone?: string): MemberInput {
  seq += 1;
  return { name, relation, idType: 'id_card', idNumber: idCard(birth, seq), ...(phone ? { phone } : {}) };
}

async function file(openid: string, buildingId: string, room: string, members: MemberInput[], unit = '1单元'): Promise<ReportReceipt> {
  const res = await t.call(openid, 'report', 'submit', householdReport(buildingId, { unit, room, members }));
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

async function itemOf(refId: string): Promise<QueueItemDoc> {
  const [item] = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId }));
  if (!item) throw new Error(`no item for ${refId}`);
  return item;
}

function data<D>(res: { ok: true; data: D } | { ok: false; code: string; message: string }): D {
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

/** Every page of the queue under `filter`, over HTTP as `session`. */
async function allPages(session: HttpSession, filter: Record<string, unknown>): Promise<{ pages: QueuePage[]; ids: string[] }> {
  const pages: QueuePage[] = [];
  let cursor: string | null = null;
  do {
    const page: QueuePage = data<QueuePage>(await session.call('staff', 'queue', { ...filter, cursor }));
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return { pages, ids: pages.flatMap((p) => p.items.map((i) => i.itemId)) };
}

/** The open items of `where` in queue order, read straight from the collection. */
async function expected(where: Record<string, unknown>): Promise<string[]> {
  const items = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ status: 'open', ...where }).limit(1000));
  return items.sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1)).map((i) => i._id);
}

const today = () => shanghaiDateString(new Date());

// --- the households -------------------------------------------------------------------------------

let wang: ReportReceipt; // 王秀英 (65) and her husband, 祥云一区 3号楼 1单元 302
let liu: ReportReceipt; // 刘建国's family, 祥云二区 1号楼 2单元 501: 60 requests
let zhao: ReportReceipt; // 赵丽, 和平里 1号楼 (第二网格)

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY });
  [worker, admin] = await Promise.all([loginAs(t.cloud.url, 'worker'), loginAs(t.cloud.url, 'admin')]);
  demoBuilding = t.cloud.demo!.buildingId;
  const mine = data(await worker.call('staff', 'buildings', {})).items;
  secondBuilding = mine.find((b) => b.compoundName === '祥云二区' && b.name === '1号楼')!;
  const all: BuildingView[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: BuildingView[]; nextCursor: string | null } = data(await admin.call('staff', 'buildings', { cursor }));
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  otherGridBuilding = all.find((b) => b.compoundName === '和平里' && b.name === '1号楼')!;
  expect(otherGridBuilding.gridId).not.toBe(secondBuilding.gridId);

  wang = await file('o_wb_wang', demoBuilding, '302', [
    member('王秀英', 'self', '19600315', '13911112468'),
    member('李国庆', 'spouse', '19581001', '13922223579'),
  ]);
  liu = await file(
    'o_wb_liu',
    secondBuilding.id,
    '501',
    [member('刘建国', 'self', '19700101', '13633334680'), member('陈梅', 'spouse', '19720202', '13644445791'), member('刘小军', 'child', '20150505')],
    '2单元',
  );
  zhao = await file('o_wb_zhao', otherGridBuilding.id, '101', [member('赵丽', 'self', '19900909', '13755556802')]);
  // 60 requests of 刘建国's household: with its report, 61 items in 祥云二区 1号楼 — two pages
  for (let i = 0; i < 60; i++) {
    data(
      await t.call('o_wb_liu', 'request', 'create', {
        clientRequestId: requestId(),
        personId: liu.members[i % 2].personId,
        urgency: (['normal', 'urgent', 'emergency'] as const)[i % 3],
        details: { kind: 'other', description: `代买第${i}份` },
      }),
    );
  }
}, 120_000);
afterAll(() => t.stop());

describe('staff.queue: building, kind and search', () => {
  it('finds a household by full name, given name, surname, room, unit+room, phone tail and whole phone number', async () => {
    const item = await itemOf(wang.reportId);
    for (const search of ['王秀英', '秀英', '王', '302', '1单元302', '2468', '139 1111 2468', '李国庆', '3579']) {
      const page = data(await worker.call('staff', 'queue', { search }));
      expect({ search, ids: page.items.map((i) => i.itemId) }).toEqual({ search, ids: [item._id] });
    }
    // nothing else matches, and the search never finds what the mask hides (the middle digits)
    expect(data(await worker.call('staff', 'queue', { search: '王美' })).items).toEqual([]);
    expect(data(await worker.call('staff', 'queue', { search: '1111' })).items).toEqual([]);
  });

  it('searches only within scope: the other grid’s worker finds nothing, the community admin finds every grid', async () => {
    expect(data(await t.call(OTHER_WORKER, 'staff', 'queue', { search: '王秀英' })).items).toEqual([]);
    expect(data(await worker.call('staff', 'queue', { search: '赵丽' })).items).toEqual([]);
    const zhaoItem = await itemOf(zhao.reportId);
    expect(data(await admin.call('staff', 'queue', { search: '赵丽' })).items.map((i) => i.itemId)).toEqual([zhaoItem._id]);
    expect(data(await t.call(OTHER_WORKER, 'staff', 'queue', { search: '6802' })).items.map((i) => i.itemId)).toEqual([zhaoItem._id]);
  });

  it('shows whom and where on each row: the full name (the list is scoped) and the address', async () => {
    const [row] = data(await worker.call('staff', 'queue', { search: '王秀英' })).items;
    expect(row).toMatchObject({ kind: 'verify_report', personName: '王秀英', address: '祥云一区 3号楼 1单元 302' });
    const request = data(await worker.call('staff', 'queue', { search: '陈梅', kind: 'request' })).items[0];
    expect(request).toMatchObject({ kind: 'request', personName: '陈梅', address: '祥云二区 1号楼 2单元 501' });
  });

  it('filters by a building of the scope, counting that building; another grid’s building or a non-building is not found', async () => {
    const page = data(await worker.call('staff', 'queue', { buildingId: demoBuilding }));
    expect(page.items.map((i) => i.itemId)).toEqual(await expected({ placePath: demoBuilding }));
    expect(page.items.every((i) => i.address?.startsWith('祥云一区 3号楼'))).toBe(true);
    expect(page.counts).toMatchObject({ verify_report: 1, request: 0 });
    const second = data(await worker.call('staff', 'queue', { buildingId: secondBuilding.id }));
    expect(second.counts).toMatchObject({ verify_report: 1, request: 60 });

    expect(await worker.call('staff', 'queue', { buildingId: otherGridBuilding.id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      field: 'buildingId',
    });
    expect(await worker.call('staff', 'queue', { buildingId: t.cloud.demo!.gridIds[0] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // the admin's scope covers it
    expect(data(await admin.call('staff', 'queue', { buildingId: otherGridBuilding.id })).items.map((i) => i.itemId)).toEqual([
      (await itemOf(zhao.reportId))._id,
    ]);
  });

  it('pages every filter past page 1 over HTTP: building, building + kind, search, search + kind, each item once in queue order', async () => {
    const liuReport = await itemOf(liu.reportId);
    const grid = t.cloud.demo!.gridIds[0];
    // [filter, the same items read straight from the collection, how many]
    const cases: Array<[Record<string, unknown>, Record<string, unknown>, number]> = [
      [{ buildingId: secondBuilding.id }, { placePath: secondBuilding.id }, 61],
      [{ buildingId: secondBuilding.id, kind: 'request' }, { placePath: secondBuilding.id, kind: 'request' }, 60],
      // a room finds the whole household: its report and every request
      [{ search: '2单元501' }, { placePath: grid, searchKeys: '2单元501' }, 61],
      [{ search: '2单元501', kind: 'request' }, { placePath: grid, searchKeys: '2单元501', kind: 'request' }, 60],
      // a name finds that person's requests and the household's report (which lists every member)
      [{ search: '刘建国', buildingId: secondBuilding.id }, { placePath: secondBuilding.id, searchKeys: '刘建国' }, 31],
      [{ search: '4680' }, { placePath: grid, searchKeys: '4680' }, 31],
    ];
    for (const [filter, where, count] of cases) {
      const { pages, ids } = await allPages(worker, filter);
      const want = await expected(where);
      expect({ filter, count: want.length }).toEqual({ filter, count });
      expect({ filter, pages: pages.length }).toEqual({ filter, pages: Math.ceil(count / QUEUE_PAGE_SIZE) });
      expect(ids).toEqual(want);
    }
    // the household's report is among them, in its place (normal priority, after the urgent ones)
    expect((await allPages(worker, { search: '刘建国' })).ids).toContain(liuReport._id);
    expect((await allPages(worker, { search: '陈梅' })).ids).toContain(liuReport._id);
  });

  it('reads each filter through a declared index (the search: grid, status, search key, sort key)', () => {
    const grid = t.cloud.demo!.gridIds[0];
    const explain = (filter: Record<string, unknown>) => t.cloud.store.explain(Collections.queueItems, filter, { sortKey: 1 });
    expect(explain({ gridId: grid, status: 'open', searchKeys: '刘建国' }).index).toBe('grid_status_search_sort');
    expect(explain({ placePath: secondBuilding.id, status: 'open' }).index).toBe('path_status_sort');
    expect(explain({ placePath: secondBuilding.id, status: 'open', kind: 'request' }).index).toBe('path_status_kind_sort');
  });

  it('refuses a search too long, and reads a blank one as none', async () => {
    expect(await worker.call('staff', 'queue', { search: '王'.repeat(21) })).toMatchObject({ ok: false, field: 'search' });
    const all = data(await worker.call('staff', 'queue', {}));
    expect(data(await worker.call('staff', 'queue', { search: ' ' })).items).toEqual(all.items);
  });
});

describe('staff.verifyMany (批量核实)', () => {
  it('verifies several reports with one outcome and several methods, answering per report', async () => {
    const a = await file('o_wb_vm_a', demoBuilding, '401', [member('孙立', 'self', '19800101', '13500000001')]);
    const b = await file('o_wb_vm_b', demoBuilding, '402', [member('周敏', 'self', '19810101', '13500000002')]);
    const [ia, ib, iz] = await Promise.all([itemOf(a.reportId), itemOf(b.reportId), itemOf(zhao.reportId)]);
    const res = data(
      await worker.call('staff', 'verifyMany', {
        itemIds: [ia._id, ib._id, iz._id, 'q_nothing_here', ia._id],
        outcome: 'at_home',
        methods: ['phone', 'code_check', 'phone'],
        note: '电话逐户核实',
      }),
    );
    expect(res.verified).toBe(2);
    expect(res.results.map((r) => [r.itemId, r.result])).toEqual([
      [ia._id, 'verified'],
      [ib._id, 'verified'],
      [iz._id, 'not_found'],
      ['q_nothing_here', 'not_found'],
    ]);
    const reports = await rows<ReportDoc>(getDb().collection(Collections.reports).where({ _id: getDb().command.in([a.reportId, b.reportId, zhao.reportId]) }));
    const byId = new Map(reports.map((r) => [r._id, r]));
    for (const id of [a.reportId, b.reportId])
      expect(byId.get(id)).toMatchObject({
        status: 'verified',
        verification: { outcome: 'at_home', methods: ['phone', 'code_check'], note: '电话逐户核实', staffName: '李网格' },
      });
    // the other grid's report is untouched
    expect(byId.get(zhao.reportId)!.status).toBe('submitted');
    // one outcome for all of them, and at least one way of checking
    expect(await worker.call('staff', 'verifyMany', { itemIds: [ia._id], outcome: 'at_home', methods: [] })).toMatchObject({
      ok: false,
      field: 'methods',
    });
    expect(
      await worker.call('staff', 'verifyMany', { itemIds: Array.from({ length: 51 }, (_, i) => `q_${i}`), outcome: 'at_home', methods: ['phone'] }),
    ).toMatchObject({ ok: false, field: 'itemIds' });
  });

  it('lets exactly one worker verify each report when two batches overlap and a single verify races them', async () => {
    const filed = await Promise.all(
      ['甲', '乙', '丙', '丁'].map((n, i) => file(`o_wb_race_${i}`, demoBuilding, `${5 + i}01`, [member(`吴${n}`, 'self', `1975010${i + 1}`, `1350000010${i}`)])),
    );
    const ids = (await Promise.all(filed.map((f) => itemOf(f.reportId)))).map((i) => i._id);
    const [one, two, single] = await Promise.all([
      t.call(WORKER, 'staff', 'verifyMany', { itemIds: ids.slice(0, 3), outcome: 'at_home', methods: ['visit'] }),
      t.call(ADMIN, 'staff', 'verifyMany', { itemIds: ids.slice(1), outcome: 'left', methods: ['phone'] }),
      t.call(ADMIN, 'staff', 'verify', { itemId: ids[2], outcome: 'not_found', methods: ['phone'] }),
    ]);
    const a = data(one).results;
    const b = data(two).results;
    // each report verified exactly once, by whoever won it
    const winners = ids.map((id) =>
      [...a, ...b].filter((r) => r.itemId === id && r.result === 'verified').length + (id === ids[2] && single.ok ? 1 : 0),
    );
    expect(winners).toEqual([1, 1, 1, 1]);
    for (const r of [...a, ...b].filter((x) => x.result !== 'verified')) expect(r).toMatchObject({ result: 'conflict' });
    const reports = await rows<ReportDoc>(getDb().collection(Collections.reports).where({ _id: getDb().command.in(filed.map((f) => f.reportId)) }));
    expect(reports.every((r) => r.status === 'verified')).toBe(true);
    // the stored outcome is the winner's
    const b1 = reports.find((r) => r._id === filed[1].reportId)!;
    const wonByWorker = a.find((r) => r.itemId === ids[1])!.result === 'verified';
    expect(b1.verification!.outcome).toBe(wonByWorker ? 'at_home' : 'left');
  });

  it('shows an old single-method verification as one method', async () => {
    const old = await file('o_wb_old', demoBuilding, '901', [member('钱老', 'self', '19500101', '13500000200')]);
    const item = await itemOf(old.reportId);
    await getDb()
      .collection(Collections.reports)
      .doc(old.reportId)
      .update({ data: { status: 'verified', verification: { outcome: 'at_home', method: 'visit', staffId: 'st_x', staffName: '老网格', at: new Date() } } });
    const detail = detailOf(data(await t.call(WORKER, 'staff', 'item', { itemId: item._id })), 'verify_report');
    expect(detail.report.verification).toMatchObject({ outcome: 'at_home', methods: ['visit'], staffName: '老网格' });
  });
});

describe('staff.startIsolations (a household at once)', () => {
  it('starts one for each member, skips one already isolated and one out of scope, and the item then offers 查看隔离', async () => {
    const fam = await file('o_wb_iso', demoBuilding, '1001', [
      member('郑一', 'self', '19700303', '13566660001'),
      member('郑二', 'spouse', '19710303', '13566660002'),
      member('郑三', 'child', '20160303'),
    ]);
    const [p1, p2, p3] = fam.members.map((m) => m.personId);
    data(await t.call(WORKER, 'staff', 'startIsolation', { personId: p3, kind: 'home_isolation', startDate: today(), plannedDays: 7, reason: '密接' }));
    const res = data(
      await worker.call('staff', 'startIsolations', {
        personIds: [p1, p2, p3, zhao.members[0].personId],
        kind: 'home_isolation',
        startDate: today(),
        plannedDays: 14,
        reason: '同住密接',
      }),
    );
    expect(res.started).toBe(2);
    expect(res.results.map((r) => [r.personId, r.result])).toEqual([
      [p1, 'started'],
      [p2, 'started'],
      [p3, 'active'],
      [zhao.members[0].personId, 'not_found'],
    ]);
    expect(res.results[2].isolation).toMatchObject({ personName: '郑三', status: 'active' });
    const isolations = await rows<IsolationDoc>(getDb().collection(Collections.isolations).where({ householdId: fam.householdId }));
    expect(isolations).toHaveLength(3);
    // what its check-in alerts will show and be found by
    expect(isolations.find((i) => i.personId === p1)).toMatchObject({ address: '祥云一区 3号楼 1单元 1001', phoneMasked: '135****0001' });
    expect((await rows<IsolationDoc>(getDb().collection(Collections.isolations).where({ personId: zhao.members[0].personId }))).length).toBe(0);

    const detail = data(await worker.call('staff', 'item', { itemId: (await itemOf(fam.reportId))._id }));
    for (const p of detail.persons) expect(p).toMatchObject({ status: 'home_isolation', isolationId: expect.stringMatching(/^iso_/) });
    // the full names: staff call them by name
    expect(detail.persons.map((p) => p.name).sort()).toEqual(['郑一', '郑二', '郑三'].sort());
  });

  it('gives each person exactly one isolation when two workers start the household at once', async () => {
    const fam = await file('o_wb_iso_race', demoBuilding, '1101', [
      member('冯一', 'self', '19700404', '13577770001'),
      member('冯二', 'spouse', '19710404', '13577770002'),
      member('冯三', 'child', '20160404'),
    ]);
    const personIds = fam.members.map((m) => m.personId);
    const start = (openid: string, days: number) =>
      t.call(openid, 'staff', 'startIsolations', { personIds, kind: 'home_isolation', startDate: today(), plannedDays: days, reason: '密接' });
    const [a, b, single] = await Promise.all([
      start(WORKER, 14),
      start(ADMIN, 7),
      t.call(ADMIN, 'staff', 'startIsolation', { personId: personIds[1], kind: 'health_monitoring', startDate: today(), plannedDays: 3, reason: '密接' }),
    ]);
    const started = data(a).started + data(b).started + (single.ok ? 1 : 0);
    expect(started).toBe(3);
    for (const personId of personIds) {
      const active = await rows<IsolationDoc>(getDb().collection(Collections.isolations).where({ personId, status: 'active' }));
      expect(active).toHaveLength(1);
      const [person] = await rows<PersonDoc>(getDb().collection(Collections.persons).where({ _id: personId }));
      expect(person.activeIsolationId).toBe(active[0]._id);
    }
  });
});

describe('staff.call', () => {
  it('returns the number of a person the item names, audited as a call with no reason asked; nobody else’s', async () => {
    const req = data(
      await t.call('o_wb_wang', 'request', 'create', {
        clientRequestId: requestId(),
        personId: wang.members[0].personId,
        urgency: 'emergency',
        details: { kind: 'transport', reason: '胸闷气短', hospital: '市人民医院', pickupAt: new Date(Date.now() + 3_600_000).toISOString() },
      }),
    );
    const item = await itemOf(req.requestId);
    // the request's item is found by the requester's phone tail too
    expect(data(await worker.call('staff', 'queue', { search: '2468', kind: 'request' })).items.map((i) => i.itemId)).toEqual([item._id]);
    expect(data(await worker.call('staff', 'call', { itemId: item._id, personId: wang.members[0].personId }))).toEqual({
      phone: '13911112468',
    });
    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ action: 'call' }));
    expect(audit.map((e) => [e.actor.name, e.target.id, e.target.field, e.reason])).toEqual([
      ['李网格', wang.members[0].personId, 'phone', `事项 ${item._id}`],
    ]);
    // a person the item does not name (her husband is on the report, not on this request), or out of scope
    expect(await worker.call('staff', 'call', { itemId: item._id, personId: wang.members[1].personId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await t.call(OTHER_WORKER, 'staff', 'call', { itemId: item._id, personId: wang.members[0].personId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    // on the household's report item, every member of the household can be called
    const reportItem = await itemOf(wang.reportId);
    expect(data(await worker.call('staff', 'call', { itemId: reportItem._id, personId: wang.members[1].personId }))).toEqual({
      phone: '13922223579',
    });
  });
});

describe('a check-in alert names whom and where', () => {
  it('shows the person in full and the household address; the alert is found by name and phone tail', async () => {
    const fam = await file('o_wb_fever', demoBuilding, '1201', [member('褚大爷', 'self', '19580606', '13588880001')]);
    const personId = fam.members[0].personId;
    data(await t.call(WORKER, 'staff', 'startIsolation', { personId, kind: 'home_isolation', startDate: today(), plannedDays: 14, reason: '密接' }));
    data(await t.call('o_wb_fever', 'checkin', 'submit', { personId, temperature: 38.4, symptoms: ['cough'] }));
    const [alert] = data(await worker.call('staff', 'queue', { search: '褚大爷', kind: 'checkin_alert' })).items;
    expect(alert).toMatchObject({ kind: 'checkin_alert', priority: 'urgent', personName: '褚大爷', address: '祥云一区 3号楼 1单元 1201' });
    expect(data(await worker.call('staff', 'queue', { search: '0001', kind: 'checkin_alert' })).items.map((i) => i.itemId)).toEqual([alert.itemId]);
    const detail = detailOf(data(await worker.call('staff', 'item', { itemId: alert.itemId })), 'checkin_alert');
    expect(detail.address).toBe('祥云一区 3号楼 1单元 1201');
    expect(detail.persons).toEqual([
      expect.objectContaining({ personId, name: '褚大爷', phoneMasked: '135****0001', status: 'home_isolation' }),
    ]);
    expect(data(await worker.call('staff', 'call', { itemId: alert.itemId, personId }))).toEqual({ phone: '13588880001' });
    // the roster calls them by their full name too
    const roster = data(await worker.call('staff', 'roster', {}));
    expect(roster.items.find((e) => e.personId === personId)?.personName).toBe('褚大爷');
  });
});

describe('办结 with an outcome note', () => {
  it('records the note on completion, and the resident reads it in the timeline', async () => {
    const req = data(
      await t.call('o_wb_wang', 'request', 'create', {
        clientRequestId: requestId(),
        personId: wang.members[0].personId,
        urgency: 'normal',
        details: { kind: 'medicine', drug: '降压药', quantity: '1盒' },
      }),
    );
    const item = await itemOf(req.requestId);
    data(await worker.call('staff', 'requestAction', { itemId: item._id, action: 'accept' }));
    data(await worker.call('staff', 'requestAction', { itemId: item._id, action: 'complete', note: '药已放在门口，请开门取' }));
    const seen = data(await t.call('o_wb_wang', 'request', 'detail', { requestId: req.requestId }));
    expect(seen.timeline.map((e) => [e.to, e.note])).toEqual([
      ['submitted', undefined],
      ['accepted', undefined],
      ['done', '药已放在门口，请开门取'],
    ]);
  });
});
