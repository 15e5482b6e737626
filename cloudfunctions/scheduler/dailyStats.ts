/**
 * The daily stats job: one document per place per day (`dailyStatsId`) — each grid counted from its
 * records (common/dayFigures.ts), then areas, communities and streets summed from their grids.
 *
 * A pass over a day walks every grid in `_id` order in batches and records its cursor in
 * `stats_runs` after each batch, so a run that reaches its time budget stops and the next
 * scheduler run (10 minutes later) resumes after the last grid written: a street of 452 grids, or
 * a city of 12,000, fits CloudBase's function time limit in as many runs as it needs. Documents
 * are written whole by `_id` (set), so running a pass twice, or two runs racing, still leaves one
 * document per place per day.
 *
 * Which day: yesterday's closing pass first (a pass that started after midnight is `final`), then
 * today's, started again every `refreshMinutes` so the dashboard's grid table stays recent.
 */
import { STATS_LEVELS, addFigures, dailyStatsId, emptyFigures, type DailyStatsDoc, type DayFigures } from '../../src/domain/dashboard';
import type { Place } from '../../src/domain/places';
import { addDays, shanghaiDateString } from '../../src/domain/time';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { dayBounds, placeFigures } from '../common/dayFigures';
import { forEachPage } from '../common/paging';
import { slaOf } from '../common/sla';

export interface StatsRunDoc {
  _id: string;
  date: string;
  /** when the pass began (ISO): the pass's identity, every cursor update is conditional on it */
  pass: string;
  phase: 'grids' | 'done';
  /** the last grid written in this pass */
  cursor: string | null;
  grids: number;
  final: boolean;
  finishedAt?: Date;
  updatedAt: Date;
}

export interface StatsJobOptions {
  /** stop starting new batches after this long (the scheduler does other jobs too) */
  budgetMs?: number;
  /** grids counted per batch (and per cursor update) */
  batchSize?: number;
  /** grids counted at once within a batch */
  concurrency?: number;
  /** start today's pass again this long after the last one began */
  refreshMinutes?: number;
  /** the clock the budget is measured on (tests) */
  elapsed?: () => number;
}

export interface StatsJobRun {
  /** per day worked on: grids written in this run, and whether its pass is complete */
  days: Array<{ date: string; grids: number; done: boolean; final: boolean }>;
  /** stopped by the budget: the next run resumes */
  resumable: boolean;
}

const runId = (date: string) => `stats_${date}`;

export async function runDailyStats(db: Database, now: Date, options: StatsJobOptions = {}): Promise<StatsJobRun> {
  const budgetMs = options.budgetMs ?? 30_000;
  const started = Date.now();
  const elapsed = options.elapsed ?? (() => Date.now() - started);
  const out: StatsJobRun = { days: [], resumable: false };
  const today = shanghaiDateString(now);
  for (const date of [addDays(today, -1), today]) {
    const run = await passFor(db, date, now, options.refreshMinutes ?? 30);
    if (!run) continue;
    const worked = await continuePass(db, run, now, options, () => elapsed() >= budgetMs);
    out.days.push({ date, grids: worked.grids, done: worked.done, final: run.final });
    if (!worked.done) {
      out.resumable = true;
      break;
    }
  }
  return out;
}

/** The pass to work on for a day: the unfinished one, a new one when due, or null. */
async function passFor(db: Database, date: string, now: Date, refreshMinutes: number): Promise<StatsRunDoc | null> {
  const existing = await first<StatsRunDoc>(db.collection(Collections.statsRuns).where({ _id: runId(date) }));
  const dayEnded = now.getTime() >= dayBounds(date).end.getTime();
  // a day no pass saw while it lasted is not closed afterwards: its stock figures (persons, isolated…) would be today's
  if (!existing && dayEnded) return null;
  if (existing && existing.phase !== 'done') return existing;
  if (existing) {
    if (existing.final) return null;
    // yesterday: one more pass after midnight gives the closing figures; today: refresh now and then
    if (!dayEnded && now.getTime() - Date.parse(existing.pass) < refreshMinutes * 60_000) return null;
  }
  const run: StatsRunDoc = {
    _id: runId(date),
    date,
    pass: now.toISOString(),
    phase: 'grids',
    cursor: null,
    grids: 0,
    final: dayEnded,
    updatedAt: now,
  };
  await db
    .collection(Collections.statsRuns)
    .doc(run._id)
    .set({ data: stripId(run) });
  return run;
}

function stripId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

async function continuePass(
  db: Database,
  run: StatsRunDoc,
  now: Date,
  options: StatsJobOptions,
  outOfTime: () => boolean,
): Promise<{ grids: number; done: boolean }> {
  const _ = db.command;
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? 8;
  const places = new Map<string, Place>();
  let written = 0;
  let cursor = run.cursor;
  for (;;) {
    if (outOfTime()) return { grids: written, done: false };
    const grids = await rows<Place>(
      db
        .collection(Collections.places)
        .where({ level: 'grid', ...(cursor ? { _id: _.gt(cursor) } : {}) })
        .orderBy('_id', 'asc')
        .limit(batchSize),
    );
    if (grids.length === 0) break;
    await loadAncestors(db, grids, places);
    for (let i = 0; i < grids.length; i += concurrency) {
      await Promise.all(
        grids.slice(i, i + concurrency).map(async (grid) => {
          const community = grid.path.map((id) => places.get(id)).find((p) => p?.level === 'community');
          const figures = await placeFigures(db, grid._id, run.date, now, slaOf(community));
          await writeDoc(db, run, grid, figures, 1, now);
        }),
      );
    }
    written += grids.length;
    const next = grids[grids.length - 1]._id;
    // conditional on this pass still being at the cursor read: a run racing this one moved it on, or began another pass
    const res = (await db
      .collection(Collections.statsRuns)
      .where({ _id: run._id, pass: run.pass, cursor: cursor === null ? _.eq(null) : cursor })
      .update({ data: { cursor: next, grids: _.inc(grids.length), updatedAt: now } })) as { stats?: { updated?: number } };
    if ((res.stats?.updated ?? 0) !== 1) return { grids: written, done: false };
    cursor = next;
    if (grids.length < batchSize) break;
  }
  await rollUp(db, run, now, places);
  await db
    .collection(Collections.statsRuns)
    .where({ _id: run._id, pass: run.pass })
    .update({ data: { phase: 'done', finishedAt: now, updatedAt: now } });
  return { grids: written, done: true };
}

/** The places on the grids' paths not read yet (names, levels and SLAs of areas, communities, streets). */
async function loadAncestors(db: Database, grids: readonly Place[], places: Map<string, Place>): Promise<void> {
  const _ = db.command;
  const missing = [...new Set(grids.flatMap((g) => g.path.slice(0, -1)))].filter((id) => !places.has(id));
  for (let i = 0; i < missing.length; i += 1000) {
    const chunk = missing.slice(i, i + 1000);
    for (const p of await rows<Place>(
      db
        .collection(Collections.places)
        .where({ _id: _.in(chunk) })
        .limit(chunk.length),
    ))
      places.set(p._id, p);
  }
}

async function writeDoc(db: Database, run: StatsRunDoc, place: Place, figures: DayFigures, grids: number, now: Date): Promise<void> {
  const doc: DailyStatsDoc = {
    _id: dailyStatsId(run.date, place._id),
    date: run.date,
    placeId: place._id,
    level: place.level,
    name: place.name,
    parentId: place.parentId,
    path: place.path,
    sort: place.sort ?? 0,
    grids,
    figures,
    computedAt: now,
    final: run.final,
  };
  await db
    .collection(Collections.dailyStats)
    .doc(doc._id)
    .set({ data: stripId(doc) });
}

/**
 * Areas, communities and streets: the sum of this pass's grid documents under them (a grid left
 * from an earlier pass, e.g. one since removed, is not counted).
 */
async function rollUp(db: Database, run: StatsRunDoc, now: Date, places: Map<string, Place>): Promise<void> {
  const sums = new Map<string, { figures: DayFigures; grids: number }>();
  const passStart = Date.parse(run.pass);
  await forEachPage<DailyStatsDoc>(db, Collections.dailyStats, { date: run.date, level: 'grid' }, 1000, async (page) => {
    for (const doc of page) {
      if (new Date(doc.computedAt).getTime() < passStart) continue;
      for (const id of doc.path.slice(0, -1)) {
        const sum = sums.get(id) ?? { figures: emptyFigures(), grids: 0 };
        addFigures(sum.figures, doc.figures);
        sum.grids += 1;
        sums.set(id, sum);
      }
    }
  });
  const unknown = [...sums.keys()].filter((id) => !places.has(id));
  if (unknown.length) {
    const _ = db.command;
    for (let i = 0; i < unknown.length; i += 1000) {
      const chunk = unknown.slice(i, i + 1000);
      for (const p of await rows<Place>(
        db
          .collection(Collections.places)
          .where({ _id: _.in(chunk) })
          .limit(chunk.length),
      ))
        places.set(p._id, p);
    }
  }
  const entries = [...sums.entries()].filter(([id]) => {
    const level = places.get(id)?.level;
    return level !== undefined && level !== 'grid' && STATS_LEVELS.includes(level);
  });
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(entries.slice(i, i + 8).map(([id, sum]) => writeDoc(db, run, places.get(id)!, sum.figures, sum.grids, now)));
  }
}
