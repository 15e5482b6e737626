/**
 * Re-gridding: compounds or buildings move under another grid (or compound), and every record
 * below them follows. A job document holds the plan and a cursor; each step rewrites one batch and
 * then advances the cursor with a conditional update on the step number, so
 *  - a runner killed anywhere resumes from the last saved cursor (the batch it was in is redone),
 *  - two runners never both advance the same step (the loser re-reads and carries on),
 *  - every write sets a value computed from the places as they are, so redoing a batch, or running
 *    a finished job again, changes nothing.
 * First the places (the moved place and everything below it get their new path): from then on a
 * new filing lands in the new grid. Then the records, building by building: every collection
 * with a place path gets the building's new path, grid and community in one update per collection.
 */
import { randomBytes } from 'crypto';
import type { ParsedOf } from '../../src/domain/contracts';
import type { RegridJobView } from '../../src/domain/hierarchy';
import { PLACE_LEVEL_LABELS, type Place } from '../../src/domain/places';
import type { StaffDoc } from '../../src/domain/staff';
import { appendAudit } from '../common/audit';
import { Collections, type CollectionName } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows, total } from '../common/db';
import { fail } from '../common/errors';
import { getChain } from '../common/places';
import { insertPlace, newPlaceCode, placeIdFor, sortBase } from '../common/placeCodes';
import type { AdminContext } from '../common/staffAccess';
import { isScopeRoot, placeInScope } from './access';
import { createPlace } from './tree';

/** Every collection whose documents carry a place path (and which of grid / community they copy). */
export const PATH_COLLECTIONS: Array<{ name: CollectionName; gridAndCommunity: boolean }> = [
  { name: Collections.households, gridAndCommunity: true },
  { name: Collections.persons, gridAndCommunity: true },
  { name: Collections.reports, gridAndCommunity: true },
  { name: Collections.queueItems, gridAndCommunity: true },
  { name: Collections.requests, gridAndCommunity: true },
  { name: Collections.isolations, gridAndCommunity: true },
  { name: Collections.householdConflicts, gridAndCommunity: true },
  { name: Collections.checkins, gridAndCommunity: false },
];

const PLACES_BATCH = 100;
/** buildings whose records one step rewrites (one update per collection each) */
const BUILDINGS_BATCH = 10;
const OPEN = ['open', 'in_progress'];

export interface PlaceJobDoc {
  _id: string;
  kind: 'move';
  status: 'running' | 'done';
  title: string;
  /** each moved place and its new parent's path (the place itself is appended) */
  moves: Array<{ placeId: string; newParentId: string; newPrefix: string[] }>;
  gridId: string;
  communityId: string;
  phase: 'places' | 'records' | 'done';
  moveIndex: number;
  /** records phase: the collection being rewritten for the current batch of buildings */
  cursor: string | null;
  step: number;
  rewritten: number;
  before: { households: number; openItems: number };
  after: { households: number; openItems: number } | null;
  createdBy: Pick<StaffDoc, '_id' | 'name' | 'role'>;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** records passes made again because a record under the moved places still had its old path (a filing racing the job) */
  sweeps?: number;
}

export function jobView(job: PlaceJobDoc): RegridJobView {
  return {
    jobId: job._id,
    status: job.status,
    title: job.title,
    rewritten: job.rewritten,
    openItems: { before: job.before.openItems, after: job.after?.openItems ?? null },
    households: { before: job.before.households, after: job.after?.households ?? null },
    steps: job.step,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt ? new Date(job.finishedAt).toISOString() : null,
  };
}

/** Households and open items under the moved places; `inGrid`: only those already in the job's grid. */
async function countUnder(db: Database, job: Pick<PlaceJobDoc, 'moves' | 'gridId'>, inGrid: boolean) {
  const _ = db.command;
  let households = 0;
  let openItems = 0;
  for (const m of job.moves) {
    const grid = inGrid ? { gridId: job.gridId } : {};
    households += await total(db.collection(Collections.households).where({ placePath: m.placeId, mergedInto: _.exists(false), ...grid }));
    openItems += await total(db.collection(Collections.queueItems).where({ placePath: m.placeId, status: _.in(OPEN), ...grid }));
  }
  return { households, openItems };
}

const MAX_SWEEPS = 3;

/** Records under the moved places whose path does not yet go through their new parent. */
async function staleRecords(db: Database, job: Pick<PlaceJobDoc, 'moves'>): Promise<number> {
  const _ = db.command;
  let n = 0;
  for (const m of job.moves) {
    for (const c of PATH_COLLECTIONS) {
      n += await total(db.collection(c.name).where(_.and([{ placePath: m.placeId }, { placePath: _.nin([m.newParentId]) }])));
    }
  }
  return n;
}

/** The parent a moved place goes under: a building moved to a grid joins its compound's namesake there. */
async function newParentFor(ctx: AdminContext, place: Place, target: Place): Promise<Place> {
  if (place.level === 'compound') {
    if (target.level !== 'grid') return fail('MOVE_INVALID', '小区只能迁到网格之下', 'toParentId');
    return target;
  }
  if (target.level === 'compound') return target;
  if (target.level !== 'grid') return fail('MOVE_INVALID', '楼栋只能迁到网格或小区之下', 'toParentId');
  const oldParent = place.parentId ? await first<Place>(ctx.db.collection(Collections.places).where({ _id: place.parentId })) : null;
  if (!oldParent || oldParent.level !== 'compound') return target;
  // the same compound name under the new grid (a compound split between two grids keeps its name in addresses)
  const _ = ctx.db.command;
  const namesake = await first<Place>(
    ctx.db.collection(Collections.places).where({ parentId: target._id, name: oldParent.name, level: 'compound', retired: _.neq(true) }),
  );
  if (namesake) return namesake;
  const id = placeIdFor(target._id, 'compound', oldParent.name);
  const compound: Place = {
    _id: id,
    level: 'compound',
    name: oldParent.name,
    parentId: target._id,
    path: [...target.path, id],
    code: newPlaceCode(),
    sort: sortBase(ctx.now),
    gridId: target._id,
  };
  if (!(await insertPlace(ctx.db, compound))) {
    const existing = await first<Place>(ctx.db.collection(Collections.places).where({ _id: id }));
    if (existing && !existing.retired) return existing;
    return fail('MOVE_INVALID', `目标网格下的“${oldParent.name}”已停用，请先新建小区再迁移`, 'toParentId');
  }
  return compound;
}

export async function startMove(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'move'>): Promise<RegridJobView> {
  const { db, now } = ctx;
  const target = await placeInScope(ctx, payload.toParentId, 'toParentId');
  const places: Place[] = [];
  for (const id of payload.placeIds) {
    const place = await placeInScope(ctx, id, 'placeIds');
    if (place.level !== 'compound' && place.level !== 'building')
      return fail('MOVE_INVALID', `只能迁移小区或楼栋（${place.name}是${PLACE_LEVEL_LABELS[place.level]}）`, 'placeIds');
    if (isScopeRoot(ctx, place)) return fail('FORBIDDEN', '不能迁移您自己的管辖范围', 'placeIds');
    if (target.path.includes(place._id)) return fail('MOVE_INVALID', `不能把${place.name}迁到它自己之下`, 'toParentId');
    places.push(place);
  }
  const ids = new Set(places.map((p) => p._id));
  if (places.some((p) => p.path.slice(0, -1).some((a) => ids.has(a))))
    return fail('MOVE_INVALID', '所选地点互相包含，请只选上级', 'placeIds');
  const moves: PlaceJobDoc['moves'] = [];
  let gridId = '';
  for (const place of places) {
    const parent = await newParentFor(ctx, place, target);
    if (parent._id === place.parentId) return fail('MOVE_INVALID', `${place.name}已在${parent.name}之下`, 'toParentId');
    const _ = db.command;
    const clash = await first<Place>(
      db.collection(Collections.places).where({ parentId: parent._id, name: place.name, retired: _.neq(true) }),
    );
    if (clash) return fail('PLACE_NAME_TAKEN', `${parent.name}下已有“${place.name}”，请先改名`, 'placeIds');
    gridId = parent.level === 'grid' ? parent._id : parent.gridId!;
    moves.push({ placeId: place._id, newParentId: parent._id, newPrefix: parent.path });
  }
  const chain = await getChain(db, target);
  if (!chain.community) return fail('MOVE_INVALID', '目标不属于任何社区', 'toParentId');
  const job: PlaceJobDoc = {
    _id: `pj_${randomBytes(12).toString('hex')}`,
    kind: 'move',
    status: 'running',
    title: `${places.map((p) => p.name).join('、')} → ${target.name}`,
    moves,
    gridId,
    communityId: chain.community._id,
    phase: 'places',
    moveIndex: 0,
    cursor: null,
    step: 0,
    rewritten: 0,
    before: { households: 0, openItems: 0 },
    after: null,
    createdBy: { _id: ctx.access.staff._id, name: ctx.access.staff.name, role: ctx.access.staff.role },
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  job.before = await countUnder(db, job, false);
  await db.collection(Collections.placeJobs).add({ data: job });
  await appendAudit(db, {
    action: 'place_move',
    staff: ctx.access.staff,
    target: { collection: Collections.placeJobs, id: job._id },
    reason: `${job.title} (${places.map((p) => p._id).join(',')} -> ${target._id}); households ${job.before.households}, open items ${job.before.openItems}`,
    at: now,
  });
  // the first steps at once: small moves are done before the admin's page asks again
  return jobView(await runJob(db, job._id, { budgetMs: 5_000 }));
}

export async function splitGrid(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'split'>) {
  const grid = await placeInScope(ctx, payload.gridId, 'gridId');
  if (grid.level !== 'grid' || !grid.parentId) return fail('MOVE_INVALID', '请选择要拆分的网格', 'gridId');
  for (const id of payload.placeIds) {
    const place = await placeInScope(ctx, id, 'placeIds');
    if (!place.path.includes(grid._id)) return fail('MOVE_INVALID', `${place.name}不在${grid.name}之下`, 'placeIds');
  }
  const created = await createPlace(ctx, { parentId: grid.parentId, level: 'grid', name: payload.name });
  const job = await startMove(ctx, { placeIds: payload.placeIds, toParentId: created.id });
  return { ...job, grid: created };
}

// ---------------------------------------------------------------------------------------------
// the runner

export interface RunOptions {
  /** stop after this long (the next call or scheduler tick goes on) */
  budgetMs?: number;
  /** stop after this many steps */
  maxSteps?: number;
  /** batch sizes (tests use small ones to get many steps) */
  placesBatch?: number;
  buildingsBatch?: number;
  /** tests: called after a step's writes, before its cursor is saved (a throw here is a crash at the worst moment) */
  afterWrites?: (job: PlaceJobDoc) => void;
}

async function getJob(db: Database, jobId: string): Promise<PlaceJobDoc | null> {
  return first<PlaceJobDoc>(db.collection(Collections.placeJobs).where({ _id: jobId }));
}

/** One batch of the job; the state to save after it. */
async function step(db: Database, job: PlaceJobDoc, opts: RunOptions): Promise<Partial<PlaceJobDoc>> {
  const _ = db.command;
  const PLACES = opts.placesBatch ?? PLACES_BATCH;
  const BUILDINGS = opts.buildingsBatch ?? BUILDINGS_BATCH;
  const move = job.moves[job.moveIndex];
  if (job.phase === 'places') {
    if (!move) return { phase: 'records', moveIndex: 0, cursor: null };
    const batch = await rows<Place>(
      db
        .collection(Collections.places)
        .where({ path: move.placeId, ...(job.cursor ? { _id: _.gt(job.cursor) } : {}) })
        .orderBy('_id', 'asc')
        .limit(PLACES),
    );
    let rewritten = 0;
    for (const p of batch) {
      const path = [...move.newPrefix, ...p.path.slice(p.path.indexOf(move.placeId))];
      const parentId = p._id === move.placeId ? move.newParentId : p.parentId;
      if (p.gridId === job.gridId && p.parentId === parentId && path.join('/') === p.path.join('/')) continue;
      await db
        .collection(Collections.places)
        .doc(p._id)
        .update({ data: { path, parentId, gridId: job.gridId } });
      rewritten++;
    }
    if (batch.length < PLACES) return { moveIndex: job.moveIndex + 1, cursor: null, rewritten: job.rewritten + rewritten };
    return { cursor: batch[batch.length - 1]._id, rewritten: job.rewritten + rewritten };
  }
  if (job.phase === 'records') {
    if (!move) return { phase: 'done' };
    const buildings = await rows<Place>(
      db
        .collection(Collections.places)
        .where({ path: move.placeId, level: 'building', ...(job.cursor ? { _id: _.gt(job.cursor) } : {}) })
        .orderBy('_id', 'asc')
        .limit(BUILDINGS),
    );
    let rewritten = 0;
    for (const b of buildings) {
      // the building's path as the places phase left it: records take it as it is now
      for (const c of PATH_COLLECTIONS) {
        const data = c.gridAndCommunity ? { placePath: b.path, gridId: job.gridId, communityId: job.communityId } : { placePath: b.path };
        const res = (await db.collection(c.name).where({ placePath: b._id }).update({ data })) as { stats?: { updated?: number } };
        rewritten += res.stats?.updated ?? 0;
      }
    }
    if (buildings.length < BUILDINGS) return { moveIndex: job.moveIndex + 1, cursor: null, rewritten: job.rewritten + rewritten };
    return { cursor: buildings[buildings.length - 1]._id, rewritten: job.rewritten + rewritten };
  }
  return {};
}

/** Runs the job's steps until it is done or the budget is spent; safe to call at any time, from anywhere, again. */
export async function runJob(db: Database, jobId: string, opts: RunOptions = {}): Promise<PlaceJobDoc> {
  const started = Date.now();
  const budget = opts.budgetMs ?? 20_000;
  let steps = 0;
  for (;;) {
    const job = await getJob(db, jobId);
    if (!job) return fail('JOB_NOT_FOUND', undefined, 'jobId');
    if (job.status === 'done') return job;
    if (Date.now() - started > budget || (opts.maxSteps !== undefined && steps >= opts.maxSteps)) return job;
    const now = new Date();
    let next: Partial<PlaceJobDoc>;
    if (job.phase === 'done') {
      // a filing that read a building before its path changed may have written after its records were
      // rewritten: any record still outside the new place sends the job through the records once more
      const stale = await staleRecords(db, job);
      if (stale > 0 && (job.sweeps ?? 0) < MAX_SWEEPS)
        next = { phase: 'records', moveIndex: 0, cursor: null, sweeps: (job.sweeps ?? 0) + 1 };
      else next = { status: 'done', after: await countUnder(db, job, true), finishedAt: now };
    } else next = await step(db, job, opts);
    opts.afterWrites?.(job);
    const res = (await db
      .collection(Collections.placeJobs)
      .where({ _id: job._id, step: job.step })
      .update({ data: { ...next, step: job.step + 1, updatedAt: now } })) as { stats?: { updated?: number } };
    steps++;
    if ((res.stats?.updated ?? 0) === 1 && next.status === 'done') {
      await appendAudit(db, {
        action: 'place_move',
        staff: job.createdBy as StaffDoc,
        target: { collection: Collections.placeJobs, id: job._id },
        reason: `done: ${job.title}; rewritten ${next.rewritten ?? job.rewritten}; households ${job.before.households} -> ${next.after!.households}, open items ${job.before.openItems} -> ${next.after!.openItems}`,
        at: now,
      });
    }
  }
}

export async function jobOf(ctx: AdminContext, jobId: string): Promise<PlaceJobDoc> {
  const job = await getJob(ctx.db, jobId);
  // a job is the caller's when the places it moves are in their scope
  if (!job) return fail('JOB_NOT_FOUND', undefined, 'jobId');
  const target = await first<Place>(ctx.db.collection(Collections.places).where({ _id: job.moves[0]?.newParentId ?? '' }));
  if (!target || !ctx.access.scope.some((s) => target.path.includes(s._id))) return fail('JOB_NOT_FOUND', undefined, 'jobId');
  return job;
}

export const jobStatus = async (ctx: AdminContext, payload: ParsedOf<'hierarchy', 'job'>) => jobView(await jobOf(ctx, payload.jobId));

export async function runJobAction(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'runJob'>): Promise<RegridJobView> {
  await jobOf(ctx, payload.jobId);
  return jobView(await runJob(ctx.db, payload.jobId, { budgetMs: 15_000 }));
}

/** The scheduler: every job still running gets a turn. */
export async function runRegridJobs(db: Database, _now: Date, budgetMs = 40_000): Promise<{ jobs: number; done: number }> {
  const running = await rows<PlaceJobDoc>(
    db.collection(Collections.placeJobs).where({ status: 'running' }).orderBy('createdAt', 'asc').limit(20),
  );
  const started = Date.now();
  let done = 0;
  for (const job of running) {
    const left = budgetMs - (Date.now() - started);
    if (left <= 0) break;
    if ((await runJob(db, job._id, { budgetMs: left })).status === 'done') done++;
  }
  return { jobs: running.length, done };
}
