/**
 * Re-gridding: a building or a compound moves to another grid and every record below follows —
 * households, persons, reports, queue items, requests, isolations, check-ins — in resumable batches;
 * counts before and after match, the open items show in the new grid worker's queue, a runner
 * killed mid-job resumes after a restart of the local cloud, and running a job again changes nothing.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { first, rows, total } from '../common/db';
import { fetchAll } from '../common/paging';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { ActionName, DataOf, FunctionName, PayloadOf } from '../../src/domain/contracts';
import type { Result } from '../../src/domain/errors';
import type { Place } from '../../src/domain/places';
import { startLocalCloud, type LocalCloud } from '../../localcloud/server';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { PATH_COLLECTIONS, runJob, type PlaceJobDoc } from './regrid';

let t: TestCloud;
/** the running local cloud (replaced by a restart) */
let cloud: LocalCloud;
const ADMIN = PERSONAS.admin.openid;
const WORKER1 = PERSONAS.worker.openid;
const WORKER2 = 'o_seed_worker_2';
const WORKER3 = 'o_seed_worker_3';
const WORKER4 = 'o_seed_worker_4';

function call<F extends FunctionName, A extends ActionName<F>>(
  openid: string,
  name: F,
  action: A,
  payload: PayloadOf<F, A> | Record<string, unknown>,
) {
  return cloud.invoke(name, { action, payload }, openid) as Promise<Result<DataOf<F, A>>>;
}
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data;
};

const places = () => fetchAll<Place>(getDb(), Collections.places, {});
const placeNamed = async (name: string, level?: string) => (await places()).find((p) => p.name === name && (!level || p.level === level))!;

let seq = 0;
/** A household in each building (a fever check-in, an isolation and a medicine request in the first one). */
async function populate(buildingIds: string[]): Promise<void> {
  for (const [i, buildingId] of buildingIds.entries()) {
    seq++;
    const openid = `o_rg_${seq}`;
    const receipt = ok(
      await call(openid, 'report', 'submit', householdReport(buildingId, { room: '101', members: familyOfThree(300 + seq) })),
    );
    if (i > 0) continue;
    const personId = receipt.members[0].personId;
    const building = (await first<Place>(getDb().collection(Collections.places).where({ _id: buildingId })))!;
    const worker = [WORKER1, WORKER2, WORKER3, WORKER4][t.cloud.demo!.gridIds.indexOf(building.gridId!)];
    ok(
      await call(worker, 'staff', 'startIsolation', {
        personId,
        kind: 'home_isolation',
        startDate: '2026-12-01',
        plannedDays: 5,
        reason: '密接',
      }),
    );
    ok(await call(openid, 'checkin', 'submit', { personId, temperature: 38.1, symptoms: [] }));
    ok(
      await call(openid, 'request', 'create', {
        clientRequestId: requestId(),
        personId,
        urgency: 'urgent',
        details: { kind: 'medicine', drug: '布洛芬', quantity: '1盒' },
      }),
    );
  }
}

/** Documents of every collection with a place path that lie under `placeId`. */
async function countsUnder(placeId: string, alsoUnder?: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const _ = getDb().command;
  const placePath = alsoUnder ? _.all([placeId, alsoUnder]) : placeId;
  for (const c of PATH_COLLECTIONS) out[c.name] = await total(getDb().collection(c.name).where({ placePath }));
  return out;
}

async function snapshot(): Promise<string> {
  const parts: unknown[] = [await places()];
  for (const c of PATH_COLLECTIONS) parts.push(await fetchAll(getDb(), c.name, {}));
  return JSON.stringify(parts);
}

async function queueIds(openid: string): Promise<string[]> {
  const page = ok(await call(openid, 'staff', 'queue', {}));
  return page.items.map((i) => i.itemId);
}

beforeAll(async () => {
  setClock({ at: new Date('2026-12-01T08:00:00+08:00') });
  t = await startTestCloud();
  cloud = t.cloud;
});
afterAll(async () => {
  setClock({ at: null });
  await cloud.close();
  await t.stop().catch(() => undefined);
});

describe('moving a building to another grid', () => {
  it('rewrites every record under it; its open items leave the old worker’s queue and reach the new one’s', async () => {
    const buildingId = t.cloud.demo!.buildingId;
    await populate([buildingId]);
    const grid2 = t.cloud.demo!.gridIds[1];
    const before = await countsUnder(buildingId);
    // every kind of record is there (a household conflict needs two filings of one person: none here)
    expect(
      Object.entries(before)
        .filter(([, n]) => n === 0)
        .map(([c]) => c),
    ).toEqual([Collections.householdConflicts]);
    const openItems = (
      await rows<{ _id: string }>(getDb().collection(Collections.queueItems).where({ placePath: buildingId, status: 'open' }).limit(100))
    ).map((i) => i._id);
    expect(openItems.length).toBeGreaterThanOrEqual(3); // verify, check-in alert, request
    expect(await queueIds(WORKER1)).toEqual(expect.arrayContaining(openItems));
    const w2Before = await queueIds(WORKER2);
    expect(w2Before).not.toEqual(expect.arrayContaining(openItems));

    const job = ok(await call(ADMIN, 'hierarchy', 'move', { placeIds: [buildingId], toParentId: grid2 }));
    expect(job).toMatchObject({ status: 'done', title: '3号楼 → 第二网格', households: { before: 1, after: 1 } });
    expect(job.openItems.after).toBe(job.openItems.before);

    // the building is under a 祥云一区 of 第二网格 now (addresses keep the compound's name), with its code
    const building = (await first<Place>(getDb().collection(Collections.places).where({ _id: buildingId })))!;
    const parent = (await first<Place>(getDb().collection(Collections.places).where({ _id: building.parentId! })))!;
    expect(parent).toMatchObject({ name: '祥云一区', level: 'compound', gridId: grid2 });
    expect(building.gridId).toBe(grid2);
    expect(building.code).toBe(t.cloud.demo!.buildingCode);
    expect(building.path).toEqual([...parent.path, buildingId]);

    expect(await countsUnder(buildingId)).toEqual(before);
    expect(await countsUnder(buildingId, grid2)).toEqual(before);
    expect(await countsUnder(t.cloud.demo!.gridIds[0], buildingId)).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, 0])));
    const items = await rows<{ gridId: string }>(getDb().collection(Collections.queueItems).where({ placePath: buildingId }).limit(100));
    expect(items.every((i) => i.gridId === grid2)).toBe(true);

    expect(await queueIds(WORKER2)).toEqual(expect.arrayContaining(openItems));
    expect(await queueIds(WORKER1)).not.toEqual(expect.arrayContaining([openItems[0]]));
    // the new worker acts on a moved item; the old one cannot any more
    expect(await call(WORKER1, 'staff', 'item', { itemId: openItems[0] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await call(WORKER2, 'staff', 'item', { itemId: openItems[0] })).ok).toBe(true);

    // a filing made after the move lands in the new grid
    const later = ok(
      await call('o_rg_late', 'report', 'submit', householdReport(buildingId, { room: '102', members: familyOfThree(901) })),
    );
    const h = await first<{ gridId: string }>(getDb().collection(Collections.households).where({ _id: later.householdId }));
    expect(h!.gridId).toBe(grid2);

    const audit = await rows<AuditEntryDoc>(
      getDb().collection(Collections.auditLog).where({ action: 'place_move', 'target.id': job.jobId }).limit(10),
    );
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^3号楼 → 第二网格 .*households 1/),
        expect.stringMatching(/^done: .*households 1 -> 1/),
      ]),
    );
    expect(audit.every((a) => a.actor.name === '王书记')).toBe(true);

    // the same move again: it is there already
    expect(await call(ADMIN, 'hierarchy', 'move', { placeIds: [buildingId], toParentId: grid2 })).toMatchObject({
      ok: false,
      code: 'MOVE_INVALID',
    });
  });

  it('refuses what cannot move, and changes nothing', async () => {
    const [g1, g2] = t.cloud.demo!.gridIds;
    const before = await snapshot();
    const compound = await placeNamed('锦园', 'compound');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ placeIds: [g1], toParentId: g2 }, 'MOVE_INVALID'],
      [{ placeIds: [compound._id], toParentId: (await placeNamed('枫林小区'))._id }, 'MOVE_INVALID'],
      [{ placeIds: [compound._id], toParentId: t.cloud.demo!.communityId }, 'MOVE_INVALID'],
      [{ placeIds: [compound._id], toParentId: g1 }, 'MOVE_INVALID'],
      [{ placeIds: [compound._id], toParentId: 'pl_nowhere' }, 'NOT_FOUND'],
      [{ placeIds: [], toParentId: g2 }, 'REQUIRED'],
    ];
    for (const [payload, code] of cases) expect(await call(ADMIN, 'hierarchy', 'move', payload)).toMatchObject({ ok: false, code });
    expect(await call(WORKER1, 'hierarchy', 'move', { placeIds: [compound._id], toParentId: g2 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await snapshot()).toBe(before);
  });
});

describe('a runner killed mid-job', () => {
  it('resumes from its cursor after a restart of the local cloud; nothing is lost or duplicated', async () => {
    const compound = await placeNamed('祥云二区', 'compound');
    const buildings = (await places()).filter((p) => p.parentId === compound._id);
    expect(buildings.length).toBeGreaterThanOrEqual(4);
    await populate(buildings.map((b) => b._id));
    const grid3 = t.cloud.demo!.gridIds[2];
    const before = await countsUnder(compound._id);
    const totalsBefore = await t.counts();

    // a job as `hierarchy.move` writes it, stepped with tiny batches (2 places, 1 building a step) and
    // killed after the writes of its 7th step, before its cursor is saved: the places moved, the
    // records of the first two buildings rewritten (the second one's cursor lost)
    const job = await createJobWithoutRunning(compound._id, grid3);
    let steps = 0;
    await expect(
      runJob(getDb(), job, {
        placesBatch: 2,
        buildingsBatch: 1,
        afterWrites: () => {
          if (++steps === 7) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const mid = (await first<PlaceJobDoc>(getDb().collection(Collections.placeJobs).where({ _id: job })))!;
    expect(mid).toMatchObject({ status: 'running', step: 6, phase: 'records' });
    expect((await countsUnder(compound._id, grid3)).households).toBe(2);
    expect((await countsUnder(compound._id, t.cloud.demo!.gridIds[0])).households).toBe(before.households - 2);

    // the local cloud goes down and comes back on the same data
    await cloud.close();
    cloud = await startLocalCloud({ dataDir: t.dataDir, port: 0, timers: false, demo: true, h5Dir: t.dataDir + '/no-h5' });
    const resumed = (await first<PlaceJobDoc>(getDb().collection(Collections.placeJobs).where({ _id: job })))!;
    expect(resumed).toMatchObject({ status: 'running', step: 6, cursor: mid.cursor, phase: 'records' });

    // the scheduler picks it up (as the 10-minute timer would)
    const tick = await cloud.fireTimer('scheduler');
    expect(tick).toMatchObject({ ok: true, data: { regrid: { jobs: 1, done: 1 } } });
    const done = ok(await call(ADMIN, 'hierarchy', 'job', { jobId: job }));
    expect(done).toMatchObject({ status: 'done' });
    expect(done.households.after).toBe(done.households.before);
    expect(done.openItems.after).toBe(done.openItems.before);

    expect(await countsUnder(compound._id)).toEqual(before);
    expect(await countsUnder(compound._id, grid3)).toEqual(before);
    const totalsAfter = await t.counts();
    // no record was duplicated or lost
    for (const c of PATH_COLLECTIONS) expect(totalsAfter[c.name]).toBe(totalsBefore[c.name]);
    for (const b of buildings) {
      const p = (await first<Place>(getDb().collection(Collections.places).where({ _id: b._id })))!;
      expect(p.path).toEqual([...(await placeNamed('第三网格')).path, compound._id, b._id]);
    }
    const w3 = await queueIds(WORKER3);
    const open = await rows<{ _id: string }>(
      getDb().collection(Collections.queueItems).where({ placePath: compound._id, status: 'open' }).limit(100),
    );
    expect(w3).toEqual(expect.arrayContaining(open.map((i) => i._id)));

    // run twice: the finished job, and the whole job again from its first step, change nothing
    const snap = await snapshot();
    ok(await call(ADMIN, 'hierarchy', 'runJob', { jobId: job }));
    expect(await snapshot()).toBe(snap);
    await getDb()
      .collection(Collections.placeJobs)
      .doc(job)
      .update({ data: { status: 'running', phase: 'places', moveIndex: 0, cursor: null, after: null } });
    const rerun = ok(await call(ADMIN, 'hierarchy', 'runJob', { jobId: job }));
    expect(rerun.status).toBe('done');
    expect(await snapshot()).toBe(snap);
  });
});

describe('a filing racing the job', () => {
  it('is swept up: a record written with the old path after its building was rewritten moves too', async () => {
    const compound = await placeNamed('锦园', 'compound');
    const buildings = (await places()).filter((p) => p.parentId === compound._id);
    await populate([buildings[0]._id]);
    const grid2 = t.cloud.demo!.gridIds[1];
    const oldHousehold = (await first<Record<string, unknown> & { placePath: string[] }>(
      getDb().collection(Collections.households).where({ placePath: compound._id }),
    ))!;
    const job = await createJobWithoutRunning(compound._id, grid2);
    // step until only the final check is left
    for (let i = 0; i < 100; i++) {
      const doc = (await first<PlaceJobDoc>(getDb().collection(Collections.placeJobs).where({ _id: job })))!;
      if (doc.phase === 'done') break;
      await runJob(getDb(), job, { maxSteps: 1 });
    }
    // a filing that read the building before the move lands now, with the old path
    const { _id, ...fields } = oldHousehold;
    void _id;
    await getDb()
      .collection(Collections.households)
      .add({ data: { ...fields, _id: 'hh_late_filing', ownerOpenids: ['o_late'] } });
    const done = await runJob(getDb(), job);
    expect(done).toMatchObject({ status: 'done', sweeps: 1 });
    const late = (await first<{ placePath: string[]; gridId: string }>(
      getDb().collection(Collections.households).where({ _id: 'hh_late_filing' }),
    ))!;
    expect(late.gridId).toBe(grid2);
    expect(late.placePath).toContain(grid2);
    expect(done.after!.households).toBe(done.before.households + 1);
  });
});

/** A move job document written as `hierarchy.move` writes it, without running any step (the runner is driven by the test). */
async function createJobWithoutRunning(placeId: string, gridId: string): Promise<string> {
  const grid = (await first<Place>(getDb().collection(Collections.places).where({ _id: gridId })))!;
  const community = t.cloud.demo!.communityId;
  const _ = getDb().command;
  const households = await total(
    getDb()
      .collection(Collections.households)
      .where({ placePath: placeId, mergedInto: _.exists(false) }),
  );
  const openItems = await total(
    getDb()
      .collection(Collections.queueItems)
      .where({ placePath: placeId, status: _.in(['open', 'in_progress']) }),
  );
  const now = new Date();
  const job: PlaceJobDoc = {
    _id: `pj_test_${Date.now().toString(36)}`,
    kind: 'move',
    status: 'running',
    title: 'test',
    moves: [{ placeId, newParentId: gridId, newPrefix: grid.path }],
    gridId,
    communityId: community,
    phase: 'places',
    moveIndex: 0,
    cursor: null,
    step: 0,
    rewritten: 0,
    before: { households, openItems },
    after: null,
    createdBy: { _id: 'st_test', name: '王书记', role: 'admin' },
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await getDb().collection(Collections.placeJobs).add({ data: job });
  return job._id;
}

describe('splitting a grid', () => {
  it('makes a new grid beside it and moves the chosen compounds there with every record', async () => {
    const grid4 = t.cloud.demo!.gridIds[3];
    const compounds = (await places()).filter((p) => p.parentId === grid4 && p.level === 'compound').sort((a, b) => a.sort! - b.sort!);
    expect(compounds.map((c) => c.name)).toEqual(['文化巷', '北街', '学府小区']);
    const moving = compounds.slice(1);
    const firstBuildings = (await places()).filter((p) => p.level === 'building' && moving.some((c) => c._id === p.parentId)).slice(0, 2);
    await populate(firstBuildings.map((b) => b._id));
    const before = await Promise.all(moving.map((c) => countsUnder(c._id)));
    const res = ok(await call(ADMIN, 'hierarchy', 'split', { gridId: grid4, name: '第四网格（北）', placeIds: moving.map((c) => c._id) }));
    expect(res).toMatchObject({ status: 'done', grid: { name: '第四网格（北）', level: 'grid' } });
    const newGrid = res.grid.id;
    for (const [i, c] of moving.entries()) {
      expect(await countsUnder(c._id, newGrid)).toEqual(before[i]);
      expect(await countsUnder(c._id, grid4)).toEqual(Object.fromEntries(Object.keys(before[i]).map((k) => [k, 0])));
    }
    // 文化巷 stays
    expect((await first<Place>(getDb().collection(Collections.places).where({ _id: compounds[0]._id })))!.parentId).toBe(grid4);
    expect(
      await call(ADMIN, 'hierarchy', 'split', { gridId: grid4, name: '第四网格（南）', placeIds: [t.cloud.demo!.buildingId] }),
    ).toMatchObject({
      ok: false,
      code: 'MOVE_INVALID',
    });
  });
});
