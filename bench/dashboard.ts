/**
 * The dashboard benchmark (issue 14 §2), in-process through the real wx-server-sdk and use cases:
 *
 * A street of 452 grids (3 communities, 10 areas) holding `--persons` persons (3 a household),
 * `--items` queue items, 5 % of persons under home isolation and 5 % under health monitoring (one
 * check-in each today, 2 % of them with a fever) and 20,000 requests over the last 14 days, written
 * straight into the store with `insertMany`. Queue items: 10 % open, 5 % in progress, the rest
 * closed (they accumulate over weeks; `--open-share` changes it). Verification batches: 28 per
 * community (`--batches`), each of ~100 rows per grid (`--batch-rows` per grid over all batches,
 * default 2,800: 1,265,600 rows for the street) — the 25 older batches past their deadline, 94 %
 * closed, 4 % still being checked (overdue), 2 % 不在辖区; the 3 newest ones half being checked;
 * rows being checked spread over the passes (40 / 30 / 20 / 10 %) with an open batch_row queue
 * item each; 3 % of the newest ones' rows unplaced (待分拨, at their community). Then:
 *
 * D1. the daily stats job for the street: `runDailyStats` with no time budget (every grid, then
 *     the roll-up), and how many 30-second scheduler runs it would take;
 * D2. `dashboard.overview` opened 200 times by the street's admin (and by a community admin and a
 *     grid worker) via the local cloud's in-process invoke: p50 / p95 per open;
 * D3. `store.explain` of every count the open made: exact.
 *
 *   npx tsx bench/dashboard.ts [--persons 1000000] [--items 1000000] [--opens 200] [--open-share 0.15]
 *
 * Data lives in a temp dir removed at the end (also on failure and Ctrl+C).
 */
import { availableParallelism, loadavg } from 'os';
import { performance } from 'perf_hooks';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { setClock } from '../cloudfunctions/common/clock';
import { runDailyStats } from '../cloudfunctions/scheduler/dailyStats';
import type { CheckinDoc } from '../src/domain/checkins';
import type { DashboardView } from '../src/domain/dashboard';
import { REPORT_CATEGORIES } from '../src/domain/household';
import type { Place } from '../src/domain/places';
import { QUEUE_KINDS, queueSortKey, type Priority, type QueueItemDoc, type QueueStatus } from '../src/domain/queue';
import { REQUEST_KINDS, URGENCIES, type RequestDoc } from '../src/domain/requests';
import { PASS_KINDS, type BatchRowState, type PassKind } from '../src/domain/batches';
import type { StaffDoc } from '../src/domain/staff';
import { addDays, shanghaiDateString } from '../src/domain/time';
import { openLocalDatabase, startLocalCloud } from '../localcloud/server';
import { numberArg, parseArgs, procMemory, runMain } from './lib/child';
import { cleanupSync, makeTempDir } from './lib/proc';
import { fixed, int, mb, percentile } from './lib/stats';

const DAY_MS = 86_400_000;
const GRIDS = 452;
const COMMUNITIES = 3;
const AREAS = 10;
const BATCH = 10_000;
const REQUESTS = 20_000;
type Docs = Array<Record<string, unknown>>;

const log = (s: string) => console.log(s);
const rows: Array<[string, string, string, string]> = [];
const fig = (name: string, value: string, goal = '', status = '') => rows.push([name, value, goal, status]);

interface Layout {
  streetId: string;
  communityIds: string[];
  gridIds: string[];
  paths: string[][];
}

function hash(i: number): number {
  return Math.imul(i + 1, 2654435761) >>> 0;
}

interface BatchScale {
  batches: number;
  rowsPerGrid: number;
}

function preload(
  dataDir: string,
  persons: number,
  items: number,
  openShare: number,
  scale: BatchScale,
  now: Date,
): { layout: Layout; seconds: number; batchRows: number; batchItems: number } {
  const t0 = performance.now();
  const { store, uninstall } = openLocalDatabase(dataDir);
  try {
    const connection = (store as unknown as { db: { pragma(sql: string): unknown } }).db;
    connection.pragma('synchronous = OFF');
    connection.pragma('cache_size = -262144');
    connection.pragma('wal_autocheckpoint = 10000');
    const created = new Date(now.getTime() - 30 * DAY_MS);

    let n = 0;
    const place = (level: Place['level'], name: string, parent: Place | null): Place => {
      const _id = `pl_dash_${String(n).padStart(4, '0')}`;
      return {
        _id,
        level,
        name,
        parentId: parent?._id ?? null,
        path: [...(parent?.path ?? []), _id],
        code: `D${String(n).padStart(5, '0')}`,
        sort: n++,
      };
    };
    const street = place('street', '基准街道', null);
    const communities = Array.from({ length: COMMUNITIES }, (_, i) => place('community', `第${i + 1}社区`, street));
    const areas = Array.from({ length: AREAS }, (_, i) => place('area', `第${i + 1}片区`, communities[i % COMMUNITIES]));
    const grids = Array.from({ length: GRIDS }, (_, i) => place('grid', `第${i + 1}网格`, areas[i % AREAS]));
    store.insertMany(Collections.places, [street, ...communities, ...areas, ...grids] as unknown as Docs);
    const staff: StaffDoc[] = [
      { openid: 'o_dash_street', role: 'admin' as const, scope: [street._id] },
      { openid: 'o_dash_community', role: 'admin' as const, scope: [communities[0]._id] },
      { openid: 'o_dash_worker', role: 'worker' as const, scope: [grids[0]._id] },
    ].map((s, i) => ({ _id: `st_dash_${i}`, name: `基准${i}`, active: true, createdAt: created, updatedAt: created, ...s }));
    store.insertMany(Collections.staff, staff as unknown as Docs);
    const layout: Layout = {
      streetId: street._id,
      communityIds: communities.map((c) => c._id),
      gridIds: grids.map((g) => g._id),
      paths: grids.map((g) => g.path),
    };
    const pathOf = (g: number, building: number) => [...layout.paths[g], `pl_dash_b${g}_${building}`];

    // households and persons
    const today = shanghaiDateString(now);
    let hh: Docs = [];
    let ps: Docs = [];
    let cis: CheckinDoc[] = [];
    const flush = () => {
      if (hh.length) store.insertMany(Collections.households, hh);
      if (ps.length) store.insertMany(Collections.persons, ps);
      if (cis.length) store.insertMany(Collections.checkins, cis as unknown as Docs);
      hh = [];
      ps = [];
      cis = [];
    };
    for (let i = 0; i < persons; i++) {
      const h = Math.floor(i / 3);
      const g = h % GRIDS;
      const placePath = pathOf(g, h % 20);
      const r = hash(h) % 100;
      if (i % 3 === 0)
        hh.push({
          _id: `h_dash_${String(h).padStart(7, '0')}`,
          placePath,
          gridId: layout.gridIds[g],
          ownerOpenids: [`o_dash_h${h}`],
          createdAt: created,
          updatedAt: created,
        });
      const x = hash(i) % 100;
      const status = x < 5 ? 'home_isolation' : x < 10 ? 'health_monitoring' : 'normal';
      const personId = `p_dash_${String(i).padStart(7, '0')}`;
      ps.push({
        _id: personId,
        householdId: `h_dash_${String(h).padStart(7, '0')}`,
        gridId: layout.gridIds[g],
        placePath,
        name: '基准',
        id: { hash: `hash_${i}`, cipher: '', masked: '' },
        status,
        category: REPORT_CATEGORIES[r % 4],
        createdAt: created,
        updatedAt: created,
      });
      if (status !== 'normal') {
        const alarming = hash(i + 7) % 50 === 0;
        cis.push({
          _id: `ci_${personId}_${today.replace(/-/g, '')}_am`,
          personId,
          householdId: `h_dash_${h}`,
          isolationId: `iso_${personId}`,
          placePath,
          date: today,
          slot: 'am',
          temperature: alarming ? 38.2 : 36.6,
          symptoms: [],
          alarming,
          late: false,
          at: now,
        });
      }
      if (ps.length >= BATCH) flush();
      if ((i + 1) % 200_000 === 0) console.error(`  [dashboard] ${int(i + 1)} persons (${fixed((performance.now() - t0) / 1000, 0)} s)`);
    }
    flush();

    // queue items, in sort-key order per priority block (indexes grow at their ends)
    const block = [0, Math.floor(items * 0.1), Math.floor(items * 0.35), items];
    const dueFrom = now.getTime() - 7 * DAY_MS;
    const span = 8 * DAY_MS;
    let batch: QueueItemDoc[] = [];
    for (let i = 0; i < items; i++) {
      const priority = (i < block[1] ? 0 : i < block[2] ? 1 : 2) as Priority;
      const within = (i - block[priority]) / (block[priority + 1] - block[priority]);
      const due = new Date(dueFrom + Math.floor(within * span));
      const g = (i * 7919) % GRIDS;
      const _id = `q_dash_${String(i).padStart(7, '0')}`;
      const h = hash(i);
      const share = (h % 1000) / 1000;
      const status: QueueStatus = share < openShare * (2 / 3) ? 'open' : share < openShare ? 'in_progress' : 'closed';
      const createdAt = new Date(due.getTime() - DAY_MS);
      batch.push({
        _id,
        kind: QUEUE_KINDS[(h >>> 8) % 4],
        refId: `ref_dash_${i}`,
        communityId: layout.paths[g][1],
        gridId: layout.gridIds[g],
        placePath: pathOf(g, h % 20),
        priority,
        dueAt: due,
        sortKey: queueSortKey(priority, due, _id),
        status,
        assigneeStaffId: null,
        title: `基准事项 ${i}`,
        summary: '基准数据',
        createdAt,
        updatedAt: createdAt,
        ...(status === 'closed' ? { closedAt: new Date(createdAt.getTime() + 3600_000) } : {}),
      });
      if (batch.length === BATCH || i === items - 1) {
        store.insertMany(Collections.queueItems, batch as unknown as Docs);
        batch = [];
        if ((i + 1) % 200_000 === 0)
          console.error(`  [dashboard] ${int(i + 1)} queue items (${fixed((performance.now() - t0) / 1000, 0)} s)`);
      }
    }

    // requests over the last 14 days, most answered
    const reqs: RequestDoc[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const h = hash(i + 99);
      const g = h % GRIDS;
      const createdAt = new Date(now.getTime() - (h % (14 * DAY_MS)));
      const answered = h % 10 !== 0;
      const urgency = URGENCIES[(h >>> 4) % 3];
      reqs.push({
        _id: `rq_dash_${i}`,
        householdId: `h_dash_${g}`,
        personId: `p_dash_${g}`,
        personName: '基准',
        communityId: layout.paths[g][1],
        gridId: layout.gridIds[g],
        buildingId: `pl_dash_b${g}_0`,
        placePath: pathOf(g, 0),
        address: '基准',
        kind: REQUEST_KINDS[(h >>> 8) % 4],
        urgency,
        details: { kind: 'other', description: '基准' },
        status: answered ? 'accepted' : 'submitted',
        timeline: [
          { action: 'submit', from: null, to: 'submitted', actor: { kind: 'owner', name: '居民' }, at: createdAt },
          ...(answered
            ? [
                {
                  action: 'accept' as const,
                  from: 'submitted' as const,
                  to: 'accepted' as const,
                  actor: { kind: 'worker' as const, name: '网格员' },
                  at: new Date(createdAt.getTime() + ((h >>> 6) % 120) * 60_000),
                },
              ]
            : []),
        ],
        filedByOpenid: 'o_dash',
        subscribed: false,
        dueAt: createdAt,
        createdAt,
        updatedAt: createdAt,
      } as RequestDoc);
    }
    for (let i = 0; i < reqs.length; i += BATCH) store.insertMany(Collections.requests, reqs.slice(i, i + BATCH) as unknown as Docs);

    // verification batches: per community `batches` lists, each of rowsPerGrid / batches rows per grid
    const perBatchPerGrid = Math.max(1, Math.round(scale.rowsPerGrid / scale.batches));
    let batchRows = 0;
    let batchItems = 0;
    let brs: Docs = [];
    let bqs: QueueItemDoc[] = [];
    const flushRows = () => {
      if (brs.length) store.insertMany(Collections.batchRows, brs);
      if (bqs.length) store.insertMany(Collections.queueItems, bqs as unknown as Docs);
      brs = [];
      bqs = [];
    };
    const stageOf = (h: number): PassKind => {
      const x = h % 10;
      return PASS_KINDS[x < 4 ? 0 : x < 7 ? 1 : x < 9 ? 2 : 3];
    };
    for (let b = 0; b < scale.batches && scale.rowsPerGrid > 0; b++) {
      const recent = b >= scale.batches - 3;
      // one list every day or so; the newest three still open
      const deadline = new Date(now.getTime() + (recent ? (b - scale.batches + 4) * DAY_MS : -(scale.batches - b) * DAY_MS));
      for (const c of communities) {
        const batchId = `bt_dash_${c._id.slice(-4)}_${String(b).padStart(2, '0')}`;
        store.insertMany(Collections.batches, [
          { _id: batchId, placeId: c._id, placePath: c.path, source: '区指挥部', subject: `基准核查${b}`, deadline, headers: [], mapping: {}, createdByStaffId: 'st_dash_0', dispatchedAt: created, createdAt: created, updatedAt: created },
        ]);
        let rowNumber = 0;
        for (let g = 0; g < GRIDS; g++) {
          if (layout.paths[g][1] !== c._id) continue;
          for (let r = 0; r < perBatchPerGrid; r++) {
            rowNumber++;
            const h = hash(batchRows + 17);
            const x = h % 100;
            const state: BatchRowState = recent
              ? x < 3 ? 'unplaced' : x < 53 ? 'dispatched' : 'closed'
              : x < 4 ? 'dispatched' : x < 6 ? 'out_of_area' : 'closed';
            const _id = `br_dash_${String(batchRows).padStart(8, '0')}`;
            const sortKey = `${deadline.toISOString()}|${batchId}|${String(rowNumber).padStart(7, '0')}`;
            const placed = state !== 'unplaced';
            const placePath = placed ? pathOf(g, h % 20) : c.path;
            const stage: PassKind = state === 'dispatched' ? stageOf(h >>> 8) : state === 'closed' ? 'visit' : 'check';
            brs.push({
              _id,
              batchId,
              importId: `bi_dash_${b}`,
              rowNumber,
              duplicateRows: [],
              keys: [`key_${batchRows}`],
              cellsCipher: '',
              name: '基准',
              errors: [],
              state,
              ...(placed ? { gridId: layout.gridIds[g], communityId: c._id, buildingId: placePath[placePath.length - 1] } : {}),
              placePath,
              unplacedPlaceId: placed ? null : c._id,
              sortKey,
              passes: [],
              stage,
              createdAt: created,
              updatedAt: created,
            });
            if (state === 'dispatched') {
              const itemId = `q_${_id}`;
              bqs.push({
                _id: itemId,
                kind: 'batch_row',
                refId: _id,
                communityId: c._id,
                gridId: layout.gridIds[g],
                placePath,
                priority: 2,
                dueAt: deadline,
                sortKey: queueSortKey(2, deadline, itemId),
                status: h % 3 === 0 ? 'in_progress' : 'open',
                assigneeStaffId: null,
                title: `上级核查 基准核查${b}`,
                summary: '基准数据',
                createdAt: created,
                updatedAt: created,
              });
              batchItems++;
            }
            batchRows++;
            if (brs.length >= BATCH) flushRows();
            if (batchRows % 200_000 === 0) console.error(`  [dashboard] ${int(batchRows)} batch rows (${fixed((performance.now() - t0) / 1000, 0)} s)`);
          }
        }
      }
    }
    flushRows();
    return { layout, seconds: (performance.now() - t0) / 1000, batchRows, batchItems };
  } finally {
    uninstall();
    store.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const persons = numberArg(args, 'persons', 1_000_000);
  const items = numberArg(args, 'items', 1_000_000);
  const opens = numberArg(args, 'opens', 200);
  const openShare = Number(args.get('open-share') ?? 0.15);
  const scale: BatchScale = { batches: numberArg(args, 'batches', 28), rowsPerGrid: numberArg(args, 'batch-rows', 2800) };
  log(
    `dashboard bench: ${int(persons)} persons, ${int(items)} queue items (${Math.round(openShare * 100)} % not closed), ${GRIDS} grids, ` +
      `${scale.batches} batches per community × ${Math.round(scale.rowsPerGrid / scale.batches)} rows per grid`,
  );
  log(
    `machine: ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const dataDir = makeTempDir('gridlink-bench-dashboard-');
  // 15:00 Asia/Shanghai today: the morning slot closed, the day well under way
  const now = new Date(Date.parse(`${shanghaiDateString(new Date())}T15:00:00+08:00`));
  try {
    const { seconds, batchRows, batchItems } = preload(dataDir, persons, items, openShare, scale, now);
    fig(
      `preload (${int(persons)} persons, ${int(items)} queue items, ${int(REQUESTS)} requests, ${int(batchRows)} batch rows + ${int(batchItems)} batch_row items)`,
      `${fixed(seconds, 0)} s`,
    );
    log(`  preloaded in ${fixed(seconds, 1)} s`);
    setClock({ at: now });
    const cloud = await startLocalCloud({ dataDir, port: 0, seed: false, timers: false });
    try {
      const db = getDb();
      // D1: the stats job — yesterday is skipped (no pass saw it), today's pass covers the street
      let t0 = performance.now();
      const run = await runDailyStats(db, now, { budgetMs: Number.POSITIVE_INFINITY });
      const jobS = (performance.now() - t0) / 1000;
      const grids = run.days.reduce((s, d) => s + d.grids, 0);
      fig(
        `D1 daily stats job, street of ${GRIDS} grids (one pass, no budget)`,
        `${fixed(jobS, 1)} s (${grids} grids, ${fixed(grids / jobS, 1)} grids/s)`,
        '≤ 60 s',
        jobS <= 60 ? 'PASS' : 'MISS',
      );
      fig('D1 scheduler runs of a 30 s budget it would take', `${Math.ceil(jobS / 30)}`);
      // the same again (a refresh pass): one document per place per day either way
      t0 = performance.now();
      await runDailyStats(db, new Date(now.getTime() + 31 * 60_000), { budgetMs: Number.POSITIVE_INFINITY });
      const again = (performance.now() - t0) / 1000;
      const docs = cloud.store.count(Collections.dailyStats, { date: shanghaiDateString(now) });
      fig(
        'D1 second pass (refresh)',
        `${fixed(again, 1)} s; documents for the day: ${docs} (1 street + ${COMMUNITIES} communities + ${AREAS} areas + ${GRIDS} grids = ${1 + COMMUNITIES + AREAS + GRIDS})`,
        '',
        docs === 1 + COMMUNITIES + AREAS + GRIDS ? 'PASS' : 'FAIL',
      );

      // yesterday's documents for the trend (copies of today's, as a 14-day history would hold)
      const ds = cloud.store.find(Collections.dailyStats, { date: shanghaiDateString(now) });
      for (let d = 1; d < 14; d++) {
        const date = addDays(shanghaiDateString(now), -d);
        cloud.store.insertMany(
          Collections.dailyStats,
          ds.map((doc) => ({ ...doc, _id: `${doc._id as string}_${d}`, date })),
        );
      }

      // D2: dashboard opens
      const spy: Array<[string, Record<string, unknown>]> = [];
      const count = cloud.store.count.bind(cloud.store);
      cloud.store.count = (collection: string, filter: Record<string, unknown> = {}) => {
        spy.push([collection, filter]);
        return count(collection, filter);
      };
      for (const [who, openid] of [
        ['street admin (452 grids)', 'o_dash_street'],
        ['community admin (151 grids)', 'o_dash_community'],
        ['grid worker', 'o_dash_worker'],
      ] as const) {
        const times: number[] = [];
        let view: DashboardView | null = null;
        const n = who.startsWith('street') ? opens : Math.ceil(opens / 4);
        for (let i = 0; i < n + 5; i++) {
          const s = performance.now();
          const res = (await cloud.invoke('dashboard', { action: 'overview', payload: {} }, openid)) as {
            ok: boolean;
            data: DashboardView;
            message?: string;
          };
          if (!res.ok) throw new Error(`dashboard.overview failed: ${res.message}`);
          if (i >= 5) times.push(performance.now() - s);
          view = res.data;
        }
        const p95 = percentile(times, 95);
        fig(
          `D2 dashboard.overview, ${who}, ${n} opens`,
          `p50 ${fixed(percentile(times, 50), 1)} / p95 ${fixed(p95, 1)} / max ${fixed(Math.max(...times), 1)} ms`,
          who.startsWith('street') ? 'p95 ≤ 300 ms' : '',
          who.startsWith('street') ? (p95 <= 300 ? 'PASS' : 'MISS') : '',
        );
        if (view && who.startsWith('street'))
          log(
            `  street: ${int(view.filed.persons)} persons, ${int(view.today.isolated.value)} isolated, ${int(view.today.openTotal.value)} open items, ${int(view.exceptions.overdue.value)} overdue, ${view.grids.total} grids (first page ${view.grids.rows.length}), ${view.trend.length} trend days`,
          );
        if (view && who.startsWith('street'))
          log(
            `  street batch rows: being checked ${PASS_KINDS.map((k) => `${k} ${int(view!.batch.byPass[k].value)}`).join(' / ')} (open items ${int(view.batch.open.value)}), closed ${int(view.batch.closed)}, 待分拨 ${int(view.exceptions.unplaced.value)}, overdue ${int(view.exceptions.batchOverdue.value)}`,
          );
      }
      // D2b: the street's grid table, a column sorted and its next pages (dashboard.grids)
      {
        const times: number[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 25; i++) {
          const s = performance.now();
          const res = (await cloud.invoke('dashboard', { action: 'grids', payload: { sort: 'persons', ascending: false, cursor } }, 'o_dash_street')) as {
            ok: boolean;
            data: { nextCursor: string | null };
            message?: string;
          };
          if (!res.ok) throw new Error(`dashboard.grids failed: ${res.message}`);
          times.push(performance.now() - s);
          cursor = res.data.nextCursor;
        }
        fig('D2b dashboard.grids, street admin, 25 pages (sorted by persons)', `p50 ${fixed(percentile(times, 50), 1)} / p95 ${fixed(percentile(times, 95), 1)} ms`);
      }
      const perOpen = spy.length / (opens + 5 + 2 * (Math.ceil(opens / 4) + 5));
      const inexact = spy.filter(([c, f]) => !cloud.store.explain(c, f).exact);
      fig(
        'D3 counts per open (average), all exact',
        `${fixed(perOpen, 1)}; inexact: ${inexact.length}`,
        '',
        inexact.length === 0 ? 'PASS' : 'FAIL',
      );
      const mem = procMemory('self');
      if (mem) fig('process RSS at end', mb(mem.rss));
    } finally {
      await cloud.close();
      setClock({ at: null });
    }
  } finally {
    cleanupSync();
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  log('');
  for (const [name, value, goal, status] of rows)
    log(`${name.padEnd(width)}  ${value}${goal ? `  (goal ${goal})` : ''}${status ? `  ${status}` : ''}`);
}

runMain(main);
