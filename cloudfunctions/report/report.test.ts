/** report.* against the local cloud: real wx-server-sdk, real store, seeded 祥云社区. */
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { PersonDoc } from '../../src/domain/household';
import { familyOfThree, householdReport, idCard } from '../../tests/support/people';
import { RESIDENT, RESIDENT2, RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { PERSONAS } from '../../localcloud/personas';

let t: TestCloud;
let buildingId: string;

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY }); // concurrent calls interleave as on CloudBase
  buildingId = t.cloud.demo!.buildingId;
});
afterAll(() => t.stop());

describe('report.submit', () => {
  it('files a household of three under the right building, grid and community, with one verify item', async () => {
    const before = await t.counts();
    const res = await t.call(RESIDENT, 'report', 'submit', householdReport(buildingId));
    if (!res.ok) throw new Error(res.message);
    const receipt = res.data;
    expect(receipt.replayed).toBe(false);
    expect(receipt.communityName).toBe('祥云社区');
    expect(receipt.address).toBe('祥云一区 3号楼 1单元 101');
    expect(receipt.members.map((m) => m.name)).toEqual(['张伟', '王芳', '张小明']);
    expect(receipt.members[0].idMasked).toMatch(/^110105\*{8}\d{3}[\dX]$/);
    expect(receipt.members[0].phoneMasked).toBe('138****5678');
    expect(receipt.gridWorker?.name).toBe('李网格');

    const after = await t.counts();
    expect(after[Collections.households] - before[Collections.households]).toBe(1);
    expect(after[Collections.persons] - before[Collections.persons]).toBe(3);
    expect(after[Collections.reports] - before[Collections.reports]).toBe(1);
    expect(after[Collections.queueItems] - before[Collections.queueItems]).toBe(1);

    const db = getDb();
    const demo = t.cloud.demo!;
    const persons = await rows<PersonDoc>(db.collection(Collections.persons).where({ householdId: receipt.householdId }));
    expect(persons).toHaveLength(3);
    for (const p of persons) {
      expect(p.placePath).toEqual(expect.arrayContaining([demo.communityId, demo.buildingId, demo.gridIds[0]]));
      expect(p.gridId).toBe(demo.gridIds[0]);
    }
    const items = await rows<QueueItemDoc>(db.collection(Collections.queueItems).where({ refId: receipt.reportId, kind: 'verify_report' }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'open', gridId: demo.gridIds[0], communityId: demo.communityId });
    expect(items[0].dueAt).toBeInstanceOf(Date);
    // the staff tab's query: everything open under the grid, most urgent first
    const queue = await rows<QueueItemDoc>(
      db.collection(Collections.queueItems).where({ placePath: demo.gridIds[0], status: 'open' }).orderBy('sortKey', 'asc'),
    );
    expect(queue.map((d) => d._id)).toContain(items[0]._id);
  });

  it('stores no plaintext ID or phone number anywhere in the database files', async () => {
    const members = familyOfThree(7);
    const res = await t.call(RESIDENT2, 'report', 'submit', householdReport(buildingId, { room: '102', members }));
    expect(res.ok).toBe(true);
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('gridlink.sqlite'));
    const bytes = files.map((f) => readFileSync(join(t.dataDir, f)).toString('latin1')).join('');
    for (const m of members) {
      expect(bytes.includes(m.idNumber)).toBe(false);
      if (m.phone) expect(bytes.includes(m.phone)).toBe(false);
    }
  });

  it('updates the same household and persons when filed again, never duplicating them', async () => {
    const openid = 'o_test_dedupe';
    const members = familyOfThree(11);
    const first = await t.call(openid, 'report', 'submit', householdReport(buildingId, { room: '201', members }));
    if (!first.ok) throw new Error(first.message);
    const before = await t.counts();
    const renamed = members.map((m, i) => (i === 2 ? { ...m, name: '张晓明' } : m));
    const second = await t.call(
      openid,
      'report',
      'submit',
      householdReport(buildingId, { room: '201', members: renamed, category: 'health_monitoring', travel: undefined }),
    );
    if (!second.ok) throw new Error(second.message);
    expect(second.data.householdId).toBe(first.data.householdId);
    expect(second.data.members.map((m) => m.personId)).toEqual(first.data.members.map((m) => m.personId));
    const after = await t.counts();
    expect(after[Collections.persons]).toBe(before[Collections.persons]);
    expect(after[Collections.households]).toBe(before[Collections.households]);
    expect(after[Collections.reports]).toBe(before[Collections.reports] + 1);

    // the household view shows the corrected name, and only the newest report waits for verification
    const mine = await t.call(openid, 'report', 'myHousehold', {});
    if (!mine.ok || !mine.data) throw new Error('no household');
    expect(mine.data.members.map((m) => m.name)).toEqual(['张伟', '王芳', '张晓明']);
    const open = await rows<QueueItemDoc>(
      getDb().collection(Collections.queueItems).where({ householdId: first.data.householdId, kind: 'verify_report', status: 'open' }),
    );
    expect(open.map((d) => d.refId)).toEqual([second.data.reportId]);
  });

  it('is idempotent on the client request id, also for concurrent retries', async () => {
    const input = householdReport(buildingId, { room: '401', members: familyOfThree(31) });
    const openid = 'o_test_retry';
    const first = await t.call(openid, 'report', 'submit', input);
    if (!first.ok) throw new Error(first.message);
    const before = await t.counts();
    const retry = await t.call(openid, 'report', 'submit', input);
    if (!retry.ok) throw new Error(retry.message);
    expect(retry.data.replayed).toBe(true);
    expect(retry.data.reportId).toBe(first.data.reportId);
    expect(await t.counts()).toEqual(before);

    const racing = householdReport(buildingId, { room: '402', members: familyOfThree(32) });
    const results = await Promise.all(Array.from({ length: 5 }, () => t.call('o_test_race', 'report', 'submit', racing)));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.data.reportId : '')));
    expect(ids.size).toBe(1);
    const after = await t.counts();
    expect(after[Collections.reports]).toBe(before[Collections.reports] + 1);
    expect(after[Collections.persons]).toBe(before[Collections.persons] + 3);
    expect(after[Collections.queueItems]).toBe(before[Collections.queueItems] + 1);
  });

  it.each([
    [
      'a bad check character',
      {
        members: [
          { ...familyOfThree(41)[0], idNumber: idCard('19850312', 141).slice(0, 17) + (idCard('19850312', 141).endsWith('1') ? '2' : '1') },
        ],
      },
      'ID_CARD_CHECKSUM',
      'members.0.idNumber',
    ],
    ['an unknown field', { household: 'extra' } as object, 'UNKNOWN_FIELD', 'household'],
    [
      'no privacy consent',
      { consent: { privacy: false, healthTravel: false, version: 'x' }, travel: undefined },
      'CONSENT_REQUIRED',
      'consent.privacy',
    ],
    ['a unit the building does not have', { unit: '9单元' }, 'UNIT_INVALID', 'unit'],
    ['a room the unit does not have', { room: '9901' }, 'ROOM_INVALID', 'room'],
    ['an unknown building', { buildingId: 'pl_nope' }, 'NOT_FOUND', 'buildingId'],
  ])('refuses %s with a clear error and writes nothing', async (_label, override, code, field) => {
    const before = await t.counts();
    const res = await t.call('o_test_bad', 'report', 'submit', { ...householdReport(buildingId, { room: '501' }), ...override });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.code).toBe(code);
    expect(res.field).toBe(field);
    expect(res.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await t.counts()).toEqual(before);
  });
});

describe('identity', () => {
  it('refuses a call without a platform identity', async () => {
    const res = await t.call(null, 'report', 'myHousehold', {});
    expect(res).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('ignores an openid put in the event', async () => {
    const mine = await t.call(RESIDENT, 'report', 'myHousehold', {});
    expect(mine.ok && mine.data).toBeTruthy();
    const forged = await t.call(
      'o_test_nobody',
      'report',
      'myHousehold',
      {},
      { openid: RESIDENT, OPENID: RESIDENT, userInfo: { openId: RESIDENT } },
    );
    expect(forged).toEqual({ ok: true, data: null });
  });

  it('answers an unknown action with an error, not undefined', async () => {
    const res = await t.call(RESIDENT, 'report', 'dropEverything' as never, {});
    expect(res).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('refuses an oversized event before reading it', async () => {
    const before = await t.counts();
    const res = await t.call(RESIDENT, 'report', 'submit', { ...householdReport(buildingId), note: 'x'.repeat(200 * 1024) });
    expect(res).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
    expect(await t.counts()).toEqual(before);
  });
});

describe('report.myReports', () => {
  it('pages through every report of the household, newest first', async () => {
    const openid = 'o_test_many_reports';
    const members = familyOfThree(51);
    for (let i = 0; i < 23; i++) {
      const res = await t.call(openid, 'report', 'submit', householdReport(buildingId, { room: '601', members, note: `第${i + 1}次` }));
      expect(res.ok).toBe(true);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof t.call<'report', 'myReports'>>> = await t.call(openid, 'report', 'myReports', { cursor });
      if (!page.ok) throw new Error(page.message);
      seen.push(...page.data.items.map((r) => r.note ?? ''));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(seen[0]).toBe('第23次');
    expect(seen[22]).toBe('第1次');
  });
});

describe('re-filing refers to the persons filed before', () => {
  it('keeps the stored ID and phone of members referred to, and takes a newly typed phone', async () => {
    const openid = 'o_test_refile_ref';
    const family = familyOfThree(61);
    const first = await t.call(openid, 'report', 'submit', householdReport(buildingId, { room: '701', members: family }));
    if (!first.ok) throw new Error(first.message);
    const [self, spouse, child] = first.data.members;
    const before = await t.counts();
    const again = await t.call(
      openid,
      'report',
      'submit',
      householdReport(buildingId, {
        room: '701',
        members: [
          { personId: self.personId, name: '张伟', relation: 'self' },
          { personId: spouse.personId, name: '王芳', relation: 'spouse', phone: '13700002222' },
          { personId: child.personId, name: '张小明', relation: 'child' },
        ],
      }),
    );
    if (!again.ok) throw new Error(`${again.code} ${again.message}`);
    expect(again.data.householdId).toBe(first.data.householdId);
    expect(again.data.members.map((m) => [m.personId, m.idMasked, m.phoneMasked])).toEqual([
      [self.personId, self.idMasked, '138****5678'],
      [spouse.personId, spouse.idMasked, '137****2222'],
      [child.personId, child.idMasked, undefined],
    ]);
    const after = await t.counts();
    expect(after[Collections.persons]).toBe(before[Collections.persons]);
    const mine = await t.call(openid, 'report', 'myHousehold', {});
    expect(mine.ok && mine.data?.members.map((m) => m.phoneMasked)).toEqual(['138****5678', '137****2222', undefined]);
  });

  it('refuses a reference to anyone else’s person, revealing nothing, and writes nothing', async () => {
    const a = await t.call('o_test_ref_a', 'report', 'submit', householdReport(buildingId, { room: '702', members: familyOfThree(62) }));
    if (!a.ok) throw new Error(a.message);
    const before = await t.counts();
    const res = await t.call(
      'o_test_ref_b',
      'report',
      'submit',
      householdReport(buildingId, { room: '702', members: [{ personId: a.data.members[1].personId, name: '王芳', relation: 'self' }] }),
    );
    expect(res).toMatchObject({ ok: false, code: 'PERSON_NOT_IN_HOUSEHOLD', field: 'members.0.personId' });
    expect(JSON.stringify(res)).not.toContain(a.data.members[1].idMasked);
    expect(await t.counts()).toEqual(before);
  });

  it('still needs a phone for an adult referred to who never had one', async () => {
    const openid = 'o_test_ref_nophone';
    const members = familyOfThree(63);
    const proxied = await t.call(PERSONAS.worker.openid, 'staff', 'proxyReport', householdReport(buildingId, { room: '801', members: members.map(({ phone: _p, ...m }) => m) }));
    if (!proxied.ok) throw new Error(`${proxied.code} ${proxied.message}`);
    expect(proxied.data.members.every((m) => m.phoneMasked === undefined)).toBe(true);
    const code = await t.call(PERSONAS.worker.openid, 'staff', 'householdInvite', { householdId: proxied.data.householdId });
    if (!code.ok) throw new Error(code.message);
    expect((await t.call(openid, 'report', 'acceptFamilyInvite', { code: code.data.code })).ok).toBe(true);
    const res = await t.call(
      openid,
      'report',
      'submit',
      householdReport(buildingId, { room: '801', members: proxied.data.members.map((m) => ({ personId: m.personId, name: m.name, relation: m.relation })) }),
    );
    expect(res).toMatchObject({ ok: false, code: 'PHONE_REQUIRED' });
    if (res.ok) return;
    expect(res.errors?.map((e) => e.field)).toEqual(['members.0.phone', 'members.1.phone']);
  });
});
