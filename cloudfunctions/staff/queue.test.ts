/** staff.queue: scoped, ordered, and paged without ever truncating. */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { PRIORITIES, queueSortKey, type QueueItemDoc } from '../../src/domain/queue';
import type { QueuePage } from '../../src/domain/contracts';
import { PERSONAS } from '../../localcloud/personas';
import { householdReport } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const WORKER = PERSONAS.worker.openid; // 第一网格
const ADMIN = PERSONAS.admin.openid; // 祥云社区
const OTHER_WORKER = 'o_seed_worker_3'; // 第三网格

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

async function allPages(openid: string, payload: Record<string, unknown> = {}): Promise<QueuePage['items']> {
  const items: QueuePage['items'] = [];
  let cursor: string | null = null;
  do {
    const res: Awaited<ReturnType<typeof t.call<'staff', 'queue'>>> = await t.call(openid, 'staff', 'queue', { ...payload, cursor });
    if (!res.ok) throw new Error(`${res.code} ${res.message}`);
    items.push(...res.data.items);
    cursor = res.data.nextCursor;
  } while (cursor);
  return items;
}

describe('staff.queue', () => {
  it('shows a new report to its grid worker and the community admin, and to no other grid', async () => {
    const filed = await t.call('o_queue_resident', 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '101' }));
    if (!filed.ok) throw new Error(filed.message);
    const mine = await allPages(WORKER);
    expect(mine.map((i) => i.refId)).toContain(filed.data.reportId);
    const item = mine.find((i) => i.refId === filed.data.reportId)!;
    expect(item.kind).toBe('verify_report');
    expect(item.summary).not.toContain('张伟');
    expect((await allPages(ADMIN)).map((i) => i.refId)).toContain(filed.data.reportId);
    expect((await allPages(OTHER_WORKER)).map((i) => i.refId)).not.toContain(filed.data.reportId);
  });

  it('refuses residents and deactivated staff, read from the database on every call', async () => {
    expect(await t.call('o_queue_resident', 'staff', 'queue', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(null, 'staff', 'queue', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    const db = getDb();
    await db
      .collection(Collections.staff)
      .where({ openid: OTHER_WORKER })
      .update({ data: { active: false } });
    expect(await t.call(OTHER_WORKER, 'staff', 'queue', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await db
      .collection(Collections.staff)
      .where({ openid: OTHER_WORKER })
      .update({ data: { active: true } });
    expect((await t.call(OTHER_WORKER, 'staff', 'queue', {})).ok).toBe(true);
  });

  it('returns all 10,001 items of a grid across pages, most urgent first, then by due time', async () => {
    const demo = t.cloud.demo!;
    const grid = demo.gridIds[1]; // 第二网格: untouched by the other tests
    const placePath = [demo.communityId, grid];
    const base = Date.parse('2026-11-24T00:00:00Z');
    const now = new Date();
    const docs: QueueItemDoc[] = Array.from({ length: 10_001 }, (_, i) => {
      const priority = [PRIORITIES.normal, PRIORITIES.urgent, PRIORITIES.emergency][i % 3];
      const dueAt = new Date(base + ((i * 7919) % 5000) * 60_000); // shuffled due times, with ties
      const _id = `q_bulk_${String(i).padStart(5, '0')}`;
      return {
        _id,
        kind: i % 2 ? 'request' : 'verify_report',
        refId: `ref_${i}`,
        communityId: demo.communityId,
        gridId: grid,
        placePath,
        priority,
        dueAt,
        sortKey: queueSortKey(priority, dueAt, _id),
        status: 'open',
        assigneeStaffId: null,
        title: `事项${i}`,
        summary: '',
        createdAt: now,
        updatedAt: now,
      };
    });
    t.cloud.store.insertMany(Collections.queueItems, docs as unknown as Array<Record<string, unknown>>);

    const worker = 'o_seed_worker_2';
    const items = await allPages(worker);
    expect(items).toHaveLength(10_001);
    expect(new Set(items.map((i) => i.itemId)).size).toBe(10_001);
    const rank = { emergency: 0, urgent: 1, normal: 2 } as const;
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1];
      const b = items[i];
      const inOrder = rank[a.priority] < rank[b.priority] || (rank[a.priority] === rank[b.priority] && a.dueAt <= b.dueAt);
      if (!inOrder) throw new Error(`out of order at ${i}: ${a.priority} ${a.dueAt} then ${b.priority} ${b.dueAt}`);
    }
    const first = await t.call(worker, 'staff', 'queue', {});
    if (!first.ok) throw new Error(first.message);
    expect(first.data.counts).toMatchObject({ verify_report: 5001, request: 5000 });
    expect(t.cloud.store.explain(Collections.queueItems, { placePath: grid, status: 'open' }, { sortKey: 1 }).index).toBe(
      'path_status_sort',
    );

    const requests = await allPages(worker, { kind: 'request' });
    expect(requests).toHaveLength(5000);
    expect(requests.every((i) => i.kind === 'request')).toBe(true);
  }, 120_000);

  it('refuses a bad filter with a clear error', async () => {
    const res = await t.call(WORKER, 'staff', 'queue', { kind: 'everything' });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ENUM', field: 'kind' });
  });
});
