/**
 * Every paged list past its first page, over HTTP, with records the functions created (real ids):
 * nothing repeated or skipped when records arrive or leave between pages, and a garbage, stale or
 * other list's cursor refused with BAD_REQUEST.
 */
import { randomBytes } from 'crypto';
import { Collections } from './collections';
import { getDb } from './cloud';
import { setClock } from './clock';
import { declaredCursors } from './cursors';
import { rows } from './db';
import type { Page, ReportReceipt } from '../../src/domain/contracts';
import type { MemberInput } from '../../src/domain/household';
import type { Place } from '../../src/domain/places';
import { shanghaiDateString } from '../../src/domain/time';
import { idCard, householdReport, requestId } from '../../tests/support/people';
import { loginAs, type HttpSession } from '../../tests/support/http';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { PERSONAS } from '../../localcloud/personas';
import { REQUESTS_PAGE_SIZE } from '../request/mine';
import { REPORTS_PAGE_SIZE } from '../report/mine';
import { ROSTER_PAGE_SIZE } from '../staff/isolation';
import { BUILDINGS_PAGE_SIZE } from './places';

let t: TestCloud;
let resident: HttpSession;
let resident2: HttpSession;
let worker: HttpSession;
let admin: HttpSession;
const WORKER = PERSONAS.worker.openid;
const ADMIN = PERSONAS.admin.openid;

beforeAll(async () => {
  t = await startTestCloud();
  [resident, resident2, worker, admin] = await Promise.all([
    loginAs(t.cloud.url, 'resident'),
    loginAs(t.cloud.url, 'resident2'),
    loginAs(t.cloud.url, 'worker'),
    loginAs(t.cloud.url, 'admin'),
  ]);
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

function data<D>(res: { ok: true; data: D } | { ok: false; code: string; message: string }): D {
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

/** Runs `task(i)` for i in [0, count) with at most 8 at a time. */
async function bounded(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Pins the clock for `fn`: records made inside share one createdAt, so ties are broken by _id. */
async function at<T>(when: Date, fn: () => Promise<T>): Promise<T> {
  setClock({ at: when });
  try {
    return await fn();
  } finally {
    setClock({ at: null });
  }
}

const ids = <T>(page: Page<T>, id: (item: T) => string) => page.items.map(id);

function expectOnceEach(seen: string[], expected: string[]): void {
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort()).toEqual([...expected].sort());
}

describe('request.mine', () => {
  it('pages by key: requests filed between pages neither repeat nor push any out', async () => {
    const household = data(await resident.call('report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '401' })));
    const create = () =>
      resident.call('request', 'create', {
        clientRequestId: requestId(),
        personId: household.members[0].personId,
        urgency: 'normal',
        details: { kind: 'other', description: '代买菜' },
      });
    const base = Date.now() - 3600_000;
    // 45 requests, five to each instant
    for (let g = 0; g < 9; g++) await at(new Date(base + g * 1000), () => Promise.all(Array.from({ length: 5 }, create)));

    const page1 = data(await resident.call('request', 'mine', {}));
    expect(page1.items).toHaveLength(REQUESTS_PAGE_SIZE);
    const fresh = await at(new Date(base + 60_000), () => Promise.all(Array.from({ length: 3 }, create)));
    const page2 = data(await resident.call('request', 'mine', { cursor: page1.nextCursor }));
    const page3 = data(await resident.call('request', 'mine', { cursor: page2.nextCursor }));
    expect([page2.items.length, page3.items.length, page3.nextCursor]).toEqual([REQUESTS_PAGE_SIZE, 5, null]);

    const seen = [page1, page2, page3].flatMap((p) => ids(p, (r) => r.requestId));
    const original = {
      data: await rows<{ _id: string; createdAt: Date }>(
        getDb().collection(Collections.requests).where({ householdId: household.householdId }).limit(100),
      ),
    };
    const newIds = fresh.map((r) => data(r).requestId);
    expectOnceEach(
      seen,
      original.data.map((r) => r._id).filter((id) => !newIds.includes(id)),
    );
    // newest first, ties by id, newest id first
    const order = original.data
      .filter((r) => !newIds.includes(r._id))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1))
      .map((r) => r._id);
    expect(seen).toEqual(order);

    const again = data(await resident.call('request', 'mine', {}));
    expect(ids(again, (r) => r.requestId).slice(0, 3)).toEqual([...newIds].sort().reverse());
  });
});

describe('report.myReports', () => {
  it('pages by key: a filing made between pages neither repeats nor pushes any out', async () => {
    const filing = () => householdReport(t.cloud.demo!.buildingId, { room: '402', members: [{ ...MEMBER(0, 1), relation: 'self' }] });
    const base = Date.now() - 7200_000;
    const receipts: ReportReceipt[] = [];
    for (let g = 0; g < 15; g++)
      await at(new Date(base + g * 1000), async () => {
        for (let k = 0; k < 3; k++) receipts.push(data(await resident2.call('report', 'submit', filing())));
      });
    const page1 = data(await resident2.call('report', 'myReports', {}));
    expect(page1.items).toHaveLength(REPORTS_PAGE_SIZE);
    const late = await at(new Date(base + 60_000), async () => data(await resident2.call('report', 'submit', filing())));
    const page2 = data(await resident2.call('report', 'myReports', { cursor: page1.nextCursor }));
    const page3 = data(await resident2.call('report', 'myReports', { cursor: page2.nextCursor }));
    expect([page2.items.length, page3.items.length, page3.nextCursor]).toEqual([REPORTS_PAGE_SIZE, 5, null]);
    expectOnceEach(
      [page1, page2, page3].flatMap((p) => ids(p, (r) => r.reportId)),
      receipts.map((r) => r.reportId),
    );
    expect(data(await resident2.call('report', 'myReports', {})).items[0].reportId).toBe(late.reportId);
  });
});

/** Member `i` of a generated household `h`: an adult with a valid, unique ID number. */
function MEMBER(h: number, i: number): MemberInput {
  const day = String(1 + (h % 28)).padStart(2, '0');
  return {
    name: `${'张王李赵刘陈杨黄'[h % 8]}${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'[i]}`,
    relation: i === 0 ? 'self' : 'other',
    idType: 'id_card',
    idNumber: idCard(`1970${String(1 + (i % 12)).padStart(2, '0')}${day}`, 100 + h * 20 + i),
    phone: '13812345678',
  };
}

describe('staff.roster', () => {
  it('pages by key: isolations ended between pages push none of the rest out', async () => {
    // 11 households of 20 in 第一网格: 220 persons, each isolated by the worker
    const persons: string[] = [];
    await bounded(11, async (h) => {
      const members = Array.from({ length: 20 }, (_, i) => MEMBER(h, i));
      const filed = data(
        await t.call(`o_roster_${h}`, 'report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: `${5 + h}01`, members })),
      );
      persons.push(...filed.members.map((m) => m.personId));
    });
    const today = shanghaiDateString(new Date());
    const isolations: string[] = [];
    await bounded(persons.length, async (i) => {
      const iso = data(
        await t.call(WORKER, 'staff', 'startIsolation', {
          personId: persons[i],
          kind: 'home_isolation',
          startDate: today,
          plannedDays: 1 + (i % 5),
          reason: '密接',
        }),
      );
      isolations.push(iso.isolationId);
    });

    const page1 = data(await worker.call('staff', 'roster', {}));
    expect(page1.items).toHaveLength(ROSTER_PAGE_SIZE);
    // three people on page 1 are released early
    const released = page1.items.slice(0, 3).map((e) => e.isolationId);
    for (const isolationId of released) data(await t.call(WORKER, 'staff', 'endIsolation', { isolationId, reason: '核酸阴性，提前解除' }));
    const page2 = data(await worker.call('staff', 'roster', { cursor: page1.nextCursor }));
    expect(page2.nextCursor).toBeNull();
    const seen = [page1, page2].flatMap((p) => ids(p, (e) => e.isolationId));
    expectOnceEach(seen, isolations);
    const keys = [page1, page2].flatMap((p) => p.items.map((e) => `${e.endDate}|${e.isolationId}`));
    expect(keys).toEqual([...keys].sort());
  }, 60_000);
});

describe('staff.listStaff', () => {
  it('pages by key: a staff member joining between pages pushes none out', async () => {
    const invite = async (name: string) => {
      const inv = data(await t.call(ADMIN, 'staff', 'createInvite', { role: 'worker', name, scope: [t.cloud.demo!.gridIds[1]] }));
      data(await t.call(`o_staff_${randomBytes(6).toString('hex')}`, 'staff', 'acceptInvite', { inviteCode: inv.inviteCode }));
    };
    // names with ties: the id breaks them
    for (let i = 0; i < 60; i++) await invite(['陈网格', '杨网格', '黄网格', '吴网格'][i % 4] + (i % 7 === 0 ? '' : String(i % 5)));
    const before = { data: await rows<{ _id: string }>(getDb().collection(Collections.staff).limit(1000)) };

    const page1 = data(await admin.call('staff', 'listStaff', {}));
    expect(page1.items).toHaveLength(50);
    await invite('一网格'); // 一 (U+4E00) sorts before every name on page 1
    const rest: string[] = [];
    let cursor = page1.nextCursor;
    while (cursor) {
      const page = data(await admin.call('staff', 'listStaff', { cursor }));
      rest.push(...ids(page, (s) => s.staffId));
      cursor = page.nextCursor;
    }
    const seen = [...ids(page1, (s) => s.staffId), ...rest];
    expectOnceEach(
      seen,
      before.data.map((s) => s._id),
    );
  }, 60_000);
});

describe('place.buildings and staff.buildings', () => {
  it('page by key past the first page: a building added between pages pushes none out', async () => {
    const db = getDb();
    const demo = t.cloud.demo!;
    const [compound] = await rows<Place>(
      db.collection(Collections.places).where({ parentId: demo.gridIds[0], level: 'compound' }).limit(1),
    );
    // more buildings than a page, the way the seed writes them (ties on `sort` included)
    const addBuilding = (sort: number, n: number) => {
      const _id = `pl_${randomBytes(8).toString('hex')}`;
      return db.collection(Collections.places).add({
        data: {
          _id,
          level: 'building',
          name: `新${n}号楼`,
          parentId: compound._id,
          path: [...compound.path, _id],
          sort,
          code: `T${randomBytes(4).toString('hex').toUpperCase()}`,
          gridId: demo.gridIds[0],
          units: [],
        },
      });
    };
    for (let n = 0; n < 60; n++) await addBuilding(1000 + Math.floor(n / 4), n);
    const all = {
      data: await rows<Place>(db.collection(Collections.places).where({ path: demo.communityId, level: 'building' }).limit(1000)),
    };
    expect(all.data.length).toBeGreaterThan(BUILDINGS_PAGE_SIZE);

    for (const list of [
      (cursor: string | null) => resident.call('place', 'buildings', { communityId: demo.communityId, cursor }),
      (cursor: string | null) => admin.call('staff', 'buildings', { cursor }),
    ]) {
      const page1 = data(await list(null));
      expect(page1.items).toHaveLength(BUILDINGS_PAGE_SIZE);
      const page2 = data(await list(page1.nextCursor));
      expect(page2.nextCursor).toBeNull();
      const seen = [...ids(page1, (b) => b.id), ...ids(page2, (b) => b.id)];
      expectOnceEach(
        seen,
        all.data.map((b) => b._id),
      );
    }
    // added before the cursor's position between the pages: the next page is unchanged
    const page1 = data(await admin.call('staff', 'buildings', {}));
    const page2 = data(await admin.call('staff', 'buildings', { cursor: page1.nextCursor }));
    await addBuilding(-1, 999);
    expect(data(await admin.call('staff', 'buildings', { cursor: page1.nextCursor })).items).toEqual(page2.items);
  });
});

describe('a cursor the server did not make for that list', () => {
  const lists: Array<[string, () => HttpSession, string, string, Record<string, unknown>]> = [
    ['staff.queue', () => worker, 'staff', 'queue', {}],
    ['staff.queue by kind', () => worker, 'staff', 'queue', { kind: 'request' }],
    ['staff.roster', () => worker, 'staff', 'roster', {}],
    ['staff.listStaff', () => admin, 'staff', 'listStaff', {}],
    ['staff.buildings', () => admin, 'staff', 'buildings', {}],
    ['place.buildings', () => resident, 'place', 'buildings', {}],
    ['report.myReports', () => resident, 'report', 'myReports', {}],
    ['request.mine', () => resident, 'request', 'mine', {}],
  ];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const garbage: Array<[string, unknown]> = [
    ['garbage', 'garbage'],
    ['an offset cursor of the old format', b64('o:20')],
    ['a raw sort key', b64('2|2026-11-24T00:00:00.000Z|q_rq_0123456789abcdef0123456789abcdef')],
    ['a tuple of the wrong shape', b64(JSON.stringify(['queue', '2', 'x']))],
    ['a tuple with an id that is no id', b64(JSON.stringify(['requests', 0, '../../etc']))],
    ['not base64url', 'a+b/c=='],
    ['513 characters', 'A'.repeat(513)],
    ['a number', 20],
    ['an object', { offset: 20 }],
  ];
  it.each(lists)('%s refuses each with BAD_REQUEST and a clear message', async (_name, session, fn, action, extra) => {
    const payload = fn === 'place' ? { communityId: t.cloud.demo!.communityId, ...extra } : extra;
    // a well-formed cursor of another list
    const other =
      action === 'roster'
        ? declaredCursors.get('requests')!.encode([new Date(), 'rq_0'])
        : declaredCursors.get('roster')!.encode(['2026-11-24', 'iso_0']);
    for (const [label, cursor] of [...garbage, ['another list’s cursor', other] as const]) {
      const res = await session().call(fn as 'staff', action as 'queue', { ...payload, cursor });
      expect({ label, res }).toMatchObject({
        label,
        res: { ok: false, code: 'BAD_REQUEST', field: 'cursor', message: '分页参数无效，请刷新后重试' },
      });
    }
  });
});

describe('keyset pages are index seeks', () => {
  // the two reads of a page after a cursor: the rest of the last key's ties, then the keys beyond it
  const at = new Date('2026-11-24T08:00:00Z');
  it.each([
    [Collections.requests, { householdId: 'h_1', createdAt: at, _id: { $lt: 'rq_1' } }, { createdAt: -1, _id: -1 }, 'household_created'],
    [Collections.requests, { householdId: 'h_1', createdAt: { $lt: at } }, { createdAt: -1, _id: -1 }, 'household_created'],
    [Collections.reports, { householdId: 'h_1', createdAt: at, _id: { $lt: 'r_1' } }, { createdAt: -1, _id: -1 }, 'household_created'],
    [Collections.reports, { householdId: 'h_1', createdAt: { $lt: at } }, { createdAt: -1, _id: -1 }, 'household_created'],
    [
      Collections.isolations,
      { placePath: 'g_1', status: 'active', endDate: '2026-11-24', _id: { $gt: 'iso_1' } },
      { endDate: 1, _id: 1 },
      'path_status_end',
    ],
    [
      Collections.isolations,
      { placePath: 'g_1', status: 'active', endDate: { $gt: '2026-11-24' } },
      { endDate: 1, _id: 1 },
      'path_status_end',
    ],
    [Collections.places, { path: 'c_1', level: 'building', sort: 5, _id: { $gt: 'pl_1' } }, { sort: 1, _id: 1 }, 'path_level_sort'],
    [Collections.places, { path: 'c_1', level: 'building', sort: { $gt: 5 } }, { sort: 1, _id: 1 }, 'path_level_sort'],
  ])('%s %j', (collection, filter, sort, index) => {
    expect(t.cloud.store.explain(collection, filter, sort as Record<string, 1 | -1>)).toMatchObject({ index, exact: true, pushdown: true });
  });
});
