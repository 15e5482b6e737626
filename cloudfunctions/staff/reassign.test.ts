/** staff.assignees / staff.reassign: hand-over within scope, audited, notified, one winner. */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { NotificationDoc } from '../common/notify';
import type { AuditEntryDoc } from '../../src/domain/audit';
import { NO_ASSIGNEE, type QueueItemDoc } from '../../src/domain/queue';
import type { StaffDoc } from '../../src/domain/staff';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport } from '../../tests/support/people';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const WORKER = PERSONAS.worker.openid; // 李网格, 第一网格, where the demo building is
const ADMIN = PERSONAS.admin.openid;
const OTHER_GRID_WORKER = 'o_seed_worker_3';
const PARTNER = { _id: 'st_rs_partner', openid: 'o_rs_partner', name: '陈网格' };
const RETIRED = { _id: 'st_rs_retired', openid: 'o_rs_retired', name: '钱网格' };
let otherGridWorkerId = '';
let seed = 400;

async function newReportItem(): Promise<QueueItemDoc> {
  const res = await t.call(
    `o_rs_resident_${++seed}`,
    'report',
    'submit',
    householdReport(t.cloud.demo!.buildingId, { room: '401', members: familyOfThree(seed) }),
  );
  if (!res.ok) throw new Error(res.message);
  const [item] = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId: res.data.reportId }));
  return item;
}

async function stored(itemId: string): Promise<QueueItemDoc> {
  const [item] = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ _id: itemId }));
  return item;
}

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY }); // concurrent calls interleave as on CloudBase
  const db = getDb();
  const now = new Date();
  const grid = t.cloud.demo!.gridIds[0];
  await db
    .collection(Collections.staff)
    .add({ data: { ...PARTNER, role: 'worker', scope: [grid], active: true, createdAt: now, updatedAt: now } });
  await db
    .collection(Collections.staff)
    .add({ data: { ...RETIRED, role: 'worker', scope: [grid], active: false, createdAt: now, updatedAt: now } });
  const [other] = await rows<StaffDoc>(db.collection(Collections.staff).where({ openid: OTHER_GRID_WORKER }));
  otherGridWorkerId = other._id;
});
afterAll(() => t.stop());

describe('staff.assignees', () => {
  it('lists the active staff whose scope covers the item: its grid workers first, then the community admin', async () => {
    const item = await newReportItem();
    const res = await t.call(WORKER, 'staff', 'assignees', { itemId: item._id });
    if (!res.ok) throw new Error(res.message);
    expect(res.data.map((a) => a.name)).toEqual(expect.arrayContaining(['李网格', '陈网格', '王书记']));
    expect(res.data.map((a) => a.name)).not.toContain('钱网格');
    expect(res.data.map((a) => a.name)).not.toContain('孙网格');
    expect(res.data[res.data.length - 1]).toMatchObject({ name: '王书记', role: 'admin', current: false });
  });
});

describe('staff.reassign', () => {
  it('hands the item to a colleague of the grid: shown as the assignee, audited with the note, and notified', async () => {
    const item = await newReportItem();
    const res = await t.call(WORKER, 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id, note: '我今天在隔离点值班' });
    if (!res.ok) throw new Error(res.message);
    expect(res.data.assignee).toEqual({ staffId: PARTNER._id, name: '陈网格' });
    expect(res.data.item.assigned).toBe(true);
    expect((await stored(item._id)).assigneeStaffId).toBe(PARTNER._id);

    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ action: 'reassign', 'target.id': item._id }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: { name: '李网格', role: 'worker' },
      target: { field: `to:${PARTNER._id}` },
      reason: '我今天在隔离点值班',
    });
    const sent = await rows<NotificationDoc>(
      getDb().collection(Collections.notifications).where({ toOpenid: PARTNER.openid, template: 'itemAssigned' }),
    );
    expect(sent.some((n) => n.page.includes(item._id) && n.data.from === '李网格')).toBe(true);

    // the new assignee sees themself as current in the picker, and handing it to them again is refused
    const options = await t.call(PARTNER.openid, 'staff', 'assignees', { itemId: item._id });
    expect(options.ok && options.data.find((a) => a.current)?.name).toBe('陈网格');
    expect(await t.call(WORKER, 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id })).toMatchObject({
      ok: false,
      code: 'ASSIGNEE_SAME',
    });
  });

  it('refuses a colleague outside the item’s place, a deactivated one, or an unknown id, and changes nothing', async () => {
    const item = await newReportItem();
    for (const toStaffId of [otherGridWorkerId, RETIRED._id, 'st_nobody']) {
      expect(await t.call(WORKER, 'staff', 'reassign', { itemId: item._id, toStaffId })).toMatchObject({
        ok: false,
        code: 'ASSIGNEE_INVALID',
        field: 'toStaffId',
      });
    }
    expect((await stored(item._id)).assigneeStaffId).toBeNull();
    expect(
      await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ action: 'reassign', 'target.id': item._id })),
    ).toHaveLength(0);
  });

  it('is not open to residents or to staff who cannot see the item', async () => {
    const item = await newReportItem();
    expect(await t.call('o_rs_stranger', 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await t.call(OTHER_GRID_WORKER, 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await t.call(OTHER_GRID_WORKER, 'staff', 'assignees', { itemId: item._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await stored(item._id)).assigneeStaffId).toBeNull();
  });

  it('refuses a closed item', async () => {
    const item = await newReportItem();
    const verified = await t.call(WORKER, 'staff', 'verify', { itemId: item._id, outcome: 'at_home', methods: ['phone'] });
    expect(verified.ok && verified.data.assignee?.name).toBe('李网格');
    expect(await t.call(ADMIN, 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('lets exactly one of two simultaneous hand-overs win', async () => {
    const item = await newReportItem();
    const [admin] = await rows<StaffDoc>(getDb().collection(Collections.staff).where({ openid: ADMIN }));
    const results = await Promise.all([
      // both saw it unassigned
      t.call(WORKER, 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id, expectedAssignee: NO_ASSIGNEE }),
      t.call(ADMIN, 'staff', 'reassign', { itemId: item._id, toStaffId: admin._id, expectedAssignee: NO_ASSIGNEE }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'CONFLICT' });
    const winner = results[0].ok ? PARTNER._id : admin._id;
    expect((await stored(item._id)).assigneeStaffId).toBe(winner);
  });

  it('rejects bad input with a field error', async () => {
    const item = await newReportItem();
    expect(await t.call(WORKER, 'staff', 'reassign', { itemId: item._id })).toMatchObject({
      ok: false,
      code: 'REQUIRED',
      field: 'toStaffId',
    });
    expect(await t.call(WORKER, 'staff', 'reassign', { itemId: item._id, toStaffId: PARTNER._id, note: 'x'.repeat(201) })).toMatchObject({
      ok: false,
      code: 'TOO_LONG',
      field: 'note',
    });
  });
});
