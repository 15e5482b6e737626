/**
 * Isolation, check-ins and their alerts with a controllable clock (Asia/Shanghai slots: before
 * 10:00 and before 18:00 by default).
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
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
    expect(entry.personName).not.toBe(household.members[0].name);

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
