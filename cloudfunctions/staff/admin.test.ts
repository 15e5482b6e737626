/** Invites, joining, deactivation and 代报. */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { HouseholdDoc } from '../../src/domain/household';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('invites', () => {
  it('binds the WeChat identity that accepts it, once; the new worker sees their grid at once', async () => {
    const grid = t.cloud.demo!.gridIds[3];
    const invite = await t.call(ADMIN, 'staff', 'createInvite', {
      role: 'worker',
      name: '吴网格',
      workPhone: '13900001111',
      scope: [grid],
    });
    if (!invite.ok) throw new Error(invite.message);
    expect(invite.data.inviteCode).toMatch(/^[2-9A-Z]{10}$/);
    expect(invite.data.scope.map((p) => p.name)).toEqual(['第四网格']);
    // the code itself is not stored
    const stored = await rows<Record<string, unknown>>(getDb().collection(Collections.invites).limit(100));
    expect(JSON.stringify(stored)).not.toContain(invite.data.inviteCode);

    expect(await t.call('o_new_worker', 'staff', 'queue', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const joined = await t.call('o_new_worker', 'staff', 'acceptInvite', { inviteCode: invite.data.inviteCode.toLowerCase() });
    if (!joined.ok) throw new Error(joined.message);
    expect(joined.data).toMatchObject({ name: '吴网格', role: 'worker', scope: [{ id: grid }] });
    expect((await t.call('o_new_worker', 'staff', 'queue', {})).ok).toBe(true);

    expect(await t.call('o_someone_else', 'staff', 'acceptInvite', { inviteCode: invite.data.inviteCode })).toMatchObject({
      ok: false,
      code: 'INVITE_USED',
    });
    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ action: 'invite_accept' }));
    expect(audit).toHaveLength(1);
  });

  it('refuses an expired invite, an unknown code, and a scope outside the admin', async () => {
    const invite = await t.call(ADMIN, 'staff', 'createInvite', {
      role: 'worker',
      name: '郑网格',
      scope: [t.cloud.demo!.gridIds[2]],
      expiresInHours: 1,
    });
    if (!invite.ok) throw new Error(invite.message);
    setClock({ at: new Date(Date.now() + 2 * 3600_000) });
    expect(await t.call('o_late', 'staff', 'acceptInvite', { inviteCode: invite.data.inviteCode })).toMatchObject({
      ok: false,
      code: 'INVITE_EXPIRED',
    });
    setClock({ at: null });
    expect(await t.call('o_late', 'staff', 'acceptInvite', { inviteCode: 'ABCDEFGHJK' })).toMatchObject({
      ok: false,
      code: 'INVITE_INVALID',
    });
    expect(await t.call(ADMIN, 'staff', 'createInvite', { role: 'worker', name: '外人', scope: ['pl_elsewhere'] })).toMatchObject({
      ok: false,
      code: 'SCOPE_OUTSIDE',
    });
    expect(
      await t.call(WORKER, 'staff', 'createInvite', { role: 'worker', name: '外人', scope: [t.cloud.demo!.gridIds[0]] }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('staff administration', () => {
  it('deactivates a worker, who loses access on the next call, and audits it', async () => {
    const list = await t.call(ADMIN, 'staff', 'listStaff', {});
    if (!list.ok) throw new Error(list.message);
    const zhao = list.data.items.find((s) => s.name === '赵网格')!;
    expect(zhao.scope[0].name).toBe('第二网格');
    expect((await t.call('o_seed_worker_2', 'staff', 'queue', {})).ok).toBe(true);
    const off = await t.call(ADMIN, 'staff', 'updateStaff', { staffId: zhao.staffId, active: false });
    expect(off.ok && off.data.active).toBe(false);
    expect(await t.call('o_seed_worker_2', 'staff', 'queue', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': zhao.staffId }));
    expect(audit.map((a) => a.action)).toEqual(['role_change']);
  });
});

describe('staff.proxyReport (代报)', () => {
  it('files a household for a resident without a smartphone, recording who filed it', async () => {
    const res = await t.call(
      WORKER,
      'staff',
      'proxyReport',
      householdReport(t.cloud.demo!.buildingId, { room: '102', members: familyOfThree(91) }),
    );
    if (!res.ok) throw new Error(res.message);
    const [household] = await rows<HouseholdDoc>(getDb().collection(Collections.households).where({ _id: res.data.householdId }));
    expect(household.ownerOpenids).toEqual([]);
    expect(household.proxyStaffId).toBeTruthy();
    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': res.data.reportId }));
    expect(audit.map((a) => [a.action, a.actor.name])).toEqual([['proxy_report', '李网格']]);
    // the worker does not become the household's owner
    expect(await t.call(WORKER, 'report', 'myHousehold', {})).toEqual({ ok: true, data: null });
  });

  it('offers the buildings of the worker’s own grid only, and refuses a building outside it', async () => {
    const own = await t.call(WORKER, 'staff', 'buildings', {});
    if (!own.ok) throw new Error(own.message);
    expect(own.data.items.map((b) => b.id)).toContain(t.cloud.demo!.buildingId);
    expect(new Set(own.data.items.map((b) => b.gridId))).toEqual(new Set([t.cloud.demo!.gridIds[0]]));
    expect(own.data.items.every((b) => b.units.length > 0 && b.compoundName)).toBe(true);

    const all = await t.call(ADMIN, 'staff', 'buildings', {});
    const everyBuilding = all.ok ? [...all.data.items] : [];
    let cursor = all.ok ? all.data.nextCursor : null;
    while (cursor) {
      const next = await t.call(ADMIN, 'staff', 'buildings', { cursor });
      if (!next.ok) throw new Error(next.message);
      everyBuilding.push(...next.data.items);
      cursor = next.data.nextCursor;
    }
    expect(new Set(everyBuilding.map((b) => b.gridId)).size).toBe(t.cloud.demo!.gridIds.length);
    const elsewhere = everyBuilding.find((b) => b.gridId !== t.cloud.demo!.gridIds[0])!;
    const before = await rows(getDb().collection(Collections.reports).limit(1000));
    expect(
      await t.call(
        WORKER,
        'staff',
        'proxyReport',
        householdReport(elsewhere.id, { unit: elsewhere.units[0].name, room: '101', members: familyOfThree(92) }),
      ),
    ).toMatchObject({ ok: false, code: 'SCOPE_OUTSIDE', field: 'buildingId' });
    expect(await rows(getDb().collection(Collections.reports).limit(1000))).toHaveLength(before.length);
    expect(await t.call('o_not_staff', 'staff', 'buildings', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('first admin from deployment configuration', () => {
  it('creates the configured admin on their first staff call, only once', async () => {
    process.env.GRIDLINK_FIRST_ADMIN_OPENID = 'o_deploy_admin';
    process.env.GRIDLINK_FIRST_ADMIN_SCOPE = t.cloud.demo!.communityId;
    try {
      expect(await t.call('o_not_configured', 'staff', 'me', {})).toEqual({ ok: true, data: null });
      const me = await t.call('o_deploy_admin', 'staff', 'me', {});
      expect(me.ok && me.data?.role).toBe('admin');
      const again = await t.call('o_deploy_admin', 'staff', 'me', {});
      expect(again.ok && again.data?.staffId).toBe(me.ok && me.data?.staffId);
    } finally {
      delete process.env.GRIDLINK_FIRST_ADMIN_OPENID;
      delete process.env.GRIDLINK_FIRST_ADMIN_SCOPE;
    }
  });
});

describe('changing a member’s role', () => {
  it('makes a grid worker a dispatcher for the data desk and back, at once and audited; never one’s own', async () => {
    const grid = t.cloud.demo!.gridIds[2];
    const invite = await t.call(ADMIN, 'staff', 'createInvite', { role: 'worker', name: '孙网格', scope: [grid] });
    if (!invite.ok) throw new Error(invite.message);
    const joined = await t.call('o_role_change', 'staff', 'acceptInvite', { inviteCode: invite.data.inviteCode });
    if (!joined.ok) throw new Error(joined.message);
    const staffId = joined.data.staffId;
    expect(await t.call('o_role_change', 'batch', 'list', { cursor: null })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const up = await t.call(ADMIN, 'staff', 'updateStaff', { staffId, role: 'dispatcher' });
    expect(up).toMatchObject({ ok: true, data: { role: 'dispatcher', active: true } });
    // the next call already runs as a dispatcher: the data desk opens
    expect((await t.call('o_role_change', 'batch', 'list', { cursor: null })).ok).toBe(true);
    expect((await t.call('o_role_change', 'staff', 'me', {})) as { data?: { role?: string } }).toMatchObject({ data: { role: 'dispatcher' } });

    const down = await t.call(ADMIN, 'staff', 'updateStaff', { staffId, role: 'worker' });
    expect(down).toMatchObject({ ok: true, data: { role: 'worker' } });
    expect(await t.call('o_role_change', 'batch', 'list', { cursor: null })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': staffId, action: 'role_change' }));
    expect(audit.map((a) => JSON.stringify(JSON.parse(a.reason!).role)).sort()).toEqual(
      [JSON.stringify({ from: 'dispatcher', to: 'worker' }), JSON.stringify({ from: 'worker', to: 'dispatcher' })],
    );

    // refused, and nothing changes: one's own role, a role that does not exist, a worker asking
    const me = await t.call(ADMIN, 'staff', 'me', {});
    if (!me.ok || !me.data) throw new Error('no admin');
    expect(await t.call(ADMIN, 'staff', 'updateStaff', { staffId: me.data.staffId, role: 'worker' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(ADMIN, 'staff', 'updateStaff', { staffId, role: 'owner' } as never)).toMatchObject({ ok: false, code: 'INVALID_ENUM' });
    expect(await t.call(WORKER, 'staff', 'updateStaff', { staffId, role: 'admin' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(ADMIN, 'staff', 'me', {})).toMatchObject({ ok: true, data: { role: 'admin' } });
    expect(await t.call('o_role_change', 'staff', 'me', {})).toMatchObject({ ok: true, data: { role: 'worker' } });
  });
});
