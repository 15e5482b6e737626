/**
 * A batch row's stage (the dashboard's rows by pass) in the local cloud's latency mode: passes of
 * every kind recorded at once on the same rows (single and together) leave each row at the
 * furthest of them, with every pass kept.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows as readRows } from '../common/db';
import type { BatchRowDoc } from '../../src/domain/batches';
import { PERSONAS } from '../../localcloud/personas';
import { idCard } from '../../tests/support/people';
import { csvOf, runToEnd, uploadList } from '../../tests/support/batches';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid;
let t: TestCloud;

function ok<T>(r: { ok: true; data: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code} ${r.message}`);
  return r.data;
}

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY });
});
afterAll(() => t.stop());

it('phone, visit and daily passes at once: each row ends at 每日更新 with all its passes', async () => {
  const list = Array.from({ length: 4 }, (_, i) => [`钱${i}`, idCard('19900101', 60 + i), '', `祥云一区3号楼1单元${101 + i}`]);
  const fileId = await uploadList(t, ADMIN, csvOf(['姓名', '身份证号码', '联系电话', '现住址'], list), 'csv');
  let view = ok(await t.call(ADMIN, 'batch', 'upload', { fileId, source: '区指挥部', subject: '并发环节', deadline: new Date(Date.now() + 86_400_000).toISOString() }));
  if (view.status === 'mapping') view = ok(await t.call(ADMIN, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping }));
  view = await runToEnd(t, ADMIN, view);
  ok(await t.call(ADMIN, 'batch', 'dispatch', { batchId: view.batchId }));
  const rowIds = ok(await t.call(ADMIN, 'batch', 'rows', { batchId: view.batchId, state: 'dispatched' })).items.map((r) => r.rowId);
  expect(rowIds).toHaveLength(4);

  const calls = rowIds.flatMap((rowId, i) => {
    const daily = t.call(i % 2 ? ADMIN : WORKER, 'batch', 'pass', { rowId, kind: 'daily' as const, note: '体温正常' });
    const visit = t.call(WORKER, 'batch', 'pass', { rowId, kind: 'visit' as const, atHome: true });
    const phone = t.call(ADMIN, 'batch', 'pass', { rowId, kind: 'phone' as const, phoneOutcome: 'reached' as const });
    // the order the calls are made in differs row by row
    return i % 2 ? [phone, visit, daily] : [daily, phone, visit];
  });
  for (const r of await Promise.all(calls)) ok(r);

  const stored = await readRows<BatchRowDoc>(getDb().collection(Collections.batchRows).where({ _id: getDb().command.in(rowIds) }).limit(10));
  for (const row of stored) {
    expect(row.stage).toBe('daily');
    expect(row.passes.map((p) => p.kind).sort()).toEqual(['check', 'daily', 'phone', 'visit']);
  }
  const v = ok(await t.call(ADMIN, 'dashboard', 'overview', {}));
  expect(Object.fromEntries(Object.entries(v.batch.byPass).map(([k, f]) => [k, f.value]))).toEqual({ check: 0, phone: 0, visit: 0, daily: 4 });
});
