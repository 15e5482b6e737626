/**
 * The staff-side benchmark, in-process through the real wx-server-sdk and the real use cases:
 *
 * 1. queue page latency — 1,000,000 `queue_items` over 500 grids (plus the places and one worker
 *    per grid) written straight into the store with `insertMany`, then 1,000 `staff.queue` calls as
 *    random workers (first pages, then following `nextCursor` a few steps) via the local cloud's
 *    in-process invoke; the same page query alone through the SDK, and `store.explain` of it;
 * 2. accept under contention — on a separate small demo data dir: a resident files a household,
 *    creates 50 requests, and for each the grid worker fires 20 concurrent
 *    `staff.requestAction { accept }`: exactly one may win per request;
 * 3. the missing-check-in job — 100,000 active isolations (in the data dir of 1), every person
 *    checked in for yesterday's pm slot and about half for today's am slot, then
 *    `runCheckinJobs(getDb(), today 10:05 Asia/Shanghai)` twice;
 * 4. the roster (all pages) of the worker of a grid holding 2,000 of those isolations (their
 *    persons and households are absent: the roster tolerates that), 20 runs.
 *
 *   node --expose-gc --import tsx bench/staff.ts [--out result.json] [--tmp dir] [--items 1000000] [--isolations 100000]
 *   npx tsx bench/staff.ts       (alone: prints its own table)
 *
 * Data lives in temp dirs removed at the end (also on failure and Ctrl+C).
 */
import { loadavg, availableParallelism } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { runCheckinJobs, type CheckinRun } from '../cloudfunctions/scheduler/checkins';
import { checkinId, type CheckinDoc, type IsolationDoc } from '../src/domain/checkins';
import type { HouseholdView, QueuePage, RequestView } from '../src/domain/contracts';
import type { Place } from '../src/domain/places';
import { PLACE_CODE_ALPHABET } from '../src/domain/places';
import { QUEUE_KINDS, queueSortKey, type Priority, type QueueItemDoc, type QueueStatus } from '../src/domain/queue';
import type { StaffDoc } from '../src/domain/staff';
import { shanghaiDateString } from '../src/domain/time';
import type { ExplainResult } from '../localcloud/db/store';
import { PERSONAS } from '../localcloud/personas';
import { openLocalDatabase, startLocalCloud, type LocalCloud } from '../localcloud/server';
import { householdReport } from '../tests/support/people';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { numberArg, parseArgs, procMemory, runMain, writeResult } from './lib/child';
import { cleanupSync, makeTempDir, runTs } from './lib/proc';
import { fixed, int, mb, percentile } from './lib/stats';

const DAY_MS = 86_400_000;
const GRIDS = 500;
const QUEUE_CALLS = 1000;
const MAX_DEEPER_STEPS = 4;
const ACCEPT_REQUESTS = 50;
const ACCEPT_CONCURRENCY = 20;
const ROSTER_GRID_SIZE = 2000;
const ROSTER_RUNS = 20;
/** a check-in job run still going after this long is abandoned (the figure says so) */
const JOB_CAP_S = 90;
const BATCH = 10_000;

export interface Figure {
  step: string;
  name: string;
  value: string;
  goal: string;
  status: 'PASS' | 'MISS' | 'FAIL' | '';
}

export interface StaffResult {
  machine: { nproc: number; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  seconds: number;
  figures: Figure[];
  details: Record<string, unknown>;
}

const figures: Figure[] = [];
const details: Record<string, unknown> = {};
const fig = (step: string, name: string, value: string, goal = '', status: Figure['status'] = '') =>
  figures.push({ step, name, value, goal, status });
const log = (s: string) => console.log(s);

type Docs = Array<Record<string, unknown>>;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function stats(times: number[]): { p50: number; p95: number; p99: number; max: number; mean: number } {
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: Math.max(...times),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
  };
}

const ms = (s: { p50: number; p95: number; max: number }) => `p50 ${fixed(s.p50, 2)} / p95 ${fixed(s.p95, 2)} / max ${fixed(s.max, 1)} ms`;

/** A deterministic, unique place code for place number n. */
function code(n: number): string {
  let c = '';
  let x = n + 1_000_000;
  for (let i = 0; i < 6; i++) {
    c += PLACE_CODE_ALPHABET[x % PLACE_CODE_ALPHABET.length];
    x = Math.floor(x / PLACE_CODE_ALPHABET.length);
  }
  return c;
}

/** Today 10:05 in Asia/Shanghai (just after the am slot closed) and the date strings around it. */
function jobClock(): { now: Date; today: string; yesterday: string } {
  const today = shanghaiDateString(new Date());
  const now = new Date(Date.parse(`${today}T10:05:00+08:00`));
  return { now, today, yesterday: shanghaiDateString(new Date(now.getTime() - DAY_MS)) };
}

// ---------------------------------------------------------------------------------------------
// Preload (straight into the store, bulk-load pragmas on this connection only, like preload.ts)

interface Layout {
  streetId: string;
  communityId: string;
  gridIds: string[];
  /** worker openid per grid */
  workers: string[];
  /** gridId → placePath [street, community, area, grid] */
  paths: string[][];
}

function preload(
  dataDir: string,
  items: number,
  isolations: number,
): { layout: Layout; seconds: Record<string, number>; rosterGrid: number } {
  const { store, uninstall } = openLocalDatabase(dataDir);
  const seconds: Record<string, number> = {};
  try {
    const connection = (store as unknown as { db: { pragma(sql: string): unknown } }).db;
    connection.pragma('synchronous = OFF');
    connection.pragma('cache_size = -262144');
    connection.pragma('wal_autocheckpoint = 10000');
    const created = new Date(Date.now() - 30 * DAY_MS);

    // Places: 1 street, 1 community, 10 areas, 500 grids; one worker per grid.
    let t0 = performance.now();
    let n = 0;
    const place = (level: Place['level'], name: string, parent: Place | null, extra: Partial<Place> = {}): Place => ({
      _id: `pl_bench_${String(n).padStart(4, '0')}`,
      level,
      name,
      parentId: parent?._id ?? null,
      path: [...(parent?.path ?? []), `pl_bench_${String(n).padStart(4, '0')}`],
      code: code(n),
      sort: n++,
      ...extra,
    });
    const street = place('street', '基准街道', null);
    const community = place('community', '基准社区', street);
    const areas = Array.from({ length: 10 }, (_, i) => place('area', `第${i + 1}片区`, community));
    const grids = Array.from({ length: GRIDS }, (_, i) => place('grid', `第${i + 1}网格`, areas[i % areas.length]));
    store.insertMany(Collections.places, [street, community, ...areas, ...grids] as unknown as Docs);
    const workers = grids.map((_, i) => `o_bench_worker_${i}`);
    const staff: StaffDoc[] = grids.map((g, i) => ({
      _id: `st_bench_${String(i).padStart(4, '0')}`,
      openid: workers[i],
      name: `网格员${i}`,
      role: 'worker',
      scope: [g._id],
      workPhone: `1380000${String(i).padStart(4, '0')}`,
      active: true,
      createdAt: created,
      updatedAt: created,
    }));
    store.insertMany(Collections.staff, staff as unknown as Docs);
    const layout: Layout = {
      streetId: street._id,
      communityId: community._id,
      gridIds: grids.map((g) => g._id),
      workers,
      paths: grids.map((g) => g.path),
    };

    // Queue items, generated in global sortKey order (priority blocks, due time increasing, ids
    // increasing) so every index grows at its end or at a few hundred grid insertion points.
    const block = [0, Math.floor(items * 0.1), Math.floor(items * 0.35), items];
    const dueFrom = Date.now() - 2 * DAY_MS;
    const dueSpan = 7 * DAY_MS;
    let batch: QueueItemDoc[] = [];
    for (let i = 0; i < items; i++) {
      const priority = (i < block[1] ? 0 : i < block[2] ? 1 : 2) as Priority;
      const within = (i - block[priority]) / (block[priority + 1] - block[priority]);
      const due = new Date(dueFrom + Math.floor(within * dueSpan));
      const g = (i * 7919) % GRIDS;
      const _id = `q_bench_${String(i).padStart(7, '0')}`;
      // status and kind from a hash of i: independent of the grid (i mod 20 alone is not)
      const h = Math.imul(i + 1, 2654435761) >>> 0;
      const r = h % 20;
      const status: QueueStatus = r === 0 ? 'closed' : r === 1 ? 'in_progress' : 'open';
      const kind = QUEUE_KINDS[(h >>> 8) % 4];
      batch.push({
        _id,
        kind,
        refId: `ref_bench_${String(i).padStart(7, '0')}`,
        communityId: community._id,
        gridId: grids[g]._id,
        placePath: layout.paths[g],
        priority,
        dueAt: due,
        sortKey: queueSortKey(priority, due, _id),
        status,
        assigneeStaffId: status === 'open' ? null : staff[g]._id,
        title: `基准事项 · 张*${i % 10}`,
        summary: `第${g + 1}网格 · 基准数据`,
        createdAt: created,
        updatedAt: created,
        ...(status === 'closed' ? { closedAt: created, closedReason: 'bench' } : {}),
      });
      if (batch.length === BATCH || i === items - 1) {
        store.insertMany(Collections.queueItems, batch as unknown as Docs);
        batch = [];
        if ((i + 1) % 200_000 === 0) console.error(`  [staff] ${int(i + 1)} queue items (${fixed((performance.now() - t0) / 1000, 0)} s)`);
      }
    }
    seconds.queueItems = (performance.now() - t0) / 1000;

    // Isolations: grid 0 holds ROSTER_GRID_SIZE of them (the roster's grid), the rest spread over
    // the other grids; created 3 days ago, running from 3 days ago to 10 days ahead. Every person
    // checked in for yesterday's pm slot; even-numbered persons also for today's am slot.
    t0 = performance.now();
    const { today, yesterday } = jobClock();
    const isoCreated = new Date(Date.parse(`${today}T12:00:00+08:00`) - 3 * DAY_MS);
    const startDate = shanghaiDateString(isoCreated);
    const endDate = shanghaiDateString(new Date(isoCreated.getTime() + 13 * DAY_MS));
    const rosterGrid = 0;
    let isoBatch: IsolationDoc[] = [];
    let ciBatch: CheckinDoc[] = [];
    const flush = () => {
      if (isoBatch.length) store.insertMany(Collections.isolations, isoBatch as unknown as Docs);
      if (ciBatch.length) store.insertMany(Collections.checkins, ciBatch as unknown as Docs);
      isoBatch = [];
      ciBatch = [];
    };
    for (let i = 0; i < isolations; i++) {
      const g = i < Math.min(ROSTER_GRID_SIZE, isolations) ? rosterGrid : 1 + (i % (GRIDS - 1));
      const personId = `p_bench_${String(i).padStart(6, '0')}`;
      const householdId = `h_bench_${String(Math.floor(i / 2)).padStart(6, '0')}`;
      const iso: IsolationDoc = {
        _id: `iso_bench_${String(i).padStart(6, '0')}`,
        personId,
        householdId,
        personName: ['张伟', '王芳', '李娜', '刘强'][i % 4],
        communityId: community._id,
        gridId: grids[g]._id,
        placePath: layout.paths[g],
        kind: i % 3 === 0 ? 'home_isolation' : 'health_monitoring',
        startDate,
        endDate,
        status: 'active',
        reason: '基准数据',
        timeline: [{ action: 'start', staffId: staff[g]._id, staffName: staff[g].name, note: '基准数据', at: isoCreated }],
        createdAt: isoCreated,
        updatedAt: isoCreated,
      };
      isoBatch.push(iso);
      const checkin = (date: string, slot: string, at: Date): CheckinDoc => ({
        _id: checkinId(personId, date, slot),
        personId,
        householdId,
        isolationId: iso._id,
        placePath: iso.placePath,
        date,
        slot,
        temperature: 36.5,
        symptoms: [],
        alarming: false,
        late: false,
        at,
      });
      ciBatch.push(checkin(yesterday, 'pm', new Date(Date.parse(`${yesterday}T15:00:00+08:00`))));
      if (i % 2 === 0) ciBatch.push(checkin(today, 'am', new Date(Date.parse(`${today}T08:00:00+08:00`))));
      if (isoBatch.length === BATCH) flush();
    }
    flush();
    seconds.isolations = (performance.now() - t0) / 1000;
    return { layout, seconds, rosterGrid };
  } finally {
    uninstall();
    store.close();
    // synchronous = OFF left the pages to the OS: flush them before the measured part (see preload.ts)
    const fd = openSync(join(dataDir, 'gridlink.sqlite'), 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Queue pages

async function queueBench(cloud: LocalCloud, layout: Layout): Promise<void> {
  const db = getDb();
  const call = async (openid: string, cursor: string | null): Promise<QueuePage> => {
    const r = await cloud.invoke('staff', { action: 'queue', payload: { cursor } }, openid);
    if (!r.ok) throw new Error(`staff.queue failed: ${JSON.stringify(r)}`);
    return r.data as QueuePage;
  };
  // Warm-up (not measured): a first page for 50 workers.
  for (let g = 0; g < 50; g++) await call(layout.workers[(g * 37) % GRIDS], null);

  const times: number[] = [];
  const firstTimes: number[] = [];
  const deeperTimes: number[] = [];
  /** (grid, raw sortKey cursor) of every call, replayed through the SDK alone afterwards */
  const replay: Array<{ g: number; after: string | null }> = [];
  let bad = 0;
  let itemsSeen = 0;
  while (times.length < QUEUE_CALLS) {
    const g = Math.floor(Math.random() * GRIDS);
    const steps = Math.floor(Math.random() * (MAX_DEEPER_STEPS + 1));
    let cursor: string | null = null;
    for (let s = 0; s <= steps && times.length < QUEUE_CALLS; s++) {
      const t0 = performance.now();
      const page = await call(layout.workers[g], cursor);
      const dt = performance.now() - t0;
      times.push(dt);
      (s === 0 ? firstTimes : deeperTimes).push(dt);
      replay.push({ g, after: cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null });
      itemsSeen += page.items.length;
      // every page but a grid's last holds 50 items; every page carries the 4 per-kind counts
      if ((page.nextCursor ? page.items.length !== 50 : page.items.length > 50) || Object.keys(page.counts).length !== 4) bad++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
  }
  const all = stats(times);
  const first = stats(firstTimes);
  const deeper = stats(deeperTimes);

  // The page query alone through the SDK, for the same (grid, cursor) pairs.
  const _ = db.command;
  const pageQuery = (g: number, after: string | null) =>
    db
      .collection(Collections.queueItems)
      .where({ placePath: layout.gridIds[g], status: 'open', ...(after ? { sortKey: _.gt(after) } : {}) })
      .orderBy('sortKey', 'asc')
      .limit(51)
      .get() as unknown as Promise<{ data: QueueItemDoc[] }>;
  const countQuery = (g: number, kind: string) =>
    db.collection(Collections.queueItems).where({ placePath: layout.gridIds[g], status: 'open', kind }).count() as unknown as Promise<{
      total: number;
    }>;
  for (let i = 0; i < 50; i++) await pageQuery(i, null);
  const sdkTimes: number[] = [];
  let sdkBad = 0;
  for (const { g, after } of replay) {
    const t0 = performance.now();
    const res = await pageQuery(g, after);
    sdkTimes.push(performance.now() - t0);
    if (res.data.length !== 51) sdkBad++;
  }
  const sdk = stats(sdkTimes);
  const countTimes: number[] = [];
  let perGridOpen = 0;
  for (let i = 0; i < 200; i++) {
    const g = Math.floor(Math.random() * GRIDS);
    const t0 = performance.now();
    let sum = 0;
    for (const kind of QUEUE_KINDS) sum += (await countQuery(g, kind)).total;
    countTimes.push(performance.now() - t0);
    perGridOpen = sum;
  }
  const counts = stats(countTimes);
  const explainPage: ExplainResult = cloud.store.explain(
    Collections.queueItems,
    { placePath: layout.gridIds[0], status: 'open' },
    { sortKey: 1 },
  );
  const explainCount: ExplainResult = cloud.store.explain(Collections.queueItems, {
    placePath: layout.gridIds[0],
    status: 'open',
    kind: 'request',
  });

  details.queue = {
    calls: times.length,
    firstPages: firstTimes.length,
    deeperPages: deeperTimes.length,
    all,
    first,
    deeper,
    sdk,
    counts,
    perGridOpen,
    explainPage,
    explainCount,
    bad,
    sdkBad,
    itemsSeen,
  };
  log(
    `  staff.queue × ${times.length} (${firstTimes.length} first pages, ${deeperTimes.length} deeper): ${ms(all)} (mean ${fixed(all.mean, 2)})`,
  );
  log(`    first pages ${ms(first)}; deeper pages ${ms(deeper)}; pages short before the last or without 4 counts: ${bad}`);
  log(`  page query alone via SDK (same ${sdkTimes.length} grid/cursor pairs, limit 51): ${ms(sdk)}; short pages ${sdkBad}`);
  log(`  the 4 per-kind open counts of one page via SDK (200 random grids, ~${int(perGridOpen)} open items per grid): ${ms(counts)}`);
  log(
    `  explain page: index ${explainPage.index}, exact ${explainPage.exact}, pushdown ${explainPage.pushdown}; ${explainPage.sql.join(' | ')}`,
  );
  log(`  explain count(kind): index ${explainCount.index}, exact ${explainCount.exact}; ${explainCount.sql.join(' | ')}`);

  fig(
    'S1',
    `staff.queue p50 (in-process invoke, ${times.length} calls, ${int(details.preloadItems as number)} items / ${GRIDS} grids)`,
    `${fixed(all.p50, 2)} ms`,
  );
  fig('S1', 'staff.queue p95', `${fixed(all.p95, 2)} ms`, '≤ 20 ms', all.p95 <= 20 ? 'PASS' : 'MISS');
  fig('S1', 'staff.queue max', `${fixed(all.max, 1)} ms`);
  fig(
    'S1',
    'staff.queue first pages / deeper pages p95',
    `${fixed(first.p95, 2)} / ${fixed(deeper.p95, 2)} ms (${firstTimes.length} / ${deeperTimes.length} calls)`,
  );
  fig('S1', 'page query alone via SDK (limit 51) p50 / p95 / max', `${fixed(sdk.p50, 2)} / ${fixed(sdk.p95, 2)} / ${fixed(sdk.max, 1)} ms`);
  fig(
    'S1',
    `4 per-kind open counts via SDK (~${int(perGridOpen)} open/grid) p50 / p95`,
    `${fixed(counts.p50, 2)} / ${fixed(counts.p95, 2)} ms`,
  );
  fig(
    'S1',
    'store.explain of the page query',
    `${explainPage.index}${explainPage.exact ? ', exact' : ''}${explainPage.pushdown ? ', pushdown' : ''}`,
    'path_status_sort, no scan',
    explainPage.index === 'path_status_sort' && !explainPage.sql.some((s) => /^SCAN/.test(s)) ? 'PASS' : 'FAIL',
  );
  fig(
    'S1',
    'pages of 50 (the last may be shorter) with 4 counts',
    `${times.length - bad} / ${times.length}`,
    'all',
    bad === 0 ? 'PASS' : 'FAIL',
  );
}

// ---------------------------------------------------------------------------------------------
// 4. Roster

async function rosterBench(cloud: LocalCloud, layout: Layout, rosterGrid: number, isolations: number): Promise<void> {
  const openid = layout.workers[rosterGrid];
  const expected = Math.min(ROSTER_GRID_SIZE, isolations);
  const runOnce = async (): Promise<{ entries: number; pages: number; pageMs: number[] }> => {
    let cursor: string | null = null;
    let entries = 0;
    let pages = 0;
    const pageMs: number[] = [];
    for (let guard = 0; guard < 100; guard++) {
      const t0 = performance.now();
      const r = await cloud.invoke('staff', { action: 'roster', payload: { cursor } }, openid);
      pageMs.push(performance.now() - t0);
      if (!r.ok) throw new Error(`staff.roster failed: ${JSON.stringify(r)}`);
      const page = r.data as { items: unknown[]; nextCursor: string | null };
      entries += page.items.length;
      pages++;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { entries, pages, pageMs };
  };
  await runOnce(); // warm-up
  const times: number[] = [];
  const pageTimes: number[] = [];
  let wrong = 0;
  let pages = 0;
  for (let i = 0; i < ROSTER_RUNS; i++) {
    const t0 = performance.now();
    const r = await runOnce();
    times.push(performance.now() - t0);
    pageTimes.push(...r.pageMs);
    pages = r.pages;
    if (r.entries !== expected) wrong++;
  }
  const all = stats(times);
  const perPage = stats(pageTimes);
  details.roster = { runs: ROSTER_RUNS, entries: expected, pages, all, perPage, wrong };
  log(
    `  staff.roster, all ${pages} pages of ${int(expected)} isolated persons, × ${ROSTER_RUNS}: ${ms(all)}; per page ${ms(perPage)}; runs with a wrong count ${wrong}`,
  );
  fig(
    'S4',
    `staff.roster all pages (${int(expected)} persons, ${pages} pages) p50 / p95 / max`,
    `${fixed(all.p50, 1)} / ${fixed(all.p95, 1)} / ${fixed(all.max, 1)} ms`,
  );
  fig('S4', 'staff.roster per page p50 / p95', `${fixed(perPage.p50, 1)} / ${fixed(perPage.p95, 1)} ms`);
  fig(
    'S4',
    'roster runs listing every isolated person of the grid',
    `${ROSTER_RUNS - wrong} / ${ROSTER_RUNS}`,
    'all',
    wrong === 0 ? 'PASS' : 'FAIL',
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Missing-check-in job

interface JobRun {
  run: CheckinRun;
  seconds: number;
  cpuSeconds: number;
  rssBefore: number;
  rssAfter: number;
  peakRss: number;
  created: number;
}

async function jobBench(cloud: LocalCloud, isolations: number): Promise<void> {
  const { now } = jobClock();
  const countAlerts = () => cloud.store.count(Collections.queueItems, { kind: 'checkin_alert' });
  const explainPage = cloud.store.explain(Collections.isolations, { status: 'active', _id: { $gt: 'iso_bench_050000' } }, { _id: 1 });
  log(
    `  explain of the job's paging query (status active, _id > x, orderBy _id, limit 1000): index ${explainPage.index}, exact ${explainPage.exact}, pushdown ${explainPage.pushdown}; ${explainPage.sql.join(' | ')}`,
  );
  fig(
    'S3',
    "store.explain of the job's page query (status 'active', _id > after, orderBy _id)",
    `${explainPage.index}${explainPage.exact ? ', exact' : ''}${explainPage.pushdown ? ', pushdown' : ', no pushdown (sorted in JS)'}`,
  );
  details.jobExplain = explainPage;
  const once = async (): Promise<JobRun | { timedOut: true; created: number; seconds: number }> => {
    gc();
    const before = countAlerts();
    const rssBefore = procMemory('self')!.rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const capped = await Promise.race([
      runCheckinJobs(getDb(), now),
      new Promise<null>((ok) => {
        timer = setTimeout(() => ok(null), JOB_CAP_S * 1000);
      }),
    ]);
    clearTimeout(timer);
    if (capped === null) return { timedOut: true, created: countAlerts() - before, seconds: (performance.now() - t0) / 1000 };
    const run = capped;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const after = procMemory('self')!;
    return {
      run,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBefore,
      rssAfter: after.rss,
      peakRss: after.peak,
      created: countAlerts() - before,
    };
  };
  const expected = Math.ceil(isolations / 2) === isolations / 2 ? isolations / 2 : Math.floor(isolations / 2);
  log(`  runCheckinJobs(now = ${now.toISOString()} = 10:05 Asia/Shanghai) over ${int(isolations)} active isolations …`);
  const first = await once();
  if ('timedOut' in first) {
    log(
      `  first run NOT FINISHED after ${fixed(first.seconds, 0)} s: ${int(first.created)} of ${int(expected)} missing items created so far; abandoned (the local cloud is closed under it)`,
    );
    details.job = { now: now.toISOString(), isolations, expectedMissing: expected, first };
    fig(
      'S3',
      `runCheckinJobs over ${int(isolations)} isolations: wall`,
      `> ${JOB_CAP_S} s — not finished (cap), ${int(first.created)} / ${int(expected)} items created by then`,
      `finishes`,
      'FAIL',
    );
    fig('S3', 'second run', 'not run (first run did not finish)');
    return;
  }
  log(
    `  first run: examined ${int(first.run.examined)}, missing counter ${int(first.run.missing)}, queue items created ${int(first.created)}, reminded ${first.run.reminded} in ${fixed(first.seconds, 2)} s (CPU ${fixed(first.cpuSeconds, 2)} s); RSS ${mb(first.rssBefore)} → ${mb(first.rssAfter)} (peak ${mb(first.peakRss)})`,
  );
  const second = await once();
  if ('timedOut' in second) {
    details.job = { now: now.toISOString(), isolations, expectedMissing: expected, first, second };
    fig('S3', 'second run', `> ${JOB_CAP_S} s — not finished (cap), ${int(second.created)} created by then`, '0 created', 'FAIL');
    return;
  }
  log(
    `  second run: examined ${int(second.run.examined)}, missing counter ${int(second.run.missing)}, queue items created ${int(second.created)} in ${fixed(second.seconds, 2)} s (CPU ${fixed(second.cpuSeconds, 2)} s)`,
  );
  details.job = { now: now.toISOString(), isolations, expectedMissing: expected, first, second };
  fig(
    'S3',
    `runCheckinJobs over ${int(isolations)} isolations: wall / CPU`,
    `${fixed(first.seconds, 2)} s / ${fixed(first.cpuSeconds, 2)} s (${fixed((first.seconds * 1000) / isolations, 3)} ms per isolation)`,
  );
  fig(
    'S3',
    'process RSS delta (first run)',
    `${first.rssAfter - first.rssBefore >= 0 ? '+' : ''}${mb(first.rssAfter - first.rssBefore)} (${mb(first.rssBefore)} → ${mb(first.rssAfter)}, peak ${mb(first.peakRss)})`,
  );
  fig(
    'S3',
    'missing items created (first run)',
    `${int(first.created)} (counter ${int(first.run.missing)})`,
    `${int(expected)} (persons without today's am check-in)`,
    first.created === expected ? 'PASS' : 'FAIL',
  );
  fig(
    'S3',
    'second run: items created / wall / CPU',
    `${int(second.created)} / ${fixed(second.seconds, 2)} s / ${fixed(second.cpuSeconds, 2)} s`,
    '0 created',
    second.created === 0 ? 'PASS' : 'FAIL',
  );
  fig('S3', "second run: the job's own `missing` counter", int(second.run.missing), '', '');
}

// ---------------------------------------------------------------------------------------------
// 2. Accept under contention (separate small demo data dir)

async function acceptBench(dataDir: string): Promise<void> {
  const cloud = await startLocalCloud({ dataDir, port: 0, seed: true, timers: false });
  try {
    const demo = cloud.demo!;
    const resident = PERSONAS.resident.openid;
    const worker = PERSONAS.worker.openid;
    const filed = await cloud.invoke('report', { action: 'submit', payload: householdReport(demo.buildingId) }, resident);
    if (!filed.ok) throw new Error(`report.submit failed: ${JSON.stringify(filed)}`);
    const mine = await cloud.invoke('report', { action: 'myHousehold', payload: {} }, resident);
    const personId = (mine.ok ? (mine.data as HouseholdView | null) : null)?.members[0]?.personId;
    if (!personId) throw new Error(`no household for the resident: ${JSON.stringify(mine)}`);
    const itemIds: string[] = [];
    const requestIds: string[] = [];
    for (let i = 0; i < ACCEPT_REQUESTS; i++) {
      const r = await cloud.invoke(
        'request',
        {
          action: 'create',
          payload: {
            clientRequestId: `bench-accept-${process.pid}-${i}`,
            personId,
            urgency: 'normal',
            details: { kind: 'supplies', items: [{ name: '大米', quantity: 1, unit: '袋' }] },
            subscribed: false,
          },
        },
        resident,
      );
      if (!r.ok) throw new Error(`request.create failed: ${JSON.stringify(r)}`);
      const requestId = (r.data as RequestView).requestId;
      const [item] = cloud.store.find(Collections.queueItems, { refId: requestId, kind: 'request' }, { limit: 1 });
      if (!item) throw new Error(`no queue item for request ${requestId}`);
      requestIds.push(requestId);
      itemIds.push(String(item._id));
    }
    const times: number[] = [];
    const codes: Record<string, number> = {};
    let exactlyOne = 0;
    let acceptedAfter = 0;
    const t0 = performance.now();
    for (let i = 0; i < itemIds.length; i++) {
      const results = await Promise.all(
        Array.from({ length: ACCEPT_CONCURRENCY }, async () => {
          const s = performance.now();
          const r = await cloud.invoke('staff', { action: 'requestAction', payload: { itemId: itemIds[i], action: 'accept' } }, worker);
          times.push(performance.now() - s);
          const key = r.ok ? 'ok' : ((r as { code?: string }).code ?? 'ERROR');
          codes[key] = (codes[key] ?? 0) + 1;
          return r.ok;
        }),
      );
      if (results.filter(Boolean).length === 1) exactlyOne++;
      const [req] = cloud.store.find(Collections.requests, { _id: requestIds[i] }, { limit: 1 });
      if (req?.status === 'accepted') acceptedAfter++;
    }
    const wall = (performance.now() - t0) / 1000;
    const s = stats(times);
    details.accept = {
      requests: itemIds.length,
      concurrency: ACCEPT_CONCURRENCY,
      latency: s,
      codes,
      exactlyOne,
      acceptedAfter,
      wallSeconds: wall,
    };
    log(
      `  ${itemIds.length} requests × ${ACCEPT_CONCURRENCY} concurrent accepts by the grid worker: p50 ${fixed(s.p50, 2)} ms, p99 ${fixed(s.p99, 2)} ms, max ${fixed(s.max, 1)} ms; outcomes ${Object.entries(
        codes,
      )
        .map(([c, n]) => `${c}×${n}`)
        .join(
          ', ',
        )}; exactly one winner on ${exactlyOne}/${itemIds.length}; ${acceptedAfter} requests accepted afterwards (${fixed(wall, 2)} s)`,
    );
    fig(
      'S2',
      `staff.requestAction accept, ${ACCEPT_CONCURRENCY} concurrent × ${itemIds.length} requests: p50 / p99 / max`,
      `${fixed(s.p50, 2)} / ${fixed(s.p99, 2)} / ${fixed(s.max, 1)} ms`,
    );
    fig(
      'S2',
      'outcomes of the accept calls',
      Object.entries(codes)
        .map(([c, n]) => `${c}×${n}`)
        .join(', '),
    );
    fig(
      'S2',
      'requests with exactly one winning accept',
      `${exactlyOne} / ${itemIds.length}`,
      'all',
      exactlyOne === itemIds.length ? 'PASS' : 'FAIL',
    );
    fig(
      'S2',
      "requests in status 'accepted' afterwards",
      `${acceptedAfter} / ${itemIds.length}`,
      'all',
      acceptedAfter === itemIds.length ? 'PASS' : 'FAIL',
    );
  } finally {
    await cloud.close();
  }
}

// ---------------------------------------------------------------------------------------------

function table(rows: Figure[]): string {
  const head = ['#', 'figure', 'value', 'goal', 'result'];
  const cells = rows.map((f) => [f.step, f.name, f.value, f.goal, f.status]);
  const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  const width = (s: string) => [...s].reduce((w, c) => w + (wide.test(c) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i]))));
  const line = (c: string[]) => c.map((x, i) => x + ' '.repeat(widths[i] - width(x))).join(' │ ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

/**
 * `--part accept`: step S2 alone, in a process of its own — the local cloud's keys go into
 * process.env once per process, so a second data dir cannot be opened in the same one.
 */
/**
 * `--tmp <dir>` (from run.ts): work in a fresh dir inside the orchestrator's temp dir, which it
 * removes whatever happens to this process; alone, a temp dir of our own.
 */
function tempDir(base: string | undefined, prefix: string): string {
  return base ? mkdtempSync(join(base, prefix)) : makeTempDir(prefix);
}

async function acceptPart(out: string, base: string | undefined): Promise<void> {
  const tmp = tempDir(base, 'gridlink-bench-accept-');
  try {
    await acceptBench(join(tmp, 'data-accept'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    cleanupSync();
  }
  writeResult(out, { figures, details });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = args.get('out');
  if (args.get('part') === 'accept') return acceptPart(out ?? 'accept.json', args.get('tmp'));
  const items = numberArg(args, 'items', 1_000_000);
  const isolations = numberArg(args, 'isolations', 100_000);
  const started = performance.now();
  const machine: StaffResult['machine'] = { nproc: availableParallelism(), loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))) };
  log(`staff bench: ${machine.nproc} cores, load average at start ${machine.loadAverageAtStart.join(' ')}`);
  const alone = !out;
  const onSignal = () => {
    cleanupSync();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tmp = tempDir(args.get('tmp'), 'gridlink-bench-staff-');
  try {
    const dataDir = join(tmp, 'data-staff');
    log(
      `  preloading ${int(items)} queue items over ${GRIDS} grids, ${GRIDS} workers, ${int(isolations)} isolations (+ ${int(isolations * 1.5)} check-ins) …`,
    );
    const t0 = performance.now();
    const { layout, seconds, rosterGrid } = preload(dataDir, items, isolations);
    const preloadS = (performance.now() - t0) / 1000;
    details.preload = { items, isolations, seconds, totalSeconds: preloadS };
    details.preloadItems = items;
    log(
      `  preloaded in ${fixed(preloadS, 1)} s (queue items ${fixed(seconds.queueItems, 1)} s, isolations + check-ins ${fixed(seconds.isolations, 1)} s)`,
    );
    fig('S1', `preload ${int(items)} queue items / 500 grids (insertMany, bulk pragmas)`, `${fixed(seconds.queueItems, 1)} s`);
    fig('S3', `preload ${int(isolations)} isolations + ${int(isolations * 1.5)} check-ins`, `${fixed(seconds.isolations, 1)} s`);

    const cloud = await startLocalCloud({ dataDir, port: 0, seed: false, timers: false });
    // an abandoned (capped) job run fails once the store is closed under it: expected, not a crash
    process.on('unhandledRejection', () => undefined);
    try {
      log('\n── S1. Queue pages (staff.queue, in-process)');
      await queueBench(cloud, layout);
      log('\n── S4. Roster (staff.roster, all pages)');
      await rosterBench(cloud, layout, rosterGrid, isolations);
      log('\n── S3. Missing-check-in job (runCheckinJobs)');
      await jobBench(cloud, isolations);
    } finally {
      await cloud.close();
    }

    log('\n── S2. Accept under contention (staff.requestAction, demo data dir, own process)');
    const acceptOut = join(tmp, 'accept.json');
    await runTs('bench/staff.ts', ['--part', 'accept', '--out', acceptOut, '--tmp', tmp], 3 * 60_000);
    const accept = JSON.parse(readFileSync(acceptOut, 'utf8')) as { figures: Figure[]; details: Record<string, unknown> };
    figures.push(...accept.figures);
    Object.assign(details, accept.details);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    cleanupSync();
  }
  machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  const total = (performance.now() - started) / 1000;
  log(`\n  staff bench total ${fixed(total, 0)} s; load average at end ${machine.loadAverageAtEnd.join(' ')}`);
  const result: StaffResult = { machine, seconds: total, figures, details };
  if (out) writeResult(out, result);
  if (alone) log(`\n${table(figures)}\n`);
}

runMain(main);
