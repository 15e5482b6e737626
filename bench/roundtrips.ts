/**
 * Round trips — the cost that follows the code to CloudBase, where every database request is a
 * network round trip — and the CloudBase-like run, in-process through the real wx-server-sdk and the
 * real use cases on a small demo data dir (the local cloud's `invoke`, no HTTP):
 *
 * R1. database requests per call of each action: the transport's `requestCounts` (total and by
 *     action) diffed around each call, calls one at a time so nothing else is counted. Actions:
 *     report.submit (a new household; a re-filing with the same members; a re-filing that replaces
 *     the three members, as the HTTP load does), request.create, staff.queue, staff.verify,
 *     checkin.submit; and per row, the batch import (per row) and the ledger export (per 1,000 rows)
 *     (`PER_ROW_HOOKS` below).
 * R2. latency mode: the same actions with a fixed 5 ms delay on every database request
 *     (`setDatabaseLatency({ min: 5, max: 5 })`, what `GRIDLINK_DB_LATENCY_MS=5` sets), 20
 *     concurrent callers, p50 / p99 per action — what a resident feels on the platform, where the
 *     round trips of a call add up (after an unmeasured warm-up pass of every action). Goal: report.submit p99 ≤ 60 ms. Here the 20 callers share one
 *     core (on CloudBase each call has an instance of its own), so their CPU time queues up too: the
 *     same actions one caller at a time are printed beside, with the round trips' own share.
 *
 *   node --import tsx bench/roundtrips.ts [--out result.json] [--tmp dir] [--calls 25]
 *   npx tsx bench/roundtrips.ts     (alone: prints its own table; --per-row-only: R1's per-row figures only)
 */
import { mkdtempSync, rmSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import type { QueuePage, ReportReceipt } from '../src/domain/contracts';
import { roomsOfUnit, type Place } from '../src/domain/places';
import { shanghaiDateString } from '../src/domain/time';
import { Collections } from '../cloudfunctions/common/collections';
import { requestCounts, setDatabaseLatency } from '../localcloud/db/transport';
import { PERSONAS } from '../localcloud/personas';
import { startLocalCloud, type LocalCloud } from '../localcloud/server';
import { numberArg, parseArgs, runMain, writeResult } from './lib/child';
import { figureTable, Figures, type Figure } from './lib/figures';
import { ADULTS, idNumber, LOAD_PROVINCE, personName, phoneNumber, submissionPayload } from './lib/people';
import { xlsxOf } from '../tests/support/batches';
import { getCloud } from '../cloudfunctions/common/cloud';
import type { ImportView } from '../src/domain/batches';
import { cleanupSync, makeTempDir } from './lib/proc';
import { fixed, percentile } from './lib/stats';

/** Goals of the issue "Fast on CloudBase, not only here". */
export const ROUND_TRIP_GOALS = { submitNew: 5, submitRefile: 6, latencyP99Ms: 60 };
/** CloudBase-like: every database request answered 5 ms later. */
const LATENCY = { min: 5, max: 5 };
const CONCURRENCY = 20;

export interface ActionRoundTrips {
  action: string;
  calls: number;
  /** requests per call: min / median / max over the calls */
  min: number;
  median: number;
  max: number;
  /** requests of the median call, by SDK action (database.getDocument …) */
  byAction: Record<string, number>;
}

export interface ActionLatency {
  action: string;
  calls: number;
  concurrency: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RoundTripResult {
  roundTrips: ActionRoundTrips[];
  /** at CONCURRENCY callers */
  latency: ActionLatency[];
  /** one caller at a time: the round trips and the call's own CPU, nothing queued behind others */
  alone: ActionLatency[];
  /** actions of the issue that are not built yet */
  notBuilt: string[];
  figures: Figure[];
}

type Invoke = (openid: string, name: string, action: string, payload: unknown) => Promise<unknown>;

/**
 * One action under test: `prepare(n)` makes what n calls need (not measured), `run(i)` is call i.
 * Calls of one action may run concurrently, so `run(i)` must not depend on call i - 1.
 */
interface Scenario {
  action: string;
  prepare(n: number): Promise<void>;
  run(i: number): Promise<unknown>;
}

/**
 * Per-row figures of the bulk actions: the database requests an action makes for its rows, divided
 * out — the ledger export per 1,000 exported rows (its jobs read in pages), the batch import per
 * imported row. A hook without a `measure` is printed as not measured.
 */
interface PerRowHook {
  action: string;
  /** rows the figure is given per */
  per: number;
  measure: ((ctx: Context) => Promise<{ requests: number; rows: number; byAction: Record<string, number> }>) | null;
}

const PER_ROW_HOOKS: PerRowHook[] = [
  {
    action: 'batch import (upload, mapping, job steps), per row',
    per: 1,
    async measure(c) {
      const { bytes, rows } = await batchList(c, 1000);
      const fileId = await uploadAsAdmin(c, bytes);
      const admin = PERSONAS.admin.openid;
      const total0 = requestCounts.total;
      const by0 = new Map(requestCounts.byAction);
      let view = ok<ImportView>(
        await c.invoke(admin, 'batch', 'upload', { fileId, source: `往返${c.tag}`, subject: '基准', deadline: new Date(Date.now() + 86_400_000).toISOString() }),
        'batch.upload',
      );
      if (view.status === 'mapping') view = ok<ImportView>(await c.invoke(admin, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping }), 'batch.confirmMapping');
      for (let i = 0; view.status === 'running' && i < 1000; i++) view = ok<ImportView>(await c.invoke(admin, 'batch', 'run', { importId: view.importId }), 'batch.run');
      if (view.status !== 'done') throw new Error(`batch import ended ${view.status}`);
      const requests = requestCounts.total - total0;
      const byAction = countDelta(by0);
      lastBatchId = view.batchId;
      return { requests, rows, byAction };
    },
  },
  {
    action: 'batch dispatch (queue items, row states, notices), per row',
    per: 1,
    async measure(c) {
      if (!lastBatchId) throw new Error('no batch imported');
      const admin = PERSONAS.admin.openid;
      const total0 = requestCounts.total;
      const by0 = new Map(requestCounts.byAction);
      let dispatched = 0;
      for (let i = 0; i < 100; i++) {
        const d = ok<{ dispatched: number; more: boolean }>(await c.invoke(admin, 'batch', 'dispatch', { batchId: lastBatchId }), 'batch.dispatch');
        dispatched += d.dispatched;
        if (!d.more) break;
      }
      return { requests: requestCounts.total - total0, rows: dispatched, byAction: countDelta(by0) };
    },
  },
  {
    action: 'ledger export (一人一档), per 1,000 rows',
    per: 1000,
    async measure(c) {
      // about 1,000 persons: households of three filed through report.submit
      for (let i = 0; i < 340; i++) await fileAs(c, `o_rt_${c.tag}_ledger_${i}`, c.seq());
      const admin = PERSONAS.admin.openid;
      const total0 = requestCounts.total;
      const by0 = new Map(requestCounts.byAction);
      let view = ok<{ jobId: string; status: string; rows: number }>(
        await c.invoke(admin, 'ledger', 'start', { layout: 'person', profileId: 'default_person' }),
        'ledger.start',
      );
      for (let i = 0; view.status === 'running' && i < 1000; i++) {
        view = ok<{ jobId: string; status: string; rows: number }>(await c.invoke(admin, 'ledger', 'step', { jobId: view.jobId }), 'ledger.step');
      }
      if (view.status !== 'done') throw new Error(`ledger export ended ${view.status}`);
      return { requests: requestCounts.total - total0, rows: view.rows, byAction: countDelta(by0) };
    },
  },
];

let lastBatchId: string | null = null;

/**
 * An upper-level list of `n` rows in the shapes lists use: a third of them persons filed through
 * report.submit just before (known to 一人一档 by ID), the rest new, addresses of the demo
 * buildings (the last tenth nowhere: 待分拨).
 */
async function batchList(c: Context, n: number): Promise<{ bytes: Buffer; rows: number }> {
  const places = c.cloud.store.find(Collections.places, {}) as unknown as Place[];
  const compounds = new Map(places.filter((p) => p.level === 'compound').map((p) => [p._id, p]));
  const buildings = places.filter((p) => p.level === 'building' && /\d/.test(p.name) && p.parentId && compounds.has(p.parentId));
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const b = buildings[i % buildings.length];
    const address = i >= n * 0.9 ? `外省某市某路${i}号` : `${compounds.get(b.parentId!)!.name}${/\d+/.exec(b.name)![0]}号楼1单元${101 + (i % 3)}`;
    const seq = c.seq();
    rows.push([String(i + 1), personName(seq), idNumber(LOAD_PROVINCE, seq, ADULTS), phoneNumber(seq), address, '上海', '2022-05-01', '火车', '']);
  }
  // a third known: households of three filed through report.submit, their members' rows by name and ID number
  for (let i = 0; i < Math.floor(n / 9); i++) {
    const seq = c.seq();
    await fileAs(c, `o_rt_${c.tag}_batch_${i}`, seq);
    submissionPayload(seq, { buildingId: c.buildingId, unit: '', room: '' }, new Date()).members.forEach((m, j) => {
      const row = rows[i * 3 + j];
      row[1] = m.name;
      row[2] = m.idNumber ?? row[2];
    });
  }
  const bytes = await xlsxOf(['序号', '姓名', '身份证号', '联系电话', '现住址', '来源地', '到达时间', '交通方式', '备注'], rows);
  return { bytes, rows: n };
}

async function uploadAsAdmin(c: Context, bytes: Buffer): Promise<string> {
  const prepared = ok<{ cloudPath: string }>(
    await c.invoke(PERSONAS.admin.openid, 'file', 'prepareUpload', { purpose: 'import', kind: 'xlsx', size: bytes.length }),
    'file.prepareUpload',
  );
  const res = (await getCloud().uploadFile({ cloudPath: prepared.cloudPath, fileContent: bytes })) as { fileID: string };
  return res.fileID;
}

interface Context {
  cloud: LocalCloud;
  invoke: Invoke;
  buildingId: string;
  rooms: Array<{ unit: string; room: string }>;
  /** distinct numbers for everything a scenario files (persons, client request ids) */
  seq(): number;
  tag: string;
}

function ok<T>(r: unknown, what: string): T {
  const res = r as { ok: boolean; data?: T; code?: string; message?: string };
  if (!res.ok) throw new Error(`${what}: ${res.code} ${res.message}`);
  return res.data as T;
}

function fileAs(c: Context, openid: string, seq: number): Promise<ReportReceipt> {
  const room = c.rooms[seq % c.rooms.length];
  const payload = submissionPayload(seq, { buildingId: c.buildingId, ...room }, new Date());
  return c.invoke(openid, 'report', 'submit', { ...payload, clientRequestId: `${c.tag}-${seq}` }).then((r) => ok<ReportReceipt>(r, 'report.submit'));
}

/** The scenarios, each with what its calls need; `tag` keeps the openids of two passes apart. */
function scenarios(c: Context): Scenario[] {
  const openids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `o_rt_${c.tag}_${prefix}_${i}`);
  let fresh: string[] = [];
  let refilers: Array<{ openid: string; seq: number }> = [];
  let replacers: string[] = [];
  let requesters: Array<{ openid: string; personId: string }> = [];
  let verifyItems: string[] = [];
  let checkers: Array<{ openid: string; personId: string }> = [];
  const worker = PERSONAS.worker.openid;
  const filed: string[] = [];
  return [
    {
      action: 'report.submit (new household)',
      async prepare(n) {
        fresh = openids('new', n);
      },
      async run(i) {
        const receipt = await fileAs(c, fresh[i], c.seq());
        filed.push(receipt.householdId);
        return receipt;
      },
    },
    {
      action: 'report.submit (re-filing, same members)',
      async prepare(n) {
        refilers = [];
        for (const openid of openids('refile', n)) {
          const seq = c.seq();
          await fileAs(c, openid, seq);
          refilers.push({ openid, seq });
        }
      },
      run(i) {
        const { openid, seq } = refilers[i];
        const room = c.rooms[seq % c.rooms.length];
        const payload = submissionPayload(seq, { buildingId: c.buildingId, ...room }, new Date());
        return c.invoke(openid, 'report', 'submit', { ...payload, clientRequestId: `${c.tag}-again-${seq}-${i}` }).then((r) => ok(r, 're-filing'));
      },
    },
    {
      action: 'report.submit (re-filing, 3 new members replace 3)',
      async prepare(n) {
        replacers = openids('replace', n);
        for (const openid of replacers) await fileAs(c, openid, c.seq());
      },
      run(i) {
        return fileAs(c, replacers[i], c.seq());
      },
    },
    {
      action: 'request.create',
      async prepare(n) {
        requesters = [];
        for (const openid of openids('req', Math.min(n, CONCURRENCY))) {
          const receipt = await fileAs(c, openid, c.seq());
          requesters.push({ openid, personId: receipt.members[0].personId });
        }
      },
      run(i) {
        const { openid, personId } = requesters[i % requesters.length];
        return c
          .invoke(openid, 'request', 'create', {
            clientRequestId: `${c.tag}-req-${c.seq()}`,
            personId,
            urgency: 'normal',
            details: { kind: 'supplies', items: [{ name: '大米', quantity: 1, unit: '袋' }, { name: '鸡蛋', quantity: 2, unit: '盒' }] },
            subscribed: false,
          })
          .then((r) => ok(r, 'request.create'));
      },
    },
    {
      action: 'staff.queue (first page)',
      async prepare() {},
      run() {
        return c.invoke(worker, 'staff', 'queue', {}).then((r) => ok<QueuePage>(r, 'staff.queue'));
      },
    },
    {
      action: 'staff.verify',
      async prepare(n) {
        // the households filed above (and more when they are not enough) wait in the worker's queue
        while (filed.length < n) filed.push((await fileAs(c, `o_rt_${c.tag}_verify_${filed.length}`, c.seq())).householdId);
        verifyItems = filed.splice(0, n).map((h) => `qv_${h}`);
      },
      run(i) {
        return c
          .invoke(worker, 'staff', 'verify', { itemId: verifyItems[i], outcome: 'at_home', methods: ['phone'] })
          .then((r) => ok(r, 'staff.verify'));
      },
    },
    {
      action: 'checkin.submit',
      async prepare(n) {
        checkers = [];
        const today = shanghaiDateString(new Date());
        for (const openid of openids('ci', Math.min(n, CONCURRENCY))) {
          const receipt = await fileAs(c, openid, c.seq());
          const personId = receipt.members[0].personId;
          ok(
            await c.invoke(worker, 'staff', 'startIsolation', { personId, kind: 'home_isolation', startDate: today, plannedDays: 14, reason: '基准' }),
            'staff.startIsolation',
          );
          checkers.push({ openid, personId });
        }
      },
      run(i) {
        const { openid, personId } = checkers[i % checkers.length];
        // a correction of the same slot after the first: the normal reading of every day
        return c.invoke(openid, 'checkin', 'submit', { personId, temperature: 36.5, symptoms: [] }).then((r) => ok(r, 'checkin.submit'));
      },
    },
  ];
}

function countDelta(before: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [action, n] of requestCounts.byAction) {
    const d = n - (before.get(action) ?? 0);
    if (d > 0) out[action.replace(/^database\./, '')] = d;
  }
  return out;
}

/** R1: requests per call, one call at a time. */
async function countRoundTrips(s: Scenario, calls: number): Promise<ActionRoundTrips> {
  await s.prepare(calls);
  const counts: Array<{ total: number; byAction: Record<string, number> }> = [];
  for (let i = 0; i < calls; i++) {
    const total0 = requestCounts.total;
    const by0 = new Map(requestCounts.byAction);
    await s.run(i);
    counts.push({ total: requestCounts.total - total0, byAction: countDelta(by0) });
  }
  const sorted = [...counts].sort((a, b) => a.total - b.total);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return { action: s.action, calls, min: sorted[0].total, median: median.total, max: sorted[sorted.length - 1].total, byAction: median.byAction };
}

/** R2: `calls` calls by `concurrency` callers at once, each caller one call after another. */
async function measureLatency(s: Scenario, calls: number, concurrency: number): Promise<ActionLatency> {
  await s.prepare(calls);
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const t0 = performance.now();
        try {
          await s.run(i);
          times.push(performance.now() - t0);
        } catch (e) {
          failed++;
          if (failed <= 3) console.error(`  [roundtrips] ${s.action} call ${i} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }),
  );
  return {
    action: s.action,
    calls,
    concurrency,
    failed,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.length ? Math.max(...times) : NaN,
  };
}

const shortBy = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([a, n]) => `${a.replace('Document', '').replace('Documents', '')} ${n}`)
    .join(', ');

export async function roundTrips(dataDir: string, calls: number, perRowOnly = false): Promise<RoundTripResult> {
  const figures = new Figures();
  const cloud = await startLocalCloud({ dataDir, port: 0, seed: true, timers: false, demo: true, dbLatency: null });
  try {
    const demo = cloud.demo!;
    const [building] = cloud.store.find(Collections.places, { _id: demo.buildingId }) as unknown as Place[];
    const rooms = (building.units ?? []).flatMap((u) => roomsOfUnit(u).map((room) => ({ unit: u.name, room })));
    let n = 500_000 + (process.pid % 1000) * 10_000;
    const context = (tag: string): Context => ({
      cloud,
      invoke: (openid, name, action, payload) => cloud.invoke(name, { action, payload }, openid),
      buildingId: demo.buildingId,
      rooms,
      seq: () => n++,
      tag,
    });

    console.log(`  R1. database requests per call (${calls} calls each, one at a time, no latency)`);
    const counted: ActionRoundTrips[] = [];
    for (const s of perRowOnly ? [] : scenarios(context('count'))) {
      const r = await countRoundTrips(s, calls);
      counted.push(r);
      console.log(`    ${r.action}: ${r.median} requests (min ${r.min}, max ${r.max}) — ${shortBy(r.byAction)}`);
    }
    const perRow: Array<{ action: string; value: string }> = [];
    for (const hook of PER_ROW_HOOKS) {
      if (!hook.measure) {
        perRow.push({ action: hook.action, value: 'n/a (not measured here)' });
      } else {
        const m = await hook.measure(context('rows'));
        const value = `${fixed((m.requests / Math.max(1, m.rows)) * hook.per, hook.per === 1 ? 3 : 1)} (${m.requests} requests for ${m.rows} rows — ${shortBy(m.byAction)})`;
        perRow.push({ action: hook.action, value });
      }
      console.log(`    ${hook.action}: ${perRow[perRow.length - 1].value}`);
    }

    console.log(
      `  R2. latency mode: ${LATENCY.min} ms per database request; ${CONCURRENCY} concurrent callers (${calls * 4} calls per action), then one caller (${calls} calls)`,
    );
    setDatabaseLatency(LATENCY);
    const latency: ActionLatency[] = [];
    const alone: ActionLatency[] = [];
    try {
      // unmeasured: a pass of every action first, so the first measured action does not pay for the JIT's warm-up
      for (const s of perRowOnly ? [] : scenarios(context('warm'))) await measureLatency(s, CONCURRENCY, CONCURRENCY);
      for (const s of perRowOnly ? [] : scenarios(context('lat'))) {
        const r = await measureLatency(s, calls * 4, CONCURRENCY);
        latency.push(r);
        console.log(`    ${r.action}: p50 ${fixed(r.p50)} ms, p99 ${fixed(r.p99)} ms, max ${fixed(r.max)} ms${r.failed ? `; ${r.failed} failed` : ''}`);
      }
      for (const s of perRowOnly ? [] : scenarios(context('one'))) {
        const r = await measureLatency(s, calls, 1);
        alone.push(r);
        console.log(`    ${r.action}, one caller: p50 ${fixed(r.p50)} ms, p99 ${fixed(r.p99)} ms${r.failed ? `; ${r.failed} failed` : ''}`);
      }
    } finally {
      setDatabaseLatency(null);
    }

    for (const r of counted) {
      const name = `database requests per call: ${r.action}`;
      const value = `${r.median}${r.min !== r.max ? ` (${r.min}–${r.max})` : ''} — ${shortBy(r.byAction)}`;
      if (r.action.startsWith('report.submit (new')) figures.goal('R1', name, value, `≤ ${ROUND_TRIP_GOALS.submitNew}`, r.max <= ROUND_TRIP_GOALS.submitNew);
      else if (r.action.startsWith('report.submit (re-filing')) {
        figures.goal('R1', name, value, `≤ ${ROUND_TRIP_GOALS.submitRefile}`, r.max <= ROUND_TRIP_GOALS.submitRefile);
      } else figures.figure('R1', name, value);
    }
    for (const r of perRow) figures.figure('R1', `database requests: ${r.action}`, r.value);
    for (const r of latency) {
      const one = alone.find((a) => a.action === r.action);
      const rt = counted.find((c) => c.action === r.action);
      const name = `latency mode (${LATENCY.min} ms/request, ${r.concurrency} concurrent): ${r.action} p50 / p99`;
      const value =
        `${fixed(r.p50)} / ${fixed(r.p99)} ms (max ${fixed(r.max)})` +
        (one ? `; one caller ${fixed(one.p50)} / ${fixed(one.p99)}` : '') +
        (rt ? `; round trips alone ${rt.median} × ${LATENCY.min} = ${rt.median * LATENCY.min} ms` : '');
      if (r.action.startsWith('report.submit')) figures.goal('R2', name, value, `p99 ≤ ${ROUND_TRIP_GOALS.latencyP99Ms} ms`, r.p99 <= ROUND_TRIP_GOALS.latencyP99Ms);
      else figures.figure('R2', name, value);
      if (r.failed > 0) figures.check('R2', `failed calls: ${r.action}`, String(r.failed), '0', false);
    }
    return { roundTrips: counted, latency, alone, notBuilt: PER_ROW_HOOKS.filter((h) => !h.measure).map((h) => h.action), figures: figures.rows };
  } finally {
    await cloud.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = args.get('out');
  const calls = numberArg(args, 'calls', 25);
  const base = args.get('tmp');
  const tmp = base ? mkdtempSync(join(base, 'gridlink-bench-rt-')) : makeTempDir('gridlink-bench-rt-');
  try {
    const result = await roundTrips(join(tmp, 'data'), calls, args.has('per-row-only'));
    if (out) writeResult(out, result);
    else console.log(`\n${figureTable(result.figures)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    cleanupSync();
  }
}

if (require.main === module) runMain(main);
