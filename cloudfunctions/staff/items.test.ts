/** staff.item / reveal / verify / requestAction: scoped, masked, audited, one winner under contention. */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { QueueItemDoc } from '../../src/domain/queue';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { detailOf } from '../../tests/support/items';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import type { ReportReceipt } from '../../src/domain/contracts';

let t: TestCloud;
let filed: ReportReceipt;
const RESIDENT = 'o_items_resident';
const WORKER = PERSONAS.worker.openid; // 第一网格, where the demo building is
const ADMIN = PERSONAS.admin.openid;
const OTHER_WORKER = 'o_seed_worker_3';
const members = familyOfThree(71);

async function itemFor(refId: string): Promise<QueueItemDoc> {
  const [item] = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId }));
  return item;
}

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY }); // concurrent calls interleave as on CloudBase
  const res = await t.call(RESIDENT, 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '301', members }));
  if (!res.ok) throw new Error(res.message);
  filed = res.data;
});
afterAll(() => t.stop());

describe('staff.item and staff.reveal', () => {
  it('shows the report with masked data only', async () => {
    const item = await itemFor(filed.reportId);
    const res = await t.call(WORKER, 'staff', 'item', { itemId: item._id });
    if (!res.ok) throw new Error(res.message);
    expect(detailOf(res.data, 'verify_report').report.address).toBe(filed.address);
    expect(res.data.actions).toEqual(['verify']);
    const json = JSON.stringify(res.data);
    for (const m of members) {
      expect(json).not.toContain(m.idNumber);
      if (m.phone) expect(json).not.toContain(m.phone);
    }
    expect(res.data.persons.map((p) => p.phoneMasked)).toContain('138****5678');
  });

  it('hides items out of scope as not found', async () => {
    const item = await itemFor(filed.reportId);
    expect(await t.call(OTHER_WORKER, 'staff', 'item', { itemId: item._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(RESIDENT, 'staff', 'item', { itemId: item._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('reveals a full phone number only with a reason, and audits it', async () => {
    const person = filed.members[0];
    expect(await t.call(WORKER, 'staff', 'reveal', { personId: person.personId, field: 'phone' })).toMatchObject({
      ok: false,
      code: 'REQUIRED',
      field: 'reason',
    });
    expect(await t.call(OTHER_WORKER, 'staff', 'reveal', { personId: person.personId, field: 'phone', reason: '电话联系' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    const res = await t.call(WORKER, 'staff', 'reveal', { personId: person.personId, field: 'phone', reason: '电话联系核实' });
    expect(res).toEqual({ ok: true, data: { value: members[0].phone } });
    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': person.personId }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'reveal',
      reason: '电话联系核实',
      actor: { name: '李网格', role: 'worker' },
      target: { field: 'phone' },
    });
  });

  it('keeps the audit log append-only: nothing but common/audit.ts writes it, and only with add()', () => {
    const root = join(__dirname, '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(root);
    const writers = files.filter((f) => readFileSync(f, 'utf8').includes('Collections.auditLog')).map((f) => f.slice(root.length + 1));
    expect(writers.sort()).toEqual(['common/audit.ts', 'common/collections.ts'].sort());
    expect(readFileSync(join(root, 'common/audit.ts'), 'utf8')).not.toMatch(/\.(update|remove|set)\(/);
  });
});

describe('staff.verify', () => {
  it('closes the item and records the outcome; a second verification is told it was done', async () => {
    const item = await itemFor(filed.reportId);
    const [a, b] = await Promise.all([
      t.call(WORKER, 'staff', 'verify', { itemId: item._id, outcome: 'at_home', methods: ['phone'] }),
      t.call(ADMIN, 'staff', 'verify', { itemId: item._id, outcome: 'at_home', methods: ['visit'] }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: 'CONFLICT' });
    const after = await t.call(WORKER, 'staff', 'item', { itemId: item._id });
    if (!after.ok) throw new Error(after.message);
    expect(after.data.item.status).toBe('closed');
    expect(detailOf(after.data, 'verify_report').report.status).toBe('verified');
    expect(after.data.actions).toEqual([]);
  });
});

describe('staff.requestAction', () => {
  it('lets exactly one of twenty concurrent accepts win, then start and complete; the resident sees it done', async () => {
    const created = await t.call(RESIDENT, 'request', 'create', {
      clientRequestId: requestId(),
      personId: filed.members[0].personId,
      urgency: 'urgent',
      details: { kind: 'medicine', drug: '胰岛素', quantity: '2支' },
      subscribed: true,
    });
    if (!created.ok) throw new Error(created.message);
    const item = await itemFor(created.data.requestId);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call(i % 2 ? WORKER : ADMIN, 'staff', 'requestAction', { itemId: item._id, action: 'accept' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok))
      expect(r).toMatchObject({ code: expect.stringMatching(/CONFLICT|REQUEST_TRANSITION_INVALID/) });

    for (const action of ['start', 'complete'] as const) {
      const res = await t.call(WORKER, 'staff', 'requestAction', {
        itemId: item._id,
        action,
        note: action === 'complete' ? '已送达' : undefined,
      });
      if (!res.ok) throw new Error(res.message);
    }
    const seen = await t.call(RESIDENT, 'request', 'detail', { requestId: created.data.requestId });
    if (!seen.ok) throw new Error(seen.message);
    expect(seen.data.status).toBe('done');
    expect(seen.data.timeline.map((e) => e.to)).toEqual(['submitted', 'accepted', 'in_progress', 'done']);
    expect((await itemFor(created.data.requestId)).status).toBe('closed');
    const outbox = await rows<{ template: string; data: { status: string } }>(
      getDb().collection(Collections.notifications).where({ toOpenid: RESIDENT }),
    );
    expect(
      outbox
        .filter((n) => n.template === 'requestStatus')
        .map((n) => n.data.status)
        .sort(),
    ).toEqual(['已受理', '已完成'].sort());
  });

  it('requires a reason to reject', async () => {
    const created = await t.call(RESIDENT, 'request', 'create', {
      clientRequestId: requestId(),
      personId: filed.members[1].personId,
      urgency: 'normal',
      details: { kind: 'other', description: '代买报纸' },
    });
    if (!created.ok) throw new Error(created.message);
    const item = await itemFor(created.data.requestId);
    expect(await t.call(WORKER, 'staff', 'requestAction', { itemId: item._id, action: 'reject' })).toMatchObject({
      ok: false,
      code: 'NOTE_REQUIRED',
    });
    const res = await t.call(WORKER, 'staff', 'requestAction', { itemId: item._id, action: 'reject', note: '非防疫保障范围' });
    expect(res.ok && detailOf(res.data, 'request').request.status).toBe('rejected');
  });
});
