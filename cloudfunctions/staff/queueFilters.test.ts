/**
 * staff.queue's dashboard filters: past due, one urgency, a place of the scope — each paged to the
 * end across the urgencies' ranges of the queue order, every matching item once and nothing else.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { fetchAll } from '../common/paging';
import type { QueuePage, ReportReceipt } from '../../src/domain/contracts';
import { PRIORITIES, type QueueItemDoc } from '../../src/domain/queue';
import type { Urgency } from '../../src/domain/requests';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
let household: ReportReceipt;
const WORKER = PERSONAS.worker.openid;
const ADMIN = PERSONAS.admin.openid;
const at = (local: string) => new Date(`${local}+08:00`);
const URGENCIES: Urgency[] = ['normal', 'urgent', 'emergency'];

beforeAll(async () => {
  t = await startTestCloud();
  setClock({ at: at('2026-12-01T08:00:00') });
  const res = await t.call(
    'o_qf_resident',
    'report',
    'submit',
    householdReport(t.cloud.demo!.buildingId, { room: '601', members: familyOfThree(401) }),
  );
  if (!res.ok) throw new Error(res.message);
  household = res.data;
  // 130 requests of mixed urgency, a minute apart: more than two pages, both boundaries mid-page
  for (let i = 0; i < 130; i++) {
    setClock({ at: new Date(at('2026-12-01T08:00:00').getTime() + i * 60_000) });
    const r = await t.call('o_qf_resident', 'request', 'create', {
      clientRequestId: requestId(),
      personId: household.members[i % 3].personId,
      urgency: URGENCIES[i % 3],
      details: { kind: 'other', description: `第${i}份` },
    });
    if (!r.ok) throw new Error(r.message);
  }
  // 12:00: every emergency (10 min) and urgent (1 h) item is past due, no normal one (24 h)
  setClock({ at: at('2026-12-01T12:00:00') });
}, 120_000);
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

async function pageAll(openid: string, payload: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await t.call(openid, 'staff', 'queue', { ...payload, cursor });
    if (!res.ok) throw new Error(`${res.code} ${res.message}`);
    const page = res.data as QueuePage;
    ids.push(...page.items.map((i) => i.itemId));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('paging does not end');
}

async function openItems(where: (i: QueueItemDoc) => boolean): Promise<string[]> {
  const all = await fetchAll<QueueItemDoc>(getDb(), Collections.queueItems, { status: 'open' });
  return all
    .filter(where)
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1))
    .map((i) => i._id);
}

describe('staff.queue filters', () => {
  it('overdue: every item past due, in queue order across urgencies, once each', async () => {
    const expected = await openItems((i) => i.placePath.includes(t.cloud.demo!.gridIds[0]) && i.dueAt < at('2026-12-01T12:00:00'));
    // 43 emergencies and 43 urgent requests; the 44 normal ones and the household's report (returning: normal) are not due yet
    expect(expected).toHaveLength(86);
    expect(await pageAll(WORKER, { overdue: true })).toEqual(expected);
    expect(await pageAll(WORKER, { overdue: true, kind: 'request' })).toEqual(expected);
  });

  it('one urgency: its items only; with overdue, its past-due ones', async () => {
    const normal = await openItems((i) => i.priority === PRIORITIES.normal);
    expect(await pageAll(WORKER, { priority: 'normal' })).toEqual(normal);
    expect(await pageAll(WORKER, { priority: 'normal', overdue: true })).toEqual([]);
    const emergency = await openItems((i) => i.priority === PRIORITIES.emergency);
    expect(emergency).toHaveLength(43);
    expect(await pageAll(ADMIN, { priority: 'emergency', overdue: true })).toEqual(emergency);
  });

  it('a place of the scope narrows the list; one outside it is not found', async () => {
    const [grid1, grid2] = t.cloud.demo!.gridIds;
    expect(await pageAll(ADMIN, { placeId: grid2 })).toEqual([]);
    expect(await pageAll(ADMIN, { placeId: grid1, priority: 'urgent' })).toEqual(await openItems((i) => i.priority === PRIORITIES.urgent));
    expect(await t.call(WORKER, 'staff', 'queue', { placeId: grid2 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(WORKER, 'staff', 'queue', { placeId: t.cloud.demo!.communityId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
