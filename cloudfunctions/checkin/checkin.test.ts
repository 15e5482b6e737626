/**
 * Isolation, check-ins and their alerts with a controllable clock (Asia/Shanghai slots: before
 * 10:00 and before 18:00 by default).
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
import type { CheckinDoc } from '../../src/domain/checkins';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { AuditEntryDoc } from '../../src/domain/audit';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport } from '../../tests/support/people';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import type { ReportReceipt } from '../../src/domain/contracts';

let t: TestCloud;
const WORKER = PERSONAS.worker.openid;
const RESIDENT = 'o_ci_resident';
let household: ReportReceipt;

/** Shanghai wall-clock time → instant */
const at = (local: string) => new Date(`${local}+08:00`);

async function alerts(personId: string): Promise<QueueItemDoc[]> {
  return rows<QueueItemDoc>(
    getDb().collection(Collections.queueItems).where({ kind: 'checkin_alert', householdId: household.householdId }).limit(1000),
  ).then((items) => items.filter((i) => i.refId.includes(personId)));
}

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY }); // concurrent calls interleave as on CloudBase
  setClock({ at: at('2026-12-01T08:00:00') });
  const res = await t.call(
    RESIDENT,
    'report',
    'submit',
    householdReport(t.cloud.demo!.buildingId, { room: '401', members: familyOfThree(111) }),
  );
  if (!res.ok) throw new Error(res.message);
  household = res.data;
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('isolation lifecycle and check-ins', () => {
  let isolationId: string;

  it('a worker starts home isolation; the resident must check in for that person only', async () => {
    const person = household.members[0];
    const started = await t.call(WORKER, 'staff', 'startIsolation', {
      personId: person.personId,
      kind: 'home_isolation',
      startDate: '2026-12-01',
      plannedDays: 3,
      reason: '密接，居家隔离',
    });
    if (!started.ok) throw new Error(started.message);
    isolationId = started.data.isolationId;
    expect(started.data).toMatchObject({ startDate: '2026-12-01', endDate: '2026-12-03', status: 'active' });
    expect(
      await t.call(WORKER, 'staff', 'startIsolation', {
        personId: person.personId,
        kind: 'home_isolation',
        startDate: '2026-12-01',
        plannedDays: 3,
        reason: '重复',
      }),
    ).toMatchObject({ ok: false, code: 'ISOLATION_ACTIVE' });

    const today = await t.call(RESIDENT, 'checkin', 'today', {});
    if (!today.ok) throw new Error(today.message);
    expect(today.data.persons.map((p) => p.personId)).toEqual([person.personId]);
    expect(today.data.persons[0].slots.map((s) => s.state)).toEqual(['pending', 'pending']);
    // another member is not under isolation
    expect(
      await t.call(RESIDENT, 'checkin', 'submit', { personId: household.members[1].personId, temperature: 36.5, symptoms: [] }),
    ).toMatchObject({ ok: false, code: 'CHECKIN_NOT_EXPECTED' });
  });

  it('reminds a subscribed household once before the slot closes', async () => {
    expect(await t.call(RESIDENT, 'checkin', 'subscribe', { enabled: true })).toEqual({ ok: true, data: { enabled: true } });
    setClock({ at: at('2026-12-01T09:05:00') });
    await t.cloud.fireTimer('scheduler');
    await t.cloud.fireTimer('scheduler');
    const outbox = await rows<{ template: string; data: Record<string, string> }>(
      getDb().collection(Collections.notifications).where({ toOpenid: RESIDENT }),
    );
    expect(outbox.filter((n) => n.template === 'checkinReminder').map((n) => n.data.slot)).toEqual(['2026-12-01 上午']);
  });

  it('one check-in per slot: a later one corrects it; 37.2 is fine, 37.3 is a fever and raises an urgent item at once', async () => {
    const personId = household.members[0].personId;
    setClock({ at: at('2026-12-01T08:30:00') });
    const first = await t.call(RESIDENT, 'checkin', 'submit', { personId, temperature: 37.2, symptoms: [] });
    expect(first.ok && first.data).toMatchObject({ slot: 'am', alarming: false, corrected: false, late: false });
    expect(await alerts(personId)).toHaveLength(0);

    setClock({ at: at('2026-12-01T09:10:00') });
    const again = await t.call(RESIDENT, 'checkin', 'submit', { personId, temperature: 37.3, symptoms: [] });
    expect(again.ok && again.data).toMatchObject({ slot: 'am', alarming: true, corrected: true });
    const items = await alerts(personId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ priority: 1, status: 'open' });
    expect(items[0].title).toContain('打卡异常');
    const checkins = await rows(getDb().collection(Collections.checkins).where({ personId }));
    expect(checkins).toHaveLength(1);

    // a further correction updates the open alert to the latest reading
    setClock({ at: at('2026-12-01T09:20:00') });
    await t.call(RESIDENT, 'checkin', 'submit', { personId, temperature: 38.1, symptoms: ['cough'] });
    const [updated] = await alerts(personId);
    expect(updated.summary).toContain('38.1℃');
    expect(updated.summary).toContain('咳嗽');
  });

  it('raises a missing item when a slot closes without a check-in, once however often the job runs, and a late check-in closes it', async () => {
    const personId = household.members[0].personId;
    setClock({ at: at('2026-12-01T18:05:00') });
    await t.cloud.fireTimer('scheduler');
    await t.cloud.fireTimer('scheduler');
    await Promise.all([t.cloud.fireTimer('scheduler'), t.cloud.fireTimer('scheduler')]);
    const missing = (await alerts(personId)).filter((i) => i._id.startsWith('q_miss_'));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ priority: 2, status: 'open' });
    expect(missing[0].summary).toContain('下午');

    const roster = await t.call(WORKER, 'staff', 'roster', { date: '2026-12-01' });
    if (!roster.ok) throw new Error(roster.message);
    const entry = roster.data.items.find((r) => r.personId === personId)!;
    expect(entry.slots.map((s) => s.state)).toEqual(['fever', 'missing']);

    setClock({ at: at('2026-12-01T19:30:00') });
    const late = await t.call(RESIDENT, 'checkin', 'submit', { personId, temperature: 36.6, symptoms: [] });
    expect(late.ok && late.data).toMatchObject({ slot: 'pm', late: true, alarming: false });
    const after = (await alerts(personId)).find((i) => i._id === missing[0]._id)!;
    expect(after.status).toBe('closed');
  });

  it('handles days across midnight: the job after midnight still sees yesterday evening, and today is a new day', async () => {
    const personId = household.members[0].personId;
    setClock({ at: at('2026-12-02T00:05:00') });
    await t.cloud.fireTimer('scheduler');
    // nothing new: yesterday's pm was checked in late; today's slots have not closed
    expect((await alerts(personId)).filter((i) => i.status === 'open' && i._id.startsWith('q_miss_'))).toHaveLength(0);
    const today = await t.call(RESIDENT, 'checkin', 'today', {});
    expect(today.ok && today.data.date).toBe('2026-12-02');
    expect(today.ok && today.data.persons[0].slots.map((s) => s.state)).toEqual(['pending', 'pending']);
  });

  it('extends, then ends early mid-day with a reason: slots after the end are not expected', async () => {
    const personId = household.members[0].personId;
    const extended = await t.call(WORKER, 'staff', 'extendIsolation', { isolationId, days: 2 });
    expect(extended.ok && extended.data.endDate).toBe('2026-12-05');
    // the morning slot of the 2nd is missed
    setClock({ at: at('2026-12-02T10:05:00') });
    await t.cloud.fireTimer('scheduler');
    const missedMorning = (await alerts(personId)).filter((i) => i.status === 'open' && i._id.startsWith('q_miss_'));
    expect(missedMorning.map((i) => i.summary)).toEqual([expect.stringContaining('2026-12-02 上午')]);

    setClock({ at: at('2026-12-02T12:00:00') });
    expect(await t.call(WORKER, 'staff', 'endIsolation', { isolationId })).toMatchObject({ ok: false, code: 'NOTE_REQUIRED' });
    const ended = await t.call(WORKER, 'staff', 'endIsolation', { isolationId, reason: '核酸阴性，经评估解除' });
    expect(ended.ok && ended.data.status).toBe('ended');
    expect(ended.ok && ended.data.timeline.map((e) => e.action)).toEqual(['start', 'extend', 'end']);
    // the audit log names what happened (not a role change)
    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': isolationId }));
    expect(audit.map((a) => a.action).sort()).toEqual(['isolation_end', 'isolation_extend', 'isolation_start']);
    expect(audit.find((a) => a.action === 'isolation_end')?.reason).toBe('early: 核酸阴性，经评估解除');
    // released: the open "missing" item is closed, and the afternoon slot is not expected
    setClock({ at: at('2026-12-02T18:30:00') });
    await t.cloud.fireTimer('scheduler');
    expect((await alerts(personId)).filter((i) => i.status === 'open' && i._id.startsWith('q_miss_'))).toHaveLength(0);
    expect(await t.call(RESIDENT, 'checkin', 'submit', { personId, temperature: 36.5, symptoms: [] })).toMatchObject({
      ok: false,
      code: 'CHECKIN_NOT_EXPECTED',
    });
    const today = await t.call(RESIDENT, 'checkin', 'today', {});
    expect(today.ok && today.data.persons).toEqual([]);
  });

  it.each([
    ['temperature 50', { temperature: 50 }, 'TEMPERATURE_RANGE'],
    ['a symptom not in the list', { temperature: 36.5, symptoms: ['headache'] }, 'INVALID_ENUM'],
    ['a person of another household', { temperature: 36.5, personId: 'p_nobody' }, 'CHECKIN_NOT_EXPECTED'],
  ])('refuses %s and writes nothing', async (_label, override, code) => {
    const before = await t.counts();
    const res = await t.call(RESIDENT, 'checkin', 'submit', { personId: household.members[0].personId, symptoms: [], ...override });
    expect(res).toMatchObject({ ok: false, code });
    expect(await t.counts()).toEqual(before);
  });

  it('lets a worker acknowledge a fever alert', async () => {
    const fever = (await alerts(household.members[0].personId)).find((i) => i._id.startsWith('q_fever_'))!;
    const res = await t.call(WORKER, 'staff', 'acknowledge', { itemId: fever._id, note: '已电话联系，体温复测正常' });
    expect(res.ok && res.data.item.status).toBe('closed');
  });
});

/**
 * 随时上报: a fever is reported whenever it comes, and the slots only decide what counts as missing.
 * A person isolated at 13:00 on their first day (the morning closed before that), then a
 * community whose morning opens at 07:00.
 */
describe('off-slot readings (随时上报)', () => {
  const OTHER = 'o_ci_resident_offslot';
  const DAY = '2026-12-10';
  let personId = '';
  let householdId = '';

  const today = async () => {
    const res = await t.call(OTHER, 'checkin', 'today', {});
    if (!res.ok) throw new Error(res.message);
    return res.data.persons[0];
  };
  const submit = (temperature: number, symptoms: string[] = []) => t.call(OTHER, 'checkin', 'submit', { personId, temperature, symptoms });
  const feverItems = async () =>
    (await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ kind: 'checkin_alert', householdId }).limit(100))).filter(
      (i) => i._id.startsWith('q_fever_'),
    );

  beforeAll(async () => {
    setClock({ at: at(`${DAY}T12:30:00`) });
    const filed = await t.call(
      OTHER,
      'report',
      'submit',
      householdReport(t.cloud.demo!.buildingId, { room: '402', members: familyOfThree(112) }),
    );
    if (!filed.ok) throw new Error(filed.message);
    personId = filed.data.members[0].personId;
    householdId = filed.data.householdId;
    setClock({ at: at(`${DAY}T13:00:00`) });
    const started = await t.call(WORKER, 'staff', 'startIsolation', {
      personId,
      kind: 'home_isolation',
      startDate: DAY,
      plannedDays: 7,
      reason: '密接，居家隔离',
    });
    if (!started.ok) throw new Error(started.message);
  });

  it('between slots on the first day: the afternoon waits with its opening time, no slot is current, a normal reading is kept without filling it', async () => {
    setClock({ at: at(`${DAY}T13:40:00`) });
    const before = await today();
    expect(before.slots.map((s) => [s.key, s.state, s.phase, s.current])).toEqual([
      ['am', 'not_expected', 'closed', false],
      ['pm', 'pending', 'upcoming', false],
    ]);
    expect(before.slots[1].opensAt).toBe(at(`${DAY}T14:00:00`).toISOString());

    const res = await submit(36.6);
    expect(res).toEqual({ ok: true, data: { date: DAY, slot: null, slotLabel: null, late: false, alarming: false, corrected: false } });
    const after = await today();
    expect(after.slots.map((s) => s.state)).toEqual(['not_expected', 'pending']);
    expect(after.offSlot).toEqual([{ at: at(`${DAY}T13:40:00`).toISOString(), temperature: 36.6, symptoms: [], alarming: false }]);
    const stored = await rows<CheckinDoc>(getDb().collection(Collections.checkins).where({ personId }));
    expect(stored.map((c) => [c._id.endsWith('_x134000'), c.slot, c.late])).toEqual([[true, null, false]]);
    expect(await feverItems()).toEqual([]);
  });

  it('a fever outside any slot raises one urgent item at once; more alarming readings while it is open update it', async () => {
    setClock({ at: at(`${DAY}T13:45:00`) });
    const fever = await submit(38.4, ['cough']);
    expect(fever.ok && fever.data).toMatchObject({ slot: null, alarming: true });
    let items = await feverItems();
    expect(items.map((i) => [i.priority, i.status, i.title])).toEqual([[1, 'open', expect.stringContaining('打卡异常')]]);
    expect(items[0].summary).toBe(`${DAY} 13:45 随时上报 · 体温 38.4℃、咳嗽`);

    setClock({ at: at(`${DAY}T13:50:00`) });
    await Promise.all([submit(38.6), t.call(OTHER, 'checkin', 'today', {})]);
    items = await feverItems();
    expect(items).toHaveLength(1);
    expect(items[0].summary).toBe(`${DAY} 13:50 随时上报 · 体温 38.6℃`);
    // the readings are all kept, latest first; none filled the afternoon
    const view = await today();
    expect(view.offSlot.map((r) => r.temperature)).toEqual([38.6, 38.4, 36.6]);
    expect(view.slots[1].state).toBe('pending');
    // the worker's roster shows them too, the fevers flagged
    const roster = await t.call(WORKER, 'staff', 'roster', { date: DAY });
    if (!roster.ok) throw new Error(roster.message);
    const entry = roster.data.items.find((r) => r.personId === personId)!;
    expect(entry.offSlot.map((r) => [r.temperature, r.alarming])).toEqual([
      [38.6, true],
      [38.4, true],
      [36.6, false],
    ]);
  });

  it('a later check-in in the afternoon slot still counts for it', async () => {
    setClock({ at: at(`${DAY}T14:10:00`) });
    const view = await today();
    expect(view.slots.map((s) => [s.key, s.phase, s.current])).toEqual([
      ['am', 'closed', false],
      ['pm', 'open', true],
    ]);
    const res = await submit(36.8);
    expect(res.ok && res.data).toEqual({ date: DAY, slot: 'pm', slotLabel: '下午', late: false, alarming: false, corrected: false });
    expect((await today()).slots.map((s) => [s.state, s.temperature])).toEqual([
      ['not_expected', undefined],
      ['done', 36.8],
    ]);
    // nothing went missing: the morning was never expected, the afternoon is in
    setClock({ at: at(`${DAY}T18:05:00`) });
    await t.cloud.fireTimer('scheduler');
    const missing = (
      await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ kind: 'checkin_alert', householdId }))
    ).filter((i) => i._id.startsWith('q_miss_'));
    expect(missing).toEqual([]);
  });

  it('after the last slot: a reading is off-slot and never overwrites the check-in made in time', async () => {
    setClock({ at: at(`${DAY}T19:30:00`) });
    const res = await submit(36.5);
    expect(res.ok && res.data).toMatchObject({ slot: null, late: false, corrected: false });
    const view = await today();
    expect(view.slots[1]).toMatchObject({ state: 'done', temperature: 36.8, current: false, phase: 'closed' });
    expect(view.offSlot[0]).toMatchObject({ temperature: 36.5 });
  });

  it('once a worker has handled the off-slot alert, a new fever raises a new one', async () => {
    const [handled] = await feverItems();
    expect(await t.call(WORKER, 'staff', 'acknowledge', { itemId: handled._id, note: '已电话联系' })).toMatchObject({ ok: true });
    setClock({ at: at(`${DAY}T20:00:00`) });
    await submit(38.0);
    const items = await feverItems();
    expect(items.map((i) => [i.status, i.summary]).sort()).toEqual([
      ['closed', `${DAY} 13:50 随时上报 · 体温 38.6℃`],
      ['open', `${DAY} 20:00 随时上报 · 体温 38.0℃`],
    ]);
  });

  describe('a community whose morning opens at 07:00', () => {
    const DAY2 = '2026-12-11';
    const SLOTS = [
      { key: 'am', label: '上午', opensAt: '07:00', closesAt: '10:00' },
      { key: 'pm', label: '下午', opensAt: '14:00', closesAt: '18:00' },
    ];
    beforeAll(async () => {
      await getDb()
        .collection(Collections.places)
        .doc(t.cloud.demo!.communityId)
        .update({ data: { checkinSlots: SLOTS } });
    });
    afterAll(async () => {
      await getDb()
        .collection(Collections.places)
        .doc(t.cloud.demo!.communityId)
        .update({ data: { checkinSlots: getDb().command.remove() } });
    });

    it('before the first slot opens: the morning says when it opens; a reading then does not fill it, one at 07:30 does', async () => {
      setClock({ at: at(`${DAY2}T06:30:00`) });
      const early = await today();
      expect(early.slots.map((s) => [s.key, s.state, s.phase, s.current])).toEqual([
        ['am', 'pending', 'upcoming', false],
        ['pm', 'pending', 'upcoming', false],
      ]);
      expect(early.slots[0].opensAt).toBe(at(`${DAY2}T07:00:00`).toISOString());
      expect((await submit(36.5)).ok && 'recorded').toBe('recorded');
      expect((await today()).slots[0].state).toBe('pending');

      setClock({ at: at(`${DAY2}T07:30:00`) });
      const inSlot = await submit(36.7);
      expect(inSlot.ok && inSlot.data).toMatchObject({ slot: 'am', late: false, corrected: false });
      const view = await today();
      expect(view.slots[0]).toMatchObject({ state: 'done', temperature: 36.7 });
      expect(view.offSlot.map((r) => r.temperature)).toEqual([36.5]);
    });

    it('between slots once the morning is in: off-slot, not a late correction of the morning', async () => {
      setClock({ at: at(`${DAY2}T12:00:00`) });
      const res = await submit(36.9);
      expect(res.ok && res.data).toMatchObject({ slot: null });
      expect((await today()).slots[0]).toMatchObject({ state: 'done', temperature: 36.7 });
    });
  });
});
