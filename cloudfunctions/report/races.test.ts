/**
 * Concurrency in the local cloud's latency mode: every database request is answered after a random
 * 0–3 ms, as CloudBase's network would, so concurrent calls interleave between their requests. Without
 * it the store answers synchronously and no race can show.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { HouseholdDoc, PersonDoc } from '../../src/domain/household';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { ReportReceipt } from '../../src/domain/contracts';
import { PERSONAS } from '../../localcloud/personas';
import { databaseLatency } from '../../localcloud/db/transport';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
let buildingId: string;

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY });
  buildingId = t.cloud.demo!.buildingId;
});
afterAll(() => t.stop());

const db = () => getDb();
const ownedBy = (openid: string) => rows<HouseholdDoc>(db().collection(Collections.households).where({ ownerOpenids: openid }));
const personsWith = (ids: string[]) =>
  rows<PersonDoc>(
    db()
      .collection(Collections.persons)
      .where({ _id: db().command.in(ids) }),
  );
const openVerify = (householdId: string) =>
  rows<QueueItemDoc>(db().collection(Collections.queueItems).where({ householdId, kind: 'verify_report', status: 'open' }));

function ok<T>(r: { ok: true; data: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code} ${r.message}`);
  return r.data;
}

it('runs in latency mode', () => {
  expect(databaseLatency()).toEqual({ min: 0, max: 3 });
});

describe('20 concurrent submissions of one household', () => {
  it('with different client request ids: one household, one person per ID, one open verify item', async () => {
    const members = familyOfThree(401);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.call('o_race_one', 'report', 'submit', householdReport(buildingId, { room: '301', members }))),
    );
    const receipts = results.map(ok);
    const households = await ownedBy('o_race_one');
    expect(households).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.householdId))).toEqual(new Set([households[0]._id]));
    const persons = await personsWith(receipts[0].members.map((m) => m.personId));
    expect(persons).toHaveLength(3);
    expect(persons.every((p) => p.householdId === households[0]._id)).toBe(true);
    expect(receipts.every((r) => r.members.every((m) => !m.pending))).toBe(true);
    const open = await openVerify(households[0]._id);
    expect(open).toHaveLength(1);
    // the household and its verify item end on the same, newest filing
    expect(open[0].refId).toBe(households[0].lastReportId);
  });

  it('with the same client request id: one report, and every answer is that report', async () => {
    const input = householdReport(buildingId, { room: '302', members: familyOfThree(402) });
    const before = await t.counts();
    const receipts = (await Promise.all(Array.from({ length: 20 }, () => t.call('o_race_retry', 'report', 'submit', input)))).map(ok);
    expect(new Set(receipts.map((r) => r.reportId)).size).toBe(1);
    const after = await t.counts();
    expect(after[Collections.reports] - before[Collections.reports]).toBe(1);
    expect(after[Collections.households] - before[Collections.households]).toBe(1);
    expect(after[Collections.persons] - before[Collections.persons]).toBe(3);
    expect(after[Collections.queueItems] - before[Collections.queueItems]).toBe(1);
  });

  it('from two residents with the same three ID numbers: one household each, each person in exactly one', async () => {
    const members = familyOfThree(403);
    const calls = Array.from({ length: 20 }, (_, i) =>
      t.call(i % 2 ? 'o_race_x' : 'o_race_y', 'report', 'submit', householdReport(buildingId, { room: i % 2 ? '401' : '402', members })),
    );
    const receipts = (await Promise.all(calls)).map(ok);
    const [x] = await ownedBy('o_race_x');
    const [y] = await ownedBy('o_race_y');
    expect(await ownedBy('o_race_x')).toHaveLength(1);
    expect(await ownedBy('o_race_y')).toHaveLength(1);
    expect(x._id).not.toBe(y._id);
    const persons = await personsWith(receipts[0].members.map((m) => m.personId));
    expect(persons).toHaveLength(3);
    // all three went to whichever household claimed them first; the other has them pending
    const winner = persons[0].householdId;
    expect(persons.every((p) => p.householdId === winner)).toBe(true);
    const loser = winner === x._id ? y : x;
    const loserReceipts = receipts.filter((r: ReportReceipt) => r.householdId === loser._id);
    expect(loserReceipts.length).toBeGreaterThan(0);
    expect(loserReceipts.every((r) => r.members.every((m) => m.pending))).toBe(true);
    expect(await openVerify(x._id)).toHaveLength(1);
    expect(await openVerify(y._id)).toHaveLength(1);
    // one conflict per person for the winner's worker, however many filings raced
    const conflicts = await rows<QueueItemDoc>(
      db().collection(Collections.queueItems).where({ householdId: winner, kind: 'household_conflict' }),
    );
    expect(conflicts).toHaveLength(3);
  });
});

describe('staff actions under contention', () => {
  let household: ReportReceipt;
  beforeAll(async () => {
    household = ok(
      await t.call('o_race_req', 'report', 'submit', householdReport(buildingId, { room: '501', members: familyOfThree(404) })),
    );
  });

  it('20 concurrent accepts of one request: one winner, 19 told CONFLICT', async () => {
    const created = ok(
      await t.call('o_race_req', 'request', 'create', {
        clientRequestId: requestId(),
        personId: household.members[0].personId,
        urgency: 'urgent',
        details: { kind: 'other', description: '需要买药' },
      }),
    );
    const [item] = await rows<QueueItemDoc>(db().collection(Collections.queueItems).where({ refId: created.requestId, kind: 'request' }));
    const actors = [PERSONAS.worker.openid, PERSONAS.admin.openid];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.call(actors[i % 2], 'staff', 'requestAction', { itemId: item._id, action: 'accept' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
    const detail = ok(await t.call('o_race_req', 'request', 'detail', { requestId: created.requestId }));
    expect(detail.timeline.filter((e) => e.action === 'accept')).toHaveLength(1);
  });

  it('a verification racing a re-filing either verifies the report it read or is told the report changed', async () => {
    const [item] = await openVerify(household.householdId);
    const refile = householdReport(buildingId, { room: '501', members: familyOfThree(404) });
    const [verified, refiled] = await Promise.all([
      t.call(PERSONAS.worker.openid, 'staff', 'verify', { itemId: item._id, outcome: 'at_home', methods: ['phone'] }),
      t.call('o_race_req', 'report', 'submit', refile),
    ]);
    const newReport = ok(refiled).reportId;
    const [after] = await rows<QueueItemDoc>(db().collection(Collections.queueItems).where({ _id: item._id }));
    // the newest filing always ends up waiting for verification
    expect(after).toMatchObject({ refId: newReport, status: 'open' });
    if (!verified.ok) expect(verified.code).toBe('CONFLICT');
  });

  it('20 concurrent starts of one person’s isolation: one isolation, 19 told it is active', async () => {
    const personId = household.members[1].personId;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const days = [today, new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call(PERSONAS.worker.openid, 'staff', 'startIsolation', {
          personId,
          kind: 'home_isolation',
          startDate: days[i % 2],
          plannedDays: 14,
          reason: '密接',
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, code: 'ISOLATION_ACTIVE' });
    const active = await rows(db().collection(Collections.isolations).where({ personId, status: 'active' }));
    expect(active).toHaveLength(1);
  });
});
