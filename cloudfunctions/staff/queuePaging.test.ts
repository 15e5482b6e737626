/**
 * The grid worker pages the queue to the end over HTTP, with items the functions themselves
 * created (real ids, real cursor sizes): every item once, in queue order, page after page.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { fetchAll } from '../common/paging';
import type { QueuePage, ReportReceipt } from '../../src/domain/contracts';
import type { QueueItemDoc, QueueKind } from '../../src/domain/queue';
import type { Urgency } from '../../src/domain/requests';
import { householdReport, requestId } from '../../tests/support/people';
import { loginAs, type HttpSession } from '../../tests/support/http';
import { RESIDENT, startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { QUEUE_PAGE_SIZE } from './queue';

let t: TestCloud;
let worker: HttpSession;
let resident: HttpSession;
let household: ReportReceipt; // filed by the resident persona in 第一网格: one verify_report item
let grid: string; // 第一网格, the worker persona's scope
let requestsMade = 0;

beforeAll(async () => {
  t = await startTestCloud();
  worker = await loginAs(t.cloud.url, 'worker');
  resident = await loginAs(t.cloud.url, 'resident');
  const filed = await resident.call('report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '301' }));
  if (!filed.ok) throw new Error(filed.message);
  household = filed.data;
  grid = t.cloud.demo!.gridIds[0];
});
afterAll(() => t.stop());

const URGENCIES: Urgency[] = ['normal', 'urgent', 'emergency'];

/** Runs `task(i)` for i in [from, to) with at most `width` at a time. */
async function bounded(from: number, to: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) await task(next++);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

/** One resident request per item through request.create, each putting one `request` item in the grid's queue. */
async function createRequests(count: number, via: 'http' | 'in-process'): Promise<void> {
  const from = requestsMade;
  await bounded(from, from + count, 8, async (i) => {
    const payload = {
      clientRequestId: requestId(),
      personId: household.members[i % household.members.length].personId,
      urgency: URGENCIES[i % URGENCIES.length],
      details: { kind: 'other' as const, description: `代买第${i}份生活用品` },
    };
    const res = via === 'http' ? await resident.call('request', 'create', payload) : await t.call(RESIDENT, 'request', 'create', payload);
    if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  });
  requestsMade += count;
}

/** The grid's open items in queue order, read straight from the collection. */
async function expectedQueue(kind?: QueueKind): Promise<QueueItemDoc[]> {
  const items = await fetchAll<QueueItemDoc>(getDb(), Collections.queueItems, {
    placePath: grid,
    status: 'open',
    ...(kind ? { kind } : {}),
  });
  return items.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
}

async function pageToTheEnd(
  payload: Record<string, unknown> = {},
): Promise<{ items: QueuePage['items']; pages: number; longestCursor: number }> {
  const items: QueuePage['items'] = [];
  let cursor: string | null = null;
  let pages = 0;
  let longestCursor = 0;
  do {
    const res: Awaited<ReturnType<HttpSession['call']>> = await worker.call('staff', 'queue', { ...payload, cursor });
    if (!res.ok) throw new Error(`page ${pages + 1}: ${res.code} ${res.message}`);
    const page = res.data as QueuePage;
    pages += 1;
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor) longestCursor = Math.max(longestCursor, cursor.length);
    if (pages > 10_000) throw new Error('paging does not end');
  } while (cursor);
  return { items, pages, longestCursor };
}

async function expectWholeQueue(total: number): Promise<number> {
  let longest = 0;
  for (const kind of [undefined, 'request'] as const) {
    const expected = await expectedQueue(kind);
    expect(expected).toHaveLength(kind ? total - 1 : total);
    const seen = await pageToTheEnd(kind ? { kind } : {});
    expect(seen.pages).toBe(Math.ceil(expected.length / QUEUE_PAGE_SIZE));
    // exactly once each, in queue order (priority, due time, id)
    expect(seen.items.map((i) => i.itemId)).toEqual(expected.map((i) => i._id));
    const rank = { emergency: 0, urgent: 1, normal: 2 } as const;
    const outOfOrder = seen.items.findIndex(
      (b, i) =>
        i > 0 &&
        (rank[seen.items[i - 1].priority] > rank[b.priority] ||
          (rank[seen.items[i - 1].priority] === rank[b.priority] && seen.items[i - 1].dueAt > b.dueAt)),
    );
    expect(outOfOrder).toBe(-1);
    // real ids make cursors longer than the 64 characters the payload once allowed
    expect(seen.longestCursor).toBeGreaterThan(64);
    longest = Math.max(longest, seen.longestCursor);
  }
  return longest;
}

describe('staff.queue paged by the grid worker over HTTP', () => {
  it('reaches every one of 1,001 items the functions created', async () => {
    const started = Date.now();
    await createRequests(1_000 - requestsMade, 'http');
    const created = Date.now();
    const longest = await expectWholeQueue(1_001);
    console.log(`1,001 items: created in ${created - started} ms (HTTP), paged in ${Date.now() - created} ms; longest cursor ${longest}`);
  }, 120_000);

  it('reaches every one of 10,001 items the functions created', async () => {
    const started = Date.now();
    // in-process calls of the same function, to create them faster; the paging is over HTTP
    await createRequests(10_000 - requestsMade, 'in-process');
    const created = Date.now();
    const longest = await expectWholeQueue(10_001);
    console.log(
      `10,001 items: topped up to ${requestsMade} requests in ${created - started} ms, paged in ${Date.now() - created} ms; longest cursor ${longest}`,
    );
  }, 300_000);
});
