/**
 * Races on batch rows in the local cloud's latency mode (every database request answered after
 * 0–3 ms, so concurrent calls interleave): two workers 纳管 the same unknown person at once, two
 * workers close the same row at once, a household's rows closed while another worker closes one.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows as readRows } from '../common/db';
import type { BatchRowDoc, BatchRowView } from '../../src/domain/batches';
import type { HouseholdDoc, PersonDoc, ReportDoc } from '../../src/domain/household';
import type { IsolationDoc } from '../../src/domain/checkins';
import { PERSONAS } from '../../localcloud/personas';
import { idCard } from '../../tests/support/people';
import { runToEnd, uploadList, xlsxOf } from '../../tests/support/batches';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { personIdOf } from './model';

const ADMIN = PERSONAS.admin.openid; // the community's admin: their scope covers every grid
const WORKER = PERSONAS.worker.openid;

let t: TestCloud;
const HEADERS = ['姓名', '身份证号码', '联系电话', '现住址'];
const WU = idCard('19750505', 51);
const today = () => new Date().toISOString().slice(0, 10);
const isolation = { kind: 'home_isolation' as const, startDate: today(), plannedDays: 14, reason: '上级核查' };
const filing = { unit: '1单元', room: '201', informed: true };

function ok<T>(r: { ok: true; data: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code} ${r.message}`);
  return r.data;
}

async function batchOf(subject: string, list: string[][]): Promise<Map<string, BatchRowView>> {
  const fileId = await uploadList(t, ADMIN, await xlsxOf(HEADERS, list), 'xlsx');
  let view = ok(
    await t.call(ADMIN, 'batch', 'upload', {
      fileId,
      source: '区指挥部',
      subject,
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  );
  if (view.status === 'mapping')
    view = ok(await t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping }));
  view = await runToEnd(t, ADMIN, view);
  ok(await t.call(ADMIN, 'batch', 'dispatch', { batchId: view.batchId }));
  const rows = ok(await t.call(ADMIN, 'batch', 'rows', { batchId: view.batchId, state: 'dispatched' })).items;
  return new Map(rows.map((r) => [r.name, r]));
}

const db = () => getDb();
const stored = async (rowId: string) => (await readRows<BatchRowDoc>(db().collection(Collections.batchRows).where({ _id: rowId })))[0];
const audits = async (id: string, action: string) =>
  (await readRows<{ action: string }>(db().collection(Collections.auditLog).where({ 'target.id': id, action }).limit(50))).length;

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY });
});
afterAll(() => t.stop());

it('two workers 纳管 the same unknown person from rows of two batches at once: one person, one household, one report, one isolation', async () => {
  // two lists that say it differently (the same file twice would be one import)
  const a = (await batchOf('机场专项', [['吴九', WU, '13900009999', '祥云一区3号楼1单元201']])).get('吴九')!;
  const b = (await batchOf('高铁专项', [['吴九', WU, '', '祥云一区三号楼一单元201室']])).get('吴九')!;
  expect(b.rowId).not.toBe(a.rowId);
  const before = await t.counts();
  const results = await Promise.all([
    t.call(WORKER, 'batch', 'outcome', { rowId: a.rowId, outcome: 'managed', isolation, filing }),
    t.call(ADMIN, 'batch', 'outcome', { rowId: b.rowId, outcome: 'managed', isolation, filing }),
  ]);
  expect(results.map((r) => (r.ok ? true : `${r.code} ${r.message}`))).toEqual([true, true]);
  const after = await t.counts();
  expect(after[Collections.persons] - before[Collections.persons]).toBe(1);
  expect(after[Collections.households] - before[Collections.households]).toBe(1);
  expect(after[Collections.reports] - before[Collections.reports]).toBe(1);
  expect(after[Collections.isolations] - before[Collections.isolations]).toBe(1);
  const personId = personIdOf('id_card', WU);
  const [person] = await readRows<PersonDoc>(db().collection(Collections.persons).where({ _id: personId }));
  const [household] = await readRows<HouseholdDoc>(db().collection(Collections.households).where({ _id: person.householdId! }));
  expect(household.personIds).toEqual([personId]);
  const isolations = await readRows<IsolationDoc>(db().collection(Collections.isolations).where({ personId }));
  expect(isolations).toHaveLength(1);
  // both rows name the person and the one isolation
  for (const r of [await stored(a.rowId), await stored(b.rowId)]) {
    expect(r).toMatchObject({
      state: 'closed',
      person: { personId, householdId: household._id },
      outcome: { kind: 'managed', isolationId: isolations[0]._id },
    });
  }
  const [report] = await readRows<ReportDoc>(db().collection(Collections.reports).where({ householdId: household._id }));
  expect(await audits(report._id, 'proxy_report')).toBe(1);
  expect(await audits(isolations[0]._id, 'isolation_start')).toBe(1);
});

it('ten concurrent closes of one row (纳管 and 查无此人 mixed): exactly one goes through, the others are refused and wrote nothing', async () => {
  const rows = await batchOf('冷链专项', [['郑十', idCard('19760606', 52), '13900001010', '祥云一区3号楼1单元202']]);
  const rowId = rows.get('郑十')!.rowId;
  const before = await t.counts();
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? t.call(i % 4 === 0 ? WORKER : ADMIN, 'batch', 'outcome', {
            rowId,
            outcome: 'managed',
            isolation,
            filing: { ...filing, room: '202' },
          })
        : t.call(i % 4 === 1 ? WORKER : ADMIN, 'batch', 'outcomeRows', { rowIds: [rowId], outcome: 'not_found' }),
    ),
  );
  const wins = results.filter((r) => r.ok && (!('results' in r.data) || (r.data as { done: number }).done === 1));
  expect(wins).toHaveLength(1);
  for (const r of results) {
    if (r === wins[0]) continue;
    if (r.ok) expect((r.data as { results: Array<{ code: string }> }).results[0].code).toMatch(/^BATCH_ROW_(BUSY|CLOSED)$/);
    else expect(r.code).toMatch(/^BATCH_ROW_(BUSY|STATE)$/);
  }
  const row = await stored(rowId);
  expect(row.state).toBe('closed');
  expect(row.closing).toBeUndefined();
  expect(await audits(rowId, 'batch_outcome')).toBe(1);
  const after = await t.counts();
  // 纳管 won: one person filed and isolated; 查无此人 won: nothing filed
  const managed = row.outcome!.kind === 'managed';
  expect(after[Collections.persons] - before[Collections.persons]).toBe(managed ? 1 : 0);
  expect(after[Collections.isolations] - before[Collections.isolations]).toBe(managed ? 1 : 0);
});

it('a household’s rows closed together while another worker closes one of them: each row closed once, by one of them', async () => {
  for (let round = 0; round < 5; round++) {
    const names = [`钱${round}甲`, `钱${round}乙`, `钱${round}丙`];
    const rows = await batchOf(
      `家庭专项${round}`,
      names.map((n, i) => [n, idCard('19800101', 60 + round * 3 + i), '', `祥云一区3号楼1单元${301 + round}`]),
    );
    const ids = names.map((n) => rows.get(n)!.rowId);
    const [together, alone] = await Promise.all([
      t.call(WORKER, 'batch', 'outcomeRows', { rowIds: ids, outcome: 'left', note: '全家已搬走' }),
      t.call(ADMIN, 'batch', 'outcome', { rowId: ids[1], outcome: 'not_found' }),
    ]);
    const many = ok(together);
    const byRow = new Map(many.results.map((r) => [r.rowId, r]));
    expect(byRow.get(ids[0])!.ok && byRow.get(ids[2])!.ok).toBe(true);
    const middle = await stored(ids[1]);
    // exactly one of the two wrote the middle row, and its answer says so
    expect(byRow.get(ids[1])!.ok).toBe(!alone.ok);
    expect(middle.outcome!.kind).toBe(alone.ok ? 'not_found' : 'left');
    expect(await audits(ids[1], 'batch_outcome')).toBe(1);
    for (const id of ids) expect((await stored(id)).closing).toBeUndefined();
  }
});

it('two workers 纳管 overlapping selections of one room at once: each person once, in one household, under one isolation; each row closed once', async () => {
  for (let round = 0; round < 4; round++) {
    const names = [`孙${'甲乙丙丁'[round]}一`, `孙${'甲乙丙丁'[round]}二`];
    const ids = [idCard('19850101', 80 + round * 2), idCard('19850101', 81 + round * 2)];
    const rows = await batchOf(
      `同室专项${round}`,
      names.map((n, i) => [n, ids[i], '', `祥云一区3号楼1单元${5 + round}01`]),
    );
    const [a, b] = names.map((n) => rows.get(n)!.rowId);
    const room = { ...filing, room: `${5 + round}01` };
    const answers = await Promise.all([
      t.call(WORKER, 'batch', 'outcomeRows', { rowIds: [a, b], outcome: 'managed', isolation, filing: room }),
      t.call(ADMIN, 'batch', 'outcomeRows', { rowIds: [b], outcome: 'managed', isolation, filing: room }),
    ]);
    // each row done by exactly one of them; the other is told it is being closed, or closed
    const results = answers.flatMap((r) => ok(r).results);
    expect(
      results
        .filter((r) => r.ok)
        .map((r) => r.rowId)
        .sort(),
    ).toEqual([a, b].sort());
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ code: expect.stringMatching(/^BATCH_ROW_(BUSY|CLOSED)$/) });
    const personIds = ids.map((n) => personIdOf('id_card', n));
    const persons = await readRows<PersonDoc>(
      db()
        .collection(Collections.persons)
        .where({ _id: db().command.in(personIds) }),
    );
    expect(persons).toHaveLength(2);
    for (const p of persons) {
      expect(p.householdId).toBeTruthy();
      expect(await readRows<IsolationDoc>(db().collection(Collections.isolations).where({ personId: p._id }))).toHaveLength(1);
    }
    for (const id of [a, b]) {
      const r = await stored(id);
      expect(r).toMatchObject({ state: 'closed', outcome: { kind: 'managed' } });
      expect(r.closing).toBeUndefined();
      expect(await audits(id, 'batch_outcome')).toBe(1);
      expect(persons.find((p) => p._id === r.person!.personId)?.householdId).toBe(r.person!.householdId);
    }
  }
});

it('two workers 纳管 two new persons of one room from two rows at once: one household for the room holding both; a retry writes nothing', async () => {
  for (let round = 0; round < 3; round++) {
    const names = [`冯${'甲乙丙'[round]}一`, `冯${'甲乙丙'[round]}二`];
    const ids = [idCard('19880101', 90 + round * 2), idCard('19880101', 91 + round * 2)];
    const roomName = `${9 + round}02`;
    const rows = await batchOf(
      `同室新人${round}`,
      names.map((n, i) => [n, ids[i], '', `祥云一区3号楼1单元${roomName}`]),
    );
    const [a, b] = names.map((n) => rows.get(n)!.rowId);
    const room = { ...filing, room: roomName };
    const before = await t.counts();
    const answers = await Promise.all([
      t.call(WORKER, 'batch', 'outcome', { rowId: a, outcome: 'managed', isolation, filing: room }),
      t.call(ADMIN, 'batch', 'outcome', { rowId: b, outcome: 'managed', isolation, filing: room }),
    ]);
    expect(answers.map((r) => (r.ok ? true : `${r.code} ${r.message}`))).toEqual([true, true]);
    const personIds = ids.map((n) => personIdOf('id_card', n));
    const persons = await readRows<PersonDoc>(
      db()
        .collection(Collections.persons)
        .where({ _id: db().command.in(personIds) }),
    );
    expect(persons).toHaveLength(2);
    const [first] = await readRows<HouseholdDoc>(db().collection(Collections.households).where({ _id: persons[0].householdId! }));
    const inRoom = await readRows<HouseholdDoc>(
      db().collection(Collections.households).where({ placePath: first.buildingId, unit: '1单元', room: roomName }),
    );
    expect(inRoom).toHaveLength(1);
    // both persons are filed into the room's one household, and it lists both
    expect(persons.every((p) => p.householdId === inRoom[0]._id)).toBe(true);
    expect([...(inRoom[0].personIds ?? [])].sort()).toEqual([...personIds].sort());
    for (const id of [a, b])
      expect(await stored(id)).toMatchObject({ state: 'closed', person: { householdId: inRoom[0]._id }, outcome: { kind: 'managed' } });
    const after = await t.counts();
    expect(after[Collections.households] - before[Collections.households]).toBe(1);
    expect(after[Collections.isolations] - before[Collections.isolations]).toBe(2);

    // the same outcome again (a phone retrying a lost answer): refused as closed, nothing written
    const retry = await t.call(WORKER, 'batch', 'outcome', { rowId: a, outcome: 'managed', isolation, filing: room });
    expect(retry).toMatchObject({ ok: false, code: 'BATCH_ROW_STATE' });
    const again = await t.counts();
    for (const c of [Collections.persons, Collections.households, Collections.reports, Collections.isolations])
      expect(again[c]).toBe(after[c]);
    expect(await audits(a, 'batch_outcome')).toBe(1);
  }
});
