/**
 * Who owns a household (SPEC): knowing an ID number grants nothing. The takeover that worked before,
 * the family invite, and the grid worker deciding a household conflict each of the three ways.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { HouseholdDoc, MemberInput, PersonDoc, ReportDoc } from '../../src/domain/household';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { RequestDoc } from '../../src/domain/requests';
import type { ReportReceipt } from '../../src/domain/contracts';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, idCard, requestId } from '../../tests/support/people';
import { detailOf } from '../../tests/support/items';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
let buildingId: string;
const WORKER = PERSONAS.worker.openid;

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY }); // concurrent calls interleave as on CloudBase
  buildingId = t.cloud.demo!.buildingId;
});
afterAll(() => t.stop());

async function file(openid: string, room: string, members: MemberInput[]): Promise<ReportReceipt> {
  const res = await t.call(openid, 'report', 'submit', householdReport(buildingId, { room, members }));
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

const db = () => getDb();
const household = async (id: string) => (await rows<HouseholdDoc>(db().collection(Collections.households).where({ _id: id })))[0];
const personsOf = async (householdId: string) =>
  (await rows<PersonDoc>(db().collection(Collections.persons).where({ householdId }))).sort((x, y) => x.name.localeCompare(y.name, 'zh'));
const conflictItems = (householdId: string) =>
  rows<QueueItemDoc>(db().collection(Collections.queueItems).where({ householdId, kind: 'household_conflict' }));

/** Resident A's family of three with insulin requested for the child, and B filing A's spouse as 本人. */
async function takeoverAttempt(seed: number, a: string, b: string, rooms: [string, string]) {
  const family = familyOfThree(seed);
  const filedA = await file(a, rooms[0], family);
  const insulin = await t.call(a, 'request', 'create', {
    clientRequestId: requestId(),
    personId: filedA.members[2].personId,
    urgency: 'urgent',
    details: { kind: 'medicine', drug: '胰岛素', quantity: '2支' },
    note: '孩子的胰岛素快用完了',
  });
  if (!insulin.ok) throw new Error(insulin.message);
  const before = {
    household: await household(filedA.householdId),
    persons: await personsOf(filedA.householdId),
    request: (await rows<RequestDoc>(db().collection(Collections.requests).where({ _id: insulin.data.requestId })))[0],
  };
  const spouseAsSelf: MemberInput = { ...family[1], name: '王芳', relation: 'self', phone: '13700001111' };
  const filedB = await t.call(b, 'report', 'submit', householdReport(buildingId, { room: rooms[1], members: [spouseAsSelf] }));
  return { family, filedA, insulin: insulin.data, before, filedB };
}

describe('knowing an ID number grants nothing', () => {
  it('files B its own household and leaves A, A’s persons, reports and requests unchanged', async () => {
    const { filedA, insulin, before, filedB } = await takeoverAttempt(301, 'o_own_a', 'o_own_b', ['701', '702']);
    if (!filedB.ok) throw new Error(filedB.message);

    // B's receipt: its own household, the listed person waiting for the grid worker, nothing of A's
    expect(filedB.data.householdId).not.toBe(filedA.householdId);
    expect(filedB.data.address).toBe('祥云一区 3号楼 1单元 702');
    expect(filedB.data.members).toHaveLength(1);
    expect(filedB.data.members[0]).toMatchObject({ name: '王芳', pending: true, phoneMasked: '137****1111' });
    const text = JSON.stringify(filedB.data);
    // A's room as an address shows it (a bare '701' also turns up inside random hex ids)
    for (const leak of [filedA.householdId, '张伟', '张小明', '1单元 701', '胰岛素', '138****5678', '139****4321'])
      expect(text).not.toContain(leak);

    // B's 我的 shows its own (empty) household with the pending member; A's request is invisible and untouchable
    const mine = await t.call('o_own_b', 'report', 'myHousehold', {});
    if (!mine.ok || !mine.data) throw new Error('no household for B');
    expect(mine.data.householdId).toBe(filedB.data.householdId);
    expect(mine.data.members).toEqual([]);
    expect(mine.data.pendingMembers).toEqual([{ name: '王芳', relation: 'self', idMasked: filedB.data.members[0].idMasked }]);
    expect(JSON.stringify(mine.data)).not.toContain('张伟');
    const requests = await t.call('o_own_b', 'request', 'mine', {});
    expect(requests.ok && requests.data.items).toEqual([]);
    expect(await t.call('o_own_b', 'request', 'detail', { requestId: insulin.requestId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call('o_own_b', 'request', 'cancel', { requestId: insulin.requestId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const checkin = await t.call('o_own_b', 'checkin', 'today', {});
    expect(checkin.ok && checkin.data.persons).toEqual([]);

    // A: same household, same three persons, same room, request untouched
    expect(await household(filedA.householdId)).toEqual(before.household);
    expect(await personsOf(filedA.householdId)).toEqual(before.persons);
    expect((await rows<RequestDoc>(db().collection(Collections.requests).where({ _id: insulin.requestId })))[0]).toEqual(before.request);
    const aMine = await t.call('o_own_a', 'report', 'myHousehold', {});
    expect(aMine.ok && aMine.data?.members.map((m) => m.name)).toEqual(['张伟', '王芳', '张小明']);
    expect(aMine.ok && aMine.data?.room).toBe('701');

    // one conflict item, in the queue of A's grid worker, masked
    const items = await conflictItems(filedA.householdId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'open', gridId: before.household.gridId });
    expect(items[0].title).not.toContain('王芳');
    const queue = await t.call(WORKER, 'staff', 'queue', { kind: 'household_conflict' });
    expect(queue.ok && queue.data.items.map((i) => i.itemId)).toContain(items[0]._id);
    expect(queue.ok && queue.data.counts.household_conflict).toBeGreaterThanOrEqual(1);
  });

  it('files the same conflict once however often B files again', async () => {
    const { filedA, family } = await takeoverAttempt(302, 'o_own_a2', 'o_own_b2', ['801', '802']);
    for (let i = 0; i < 3; i++) await file('o_own_b2', '802', [{ ...family[1], relation: 'self' }]);
    expect(await conflictItems(filedA.householdId)).toHaveLength(1);
  });

  it('keeps a person who left A’s household out of anyone else’s reach', async () => {
    const family = familyOfThree(303);
    const filedA = await file('o_own_a3', '901', family);
    await file('o_own_a3', '901', [family[0], family[2]]); // the spouse is no longer listed: she leaves
    const spouse = (await rows<PersonDoc>(db().collection(Collections.persons).where({ _id: filedA.members[1].personId })))[0];
    expect(spouse.householdId).toBeNull();
    const filedB = await file('o_own_b3', '902', [{ ...family[1], relation: 'self' }]);
    expect(filedB.members[0].pending).toBe(true);
    expect(await conflictItems(filedA.householdId)).toHaveLength(1);
    // A lists her again: she is A's to take back
    const again = await file('o_own_a3', '901', family);
    expect(again.members.every((m) => !m.pending)).toBe(true);
  });
});

describe('邀请家人', () => {
  it('lets the spouse join from a second phone and see the household', async () => {
    const family = familyOfThree(311);
    const filed = await file('o_fam_husband', '1001', family);
    const invite = await t.call('o_fam_husband', 'family' as never, 'x' as never, {}); // unknown function answers clearly
    expect(invite.ok).toBe(false);
    const made = await t.call('o_fam_husband', 'report', 'createFamilyInvite', {});
    if (!made.ok) throw new Error(made.message);
    expect(made.data.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(new Date(made.data.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // only the hash is stored
    const stored = await rows<Record<string, unknown>>(
      db().collection(Collections.familyInvites).where({ householdId: filed.householdId }),
    );
    expect(JSON.stringify(stored)).not.toContain(made.data.code.replace('-', ''));

    const joined = await t.call('o_fam_wife', 'report', 'acceptFamilyInvite', { code: made.data.code.toLowerCase() });
    if (!joined.ok) throw new Error(joined.message);
    expect(joined.data.householdId).toBe(filed.householdId);
    expect(joined.data.members.map((m) => m.name)).toEqual(['张伟', '王芳', '张小明']);
    const hers = await t.call('o_fam_wife', 'report', 'myHousehold', {});
    expect(hers.ok && hers.data?.householdId).toBe(filed.householdId);

    // she files for the family from her phone: the same household, no conflict
    const wifeFirst = [{ ...family[1], relation: 'self' as const }, { ...family[0], relation: 'spouse' as const }, family[2]];
    const byWife = await file('o_fam_wife', '1001', wifeFirst);
    expect(byWife.householdId).toBe(filed.householdId);
    expect(byWife.members.some((m) => m.pending)).toBe(false);
    expect(await conflictItems(filed.householdId)).toEqual([]);

    // one-time: a third phone is refused; entering it again from her phone answers the household
    expect(await t.call('o_fam_other', 'report', 'acceptFamilyInvite', { code: made.data.code })).toMatchObject({
      ok: false,
      code: 'FAMILY_INVITE_USED',
    });
    const again = await t.call('o_fam_wife', 'report', 'acceptFamilyInvite', { code: made.data.code });
    expect(again.ok && again.data.householdId).toBe(filed.householdId);
  });

  it('refuses a wrong, expired or foreign code clearly, and a resident who owns a household already', async () => {
    expect(await t.call('o_fam_x', 'report', 'acceptFamilyInvite', { code: 'ABCD-EFGH' })).toMatchObject({
      ok: false,
      code: 'FAMILY_INVITE_INVALID',
    });
    expect(await t.call('o_fam_x', 'report', 'acceptFamilyInvite', { code: '0000' })).toMatchObject({
      ok: false,
      code: 'FAMILY_INVITE_INVALID',
      field: 'code',
    });
    expect(await t.call('o_fam_nobody', 'report', 'createFamilyInvite', {})).toMatchObject({ ok: false, code: 'HOUSEHOLD_NOT_OWNED' });
    await file('o_fam_y', '1101', familyOfThree(312));
    await file('o_fam_z', '1102', familyOfThree(313));
    const made = await t.call('o_fam_y', 'report', 'createFamilyInvite', {});
    if (!made.ok) throw new Error(made.message);
    const before = await t.counts();
    expect(await t.call('o_fam_z', 'report', 'acceptFamilyInvite', { code: made.data.code })).toMatchObject({
      ok: false,
      code: 'ALREADY_IN_HOUSEHOLD',
    });
    expect(await t.counts()).toEqual(before);
    // expiry
    await db()
      .collection(Collections.familyInvites)
      .where({
        householdId: ((await t.call('o_fam_y', 'report', 'myHousehold', {})) as { data: { householdId: string } }).data.householdId,
      })
      .update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await t.call('o_fam_new', 'report', 'acceptFamilyInvite', { code: made.data.code })).toMatchObject({
      ok: false,
      code: 'FAMILY_INVITE_EXPIRED',
    });
  });

  it('lets exactly one of two phones join with one code at once', async () => {
    await file('o_fam_race', '1201', familyOfThree(314));
    const made = await t.call('o_fam_race', 'report', 'createFamilyInvite', {});
    if (!made.ok) throw new Error(made.message);
    const results = await Promise.all(
      ['o_fam_r1', 'o_fam_r2', 'o_fam_r3'].map((o) => t.call(o, 'report', 'acceptFamilyInvite', { code: made.data.code })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['FAMILY_INVITE_USED', 'FAMILY_INVITE_USED']);
  });

  it('lets the grid worker bind a resident to a household filed by 代报', async () => {
    const members: MemberInput[] = [
      { name: '赵老伯', relation: 'self', idType: 'id_card', idNumber: idCard('19500101', 315), phone: '13600001234' },
    ];
    const proxy = await t.call(WORKER, 'staff', 'proxyReport', householdReport(buildingId, { room: '1301', members }));
    if (!proxy.ok) throw new Error(proxy.message);
    const code = await t.call(WORKER, 'staff', 'householdInvite', { householdId: proxy.data.householdId });
    if (!code.ok) throw new Error(code.message);
    const joined = await t.call('o_fam_grandson', 'report', 'acceptFamilyInvite', { code: code.data.code });
    expect(joined.ok && joined.data.members.map((m) => m.name)).toEqual(['赵老伯']);
    const audit = await rows<AuditEntryDoc>(
      db().collection(Collections.auditLog).where({ action: 'household_invite', 'target.id': proxy.data.householdId }),
    );
    expect(audit).toHaveLength(1);
    // outside the worker's scope: not found
    const other = await t.call('o_seed_worker_2', 'staff', 'householdInvite', { householdId: proxy.data.householdId });
    expect(other.ok).toBe(false);
  });
});

describe('the grid worker decides a household conflict', () => {
  async function conflict(seed: number, rooms: [string, string]) {
    const a = `o_cf_a_${seed}`;
    const b = `o_cf_b_${seed}`;
    const attempt = await takeoverAttempt(seed, a, b, rooms);
    if (!attempt.filedB.ok) throw new Error(attempt.filedB.message);
    const [item] = await conflictItems(attempt.filedA.householdId);
    const detail = await t.call(WORKER, 'staff', 'item', { itemId: item._id });
    if (!detail.ok) throw new Error(detail.message);
    return { ...attempt, filedB: attempt.filedB.data, item, detail: detail.data, a, b };
  }

  it('shows both households masked, with the three choices', async () => {
    const { detail: raw, filedA, filedB } = await conflict(321, ['1401', '1402']);
    const detail = detailOf(raw, 'household_conflict');
    expect(detail.actions).toEqual(['resolve_conflict']);
    expect(detail.conflict.existing.householdId).toBe(filedA.householdId);
    expect(detail.conflict.claimant.householdId).toBe(filedB.householdId);
    expect(detail.conflict.existing.members.map((m) => m.name).sort()).toEqual(['张*', '张**', '王*'].sort());
    expect(detail.conflict.claimed).toMatchObject({ name: '王*', relation: 'self' });
    const text = JSON.stringify(detail);
    for (const m of familyOfThree(321)) {
      expect(text).not.toContain(m.idNumber);
      if (m.phone) expect(text).not.toContain(m.phone);
    }
    expect(text).not.toContain('13700001111');
  });

  it('move: the person joins the household that listed them', async () => {
    const { item, filedA, filedB, b } = await conflict(322, ['1501', '1502']);
    const res = await t.call(WORKER, 'staff', 'resolveConflict', { itemId: item._id, resolution: 'move', note: '电话核实，已另立户' });
    if (!res.ok) throw new Error(res.message);
    expect(res.data.item.status).toBe('closed');
    expect(detailOf(res.data, 'household_conflict').conflict).toMatchObject({ status: 'resolved', resolution: 'move' });
    expect((await personsOf(filedA.householdId)).map((p) => p.name).sort()).toEqual(['张伟', '张小明'].sort());
    const bMine = await t.call(b, 'report', 'myHousehold', {});
    expect(bMine.ok && bMine.data?.members.map((m) => m.name)).toEqual(['王芳']);
    expect(bMine.ok && bMine.data?.pendingMembers).toEqual([]);
    expect((await personsOf(filedB.householdId))[0]).toMatchObject({
      relation: 'self',
      placePath: (await household(filedB.householdId)).placePath,
    });
    const audit = await rows<AuditEntryDoc>(db().collection(Collections.auditLog).where({ action: 'household_move' }));
    expect(audit.some((e) => e.reason === '电话核实，已另立户')).toBe(true);
  });

  it('keep: nothing moves and the claimant is told no more', async () => {
    const { item, filedA, b } = await conflict(323, ['1601', '1602']);
    const before = await personsOf(filedA.householdId);
    const res = await t.call(WORKER, 'staff', 'resolveConflict', { itemId: item._id, resolution: 'keep' });
    if (!res.ok) throw new Error(res.message);
    expect(await personsOf(filedA.householdId)).toEqual(before);
    const bMine = await t.call(b, 'report', 'myHousehold', {});
    expect(bMine.ok && bMine.data?.pendingMembers).toEqual([]);
    expect(await rows(db().collection(Collections.auditLog).where({ action: 'household_keep', 'target.id': item.refId }))).toHaveLength(1);
  });

  it('merge: one household with both owners, everything of the other follows', async () => {
    const { item, filedA, filedB, a, b } = await conflict(324, ['1701', '1702']);
    const res = await t.call(WORKER, 'staff', 'resolveConflict', { itemId: item._id, resolution: 'merge' });
    if (!res.ok) throw new Error(res.message);
    const aMine = await t.call(a, 'report', 'myHousehold', {});
    const bMine = await t.call(b, 'report', 'myHousehold', {});
    expect(aMine.ok && aMine.data?.householdId).toBe(filedA.householdId);
    expect(bMine.ok && bMine.data?.householdId).toBe(filedA.householdId);
    expect(bMine.ok && bMine.data?.members.map((m) => m.name)).toEqual(['张伟', '王芳', '张小明']);
    const merged = await household(filedB.householdId);
    expect(merged).toMatchObject({ ownerOpenids: [], mergedInto: filedA.householdId });
    const reports = await rows<ReportDoc>(db().collection(Collections.reports).where({ _id: filedB.reportId }));
    expect(reports[0].householdId).toBe(filedA.householdId);
    const openVerify = await rows<QueueItemDoc>(
      db().collection(Collections.queueItems).where({ householdId: filedB.householdId, kind: 'verify_report', status: 'open' }),
    );
    expect(openVerify).toEqual([]);
    // B's next filing updates the merged household, never a second one
    const again = await file(b, '1701', [{ ...familyOfThree(324)[1], relation: 'self' }]);
    expect(again.householdId).toBe(filedA.householdId);
  });

  it('has one winner when two workers decide at once; the other is told', async () => {
    const { item } = await conflict(325, ['1801', '1802']);
    const results = await Promise.all([
      t.call(WORKER, 'staff', 'resolveConflict', { itemId: item._id, resolution: 'move' }),
      t.call(PERSONAS.admin.openid, 'staff', 'resolveConflict', { itemId: item._id, resolution: 'keep' }),
      t.call(WORKER, 'staff', 'resolveConflict', { itemId: item._id, resolution: 'merge' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok))
      expect(r).toMatchObject({ ok: false, code: expect.stringMatching(/^CONFLICT(_RESOLVED)?$/) });
    const audits = await rows<AuditEntryDoc>(db().collection(Collections.auditLog).where({ 'target.id': item.refId }));
    expect(audits).toHaveLength(1);
  });

  it('refuses a worker of another grid and a resident', async () => {
    const { item } = await conflict(326, ['1301', '1302']);
    expect(await t.call('o_seed_worker_2', 'staff', 'resolveConflict', { itemId: item._id, resolution: 'move' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await t.call('o_cf_b_326', 'staff', 'resolveConflict', { itemId: item._id, resolution: 'move' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });
});
