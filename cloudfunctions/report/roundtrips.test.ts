/**
 * Round trips of report.submit through the real wx-server-sdk: on CloudBase every database request
 * is a network round trip, so a filing's count of requests is its latency there. The transport counts
 * every request it answers (`requestCounts`); each filing here runs alone, so the difference is its own.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { HouseholdDoc, MemberInput, PersonDoc } from '../../src/domain/household';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { ReportReceipt } from '../../src/domain/contracts';
import { requestCounts } from '../../localcloud/db/transport';
import { familyOfThree, householdReport, idCard } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
let buildingId: string;

beforeAll(async () => {
  t = await startTestCloud();
  buildingId = t.cloud.demo!.buildingId;
});
afterAll(() => t.stop());

/** Files as `openid` and returns the receipt with the database requests the filing made, by SDK action. */
async function filed(openid: string, room: string, members: MemberInput[], clientRequestId?: string) {
  const total = requestCounts.total;
  const before = new Map(requestCounts.byAction);
  const input = householdReport(buildingId, { room, members, ...(clientRequestId ? { clientRequestId } : {}) });
  const res = await t.call(openid, 'report', 'submit', input);
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  const byAction: Record<string, number> = {};
  for (const [action, n] of requestCounts.byAction) if (n > (before.get(action) ?? 0)) byAction[action] = n - (before.get(action) ?? 0);
  return { receipt: res.data as ReportReceipt, requests: requestCounts.total - total, byAction };
}

const household = async (id: string) => (await rows<HouseholdDoc>(getDb().collection(Collections.households).where({ _id: id })))[0];
const personsOf = (householdId: string) => rows<PersonDoc>(getDb().collection(Collections.persons).where({ householdId }));
const verifyItem = async (householdId: string) =>
  (await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ _id: `qv_${householdId}` })))[0];

describe('database requests per filing', () => {
  it('a new household: 5 (one read, then household, persons, report, verify item)', async () => {
    const { receipt, requests, byAction } = await filed('o_rt_new', '101', familyOfThree(501));
    expect(requests).toBeLessThanOrEqual(5);
    expect(byAction).toEqual({ 'database.aggregateDocuments': 1, 'database.insertDocument': 4 });
    // what the one read brought back is all in the receipt: the grid worker and the address
    expect(receipt.gridWorker).toMatchObject({ name: expect.any(String), workPhone: expect.any(String) });
    expect(receipt.address).toBe('祥云一区 3号楼 1单元 101');
    expect(receipt.members.every((m) => !m.pending)).toBe(true);
    expect(await personsOf(receipt.householdId)).toHaveLength(3);
    expect(await verifyItem(receipt.householdId)).toMatchObject({ refId: receipt.reportId, status: 'open' });
  });

  it('a re-filing with the same members: at most 6, and the persons keep their stored ID', async () => {
    const family = familyOfThree(502);
    const first = await filed('o_rt_same', '102', family);
    const storedBefore = await personsOf(first.receipt.householdId);
    const again = await filed('o_rt_same', '102', family.map((m) => (m.relation === 'child' ? { ...m, health: { temperature: 36.6, symptoms: [], healthCode: 'green' } } : m)));
    expect(again.requests).toBeLessThanOrEqual(6);
    expect(again.receipt.householdId).toBe(first.receipt.householdId);
    expect(again.receipt.members.every((m) => !m.pending)).toBe(true);
    const storedAfter = await personsOf(first.receipt.householdId);
    expect(storedAfter.map((p) => [p._id, p.id.cipher]).sort()).toEqual(storedBefore.map((p) => [p._id, p.id.cipher]).sort());
    expect(await household(first.receipt.householdId)).toMatchObject({ lastReportId: again.receipt.reportId });
    expect(await verifyItem(first.receipt.householdId)).toMatchObject({ refId: again.receipt.reportId, status: 'open' });
  });

  it('a re-filing where three new members replace the three before: at most 6', async () => {
    const first = await filed('o_rt_replace', '201', familyOfThree(503));
    const again = await filed('o_rt_replace', '201', familyOfThree(504));
    expect(again.requests).toBeLessThanOrEqual(6);
    const persons = await personsOf(first.receipt.householdId);
    expect(persons.map((p) => p._id).sort()).toEqual(again.receipt.members.map((m) => m.personId).sort());
    expect(await verifyItem(first.receipt.householdId)).toMatchObject({ refId: again.receipt.reportId });
  });

  it('a re-filing after verification reopens the verify item within the same count', async () => {
    const family = familyOfThree(505);
    const first = await filed('o_rt_verified', '202', family);
    await getDb()
      .collection(Collections.queueItems)
      .where({ _id: `qv_${first.receipt.householdId}` })
      .update({ data: { status: 'closed', closedReason: 'verified', closedAt: new Date() } });
    const again = await filed('o_rt_verified', '202', family);
    expect(again.requests).toBeLessThanOrEqual(6);
    const item = await verifyItem(first.receipt.householdId);
    expect(item).toMatchObject({ refId: again.receipt.reportId, status: 'open' });
    expect(item.closedAt).toBeUndefined();
  });

  it('a retry of a filing is a replay: one read and the verify item made sure of, nothing written twice', async () => {
    const members = familyOfThree(506);
    const first = await filed('o_rt_retry', '301', members, 'rt-retry-0001');
    const before = await t.counts();
    const retry = await filed('o_rt_retry', '301', members, 'rt-retry-0001');
    expect(retry.receipt).toMatchObject({ reportId: first.receipt.reportId, replayed: true });
    // the read, then the verify item: taken over unless it holds this filing or a newer one (then refused as a duplicate)
    expect(retry.requests).toBeLessThanOrEqual(3);
    expect(await t.counts()).toEqual(before);
  });

  it('a member whose phone changed is written on its own, and the filing stays correct', async () => {
    const family = familyOfThree(507);
    const first = await filed('o_rt_phone', '302', family);
    const changed = family.map((m) => (m.relation === 'spouse' ? { ...m, phone: '13600001111' } : m));
    const again = await filed('o_rt_phone', '302', changed);
    expect(again.requests).toBeLessThanOrEqual(7);
    const spouse = (await personsOf(first.receipt.householdId)).find((p) => p.relation === 'spouse')!;
    expect(spouse.phone?.masked).toBe('136****1111');
    expect(spouse.id.hash).toBeTruthy();
  });

  it('a listed person who belongs to another household stays there and is pending, nothing of it is read into the reply', async () => {
    const family = familyOfThree(508);
    await filed('o_rt_owner', '401', family);
    const other = { name: '李四', relation: 'self' as const, idType: 'id_card' as const, idNumber: idCard('19900101', 509), phone: '13500002222' };
    const claim = await filed('o_rt_claimer', '402', [other, { ...family[1], relation: 'spouse' }]);
    expect(claim.receipt.members.map((m) => !!m.pending)).toEqual([false, true]);
  });
});
