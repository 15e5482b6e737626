/** request.* and the recurring-transport scheduler against the local cloud. */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { RequestDoc } from '../../src/domain/requests';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import type { ReportReceipt } from '../../src/domain/contracts';

let t: TestCloud;
let alice: ReportReceipt; // household of o_req_alice
let bob: ReportReceipt; // household of o_req_bob
const ALICE = 'o_req_alice';
const BOB = 'o_req_bob';

async function file(openid: string, room: string, seed: number): Promise<ReportReceipt> {
  const res = await t.call(openid, 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room, members: familyOfThree(seed) }));
  if (!res.ok) throw new Error(res.message);
  return res.data;
}

const inHours = (h: number, from = new Date()) => new Date(from.getTime() + h * 3600_000).toISOString();

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY }); // concurrent calls interleave as on CloudBase
  alice = await file(ALICE, '101', 61);
  bob = await file(BOB, '102', 62);
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('request.create', () => {
  it('files a supplies request with one queue item due by the normal SLA', async () => {
    const res = await t.call(ALICE, 'request', 'create', {
      clientRequestId: requestId(),
      personId: alice.members[0].personId,
      urgency: 'normal',
      details: {
        kind: 'supplies',
        items: [
          { name: '大米', quantity: 1, unit: '袋' },
          { name: '鸡蛋', quantity: 30, unit: '个' },
        ],
      },
    });
    if (!res.ok) throw new Error(res.message);
    expect(res.data.status).toBe('submitted');
    expect(res.data.timeline).toHaveLength(1);
    const items = await rows<QueueItemDoc>(
      getDb().collection(Collections.queueItems).where({ refId: res.data.requestId, kind: 'request' }),
    );
    expect(items).toHaveLength(1);
    expect(items[0].priority).toBe(2);
    expect(items[0].dueAt.getTime() - new Date(res.data.createdAt).getTime()).toBe(24 * 3600_000);
    expect(items[0].summary).not.toContain(alice.members[0].name);
  });

  it('gives an emergency a 10-minute due time and alerts the grid worker', async () => {
    const res = await t.call(ALICE, 'request', 'create', {
      clientRequestId: requestId(),
      personId: alice.members[1].personId,
      urgency: 'emergency',
      details: { kind: 'other', description: '孕妇夜间持续呕吐' },
    });
    if (!res.ok) throw new Error(res.message);
    expect(new Date(res.data.dueAt).getTime() - new Date(res.data.createdAt).getTime()).toBe(10 * 60_000);
    const outbox = await rows<{ template: string; toOpenid: string }>(
      getDb().collection(Collections.notifications).where({ toOpenid: 'o_local_worker_1' }),
    );
    expect(outbox.some((n) => n.template === 'requestAlert')).toBe(true);
  });

  it('computes the due time across midnight in Asia/Shanghai', async () => {
    // 23:30 in Shanghai (15:30 UTC): an urgent request is due at 00:30 the next Shanghai day
    setClock({ at: new Date('2026-11-23T15:30:00Z') });
    try {
      const res = await t.call(ALICE, 'request', 'create', {
        clientRequestId: requestId(),
        personId: alice.members[0].personId,
        urgency: 'urgent',
        details: { kind: 'medicine', drug: '奥氮平片', quantity: '2盒' },
      });
      if (!res.ok) throw new Error(res.message);
      expect(res.data.dueAt).toBe('2026-11-23T16:30:00.000Z');
    } finally {
      setClock({ at: null });
    }
  });

  it('refuses a person outside the household and writes nothing', async () => {
    const before = await t.counts();
    const res = await t.call(ALICE, 'request', 'create', {
      clientRequestId: requestId(),
      personId: bob.members[0].personId,
      urgency: 'normal',
      details: { kind: 'other', description: '帮忙' },
    });
    expect(res).toMatchObject({ ok: false, code: 'PERSON_NOT_IN_HOUSEHOLD' });
    expect(await t.counts()).toEqual(before);
  });

  it.each([
    ['an unknown kind', { kind: 'taxi' }, 'INVALID_ENUM'],
    ['an empty item list', { kind: 'supplies', items: [] }, 'REQUEST_ITEMS_EMPTY'],
    [
      '200 items',
      { kind: 'supplies', items: Array.from({ length: 200 }, (_, i) => ({ name: `物品${i}`, quantity: 1 })) },
      'REQUEST_ITEMS_TOO_MANY',
    ],
    ['a pick-up time in the past', { kind: 'transport', reason: '复诊', hospital: '市一院', pickupAt: inHours(-2) }, 'PICKUP_IN_PAST'],
    ['a 200 KB payload', { kind: 'other', description: 'x'.repeat(200 * 1024) }, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with a clear error and writes nothing', async (_label, details, code) => {
    const before = await t.counts();
    const res = await t.call(ALICE, 'request', 'create', {
      clientRequestId: requestId(),
      personId: alice.members[0].personId,
      urgency: 'normal',
      details,
    });
    expect(res).toMatchObject({ ok: false, code });
    if (!res.ok) expect(res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await t.counts()).toEqual(before);
  });

  it('is idempotent on the client request id', async () => {
    const payload = {
      clientRequestId: requestId(),
      personId: alice.members[0].personId,
      urgency: 'normal' as const,
      details: { kind: 'other' as const, description: '代缴电费' },
    };
    const first = await t.call(ALICE, 'request', 'create', payload);
    const before = await t.counts();
    const again = await t.call(ALICE, 'request', 'create', payload);
    expect(first.ok && again.ok && again.data.replayed && again.data.requestId === first.data.requestId).toBe(true);
    expect(await t.counts()).toEqual(before);
  });
});

describe('request.cancel', () => {
  it('lets the resident cancel before acceptance, closing the queue item', async () => {
    const created = await t.call(BOB, 'request', 'create', {
      clientRequestId: requestId(),
      personId: bob.members[0].personId,
      urgency: 'normal',
      details: { kind: 'other', description: '帮忙取快递' },
    });
    if (!created.ok) throw new Error(created.message);
    const cancelled = await t.call(BOB, 'request', 'cancel', { requestId: created.data.requestId });
    if (!cancelled.ok) throw new Error(cancelled.message);
    expect(cancelled.data.status).toBe('cancelled');
    expect(cancelled.data.timeline.map((e) => e.to)).toEqual(['submitted', 'cancelled']);
    const items = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId: created.data.requestId }));
    expect(items[0].status).toBe('closed');

    const again = await t.call(BOB, 'request', 'cancel', { requestId: created.data.requestId });
    expect(again).toMatchObject({ ok: false, code: 'REQUEST_TRANSITION_INVALID' });
  });

  it("refuses to cancel another household's request, without revealing it", async () => {
    const created = await t.call(BOB, 'request', 'create', {
      clientRequestId: requestId(),
      personId: bob.members[0].personId,
      urgency: 'normal',
      details: { kind: 'other', description: '帮忙' },
    });
    if (!created.ok) throw new Error(created.message);
    const res = await t.call(ALICE, 'request', 'cancel', { requestId: created.data.requestId });
    expect(res).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const doc = await rows<RequestDoc>(getDb().collection(Collections.requests).where({ _id: created.data.requestId }));
    expect(doc[0].status).toBe('submitted');
  });
});

describe('recurring transport', () => {
  it('creates the next occurrence ahead of time, once per slot even when the trigger runs twice', async () => {
    const start = new Date('2026-12-01T00:30:00Z'); // 08:30 in Shanghai
    setClock({ at: new Date('2026-11-30T02:00:00Z') });
    try {
      const created = await t.call(ALICE, 'request', 'create', {
        clientRequestId: requestId(),
        personId: alice.members[0].personId,
        urgency: 'urgent',
        details: {
          kind: 'transport',
          reason: '血液透析',
          hospital: '市第一医院',
          pickupAt: start.toISOString(),
          companions: 1,
          recurrence: { everyDays: 2, until: '2026-12-05' },
        },
      });
      if (!created.ok) throw new Error(created.message);
      const occurrences = async () =>
        (
          await rows<RequestDoc>(
            getDb().collection(Collections.requests).where({ householdId: alice.householdId, kind: 'transport' }).limit(100),
          )
        ).map((r) => (r.details.kind === 'transport' ? r.details.pickupAt : ''));
      expect(await occurrences()).toHaveLength(1);

      // 2 Dec 09:00 Shanghai: the 3 Dec trip is within 24 h
      setClock({ at: new Date('2026-12-02T01:00:00Z') });
      await t.cloud.fireTimer('scheduler');
      await t.cloud.fireTimer('scheduler');
      await Promise.all([t.cloud.fireTimer('scheduler'), t.cloud.fireTimer('scheduler')]);
      expect((await occurrences()).sort()).toEqual(['2026-12-01T00:30:00.000Z', '2026-12-03T00:30:00.000Z']);

      setClock({ at: new Date('2026-12-04T01:00:00Z') });
      await t.cloud.fireTimer('scheduler');
      const all = ['2026-12-01T00:30:00.000Z', '2026-12-03T00:30:00.000Z', '2026-12-05T00:30:00.000Z'];
      expect((await occurrences()).sort()).toEqual(all);

      // 5 Dec was the last day: the schedule is finished and nothing more is created
      setClock({ at: new Date('2026-12-08T01:00:00Z') });
      await t.cloud.fireTimer('scheduler');
      expect((await occurrences()).sort()).toEqual(all);
      const schedules = await rows<{ active: boolean }>(
        getDb().collection(Collections.requestSchedules).where({ householdId: alice.householdId }),
      );
      expect(schedules.map((s) => s.active)).toEqual([false]);
    } finally {
      setClock({ at: null });
    }
  });

  it('refuses a timer call that comes from a client', async () => {
    const res = await t.cloud.invoke('scheduler', { Type: 'Timer' }, ALICE);
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
