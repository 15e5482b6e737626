/**
 * The in-process measurements, run against a preloaded data dir while no server holds it:
 *
 * 1. household lookup by ID hash — `db.collection('persons').where({ 'id.hash': h }).get()` through
 *    the real wx-server-sdk (and the local transport), for random known hashes of preloaded
 *    persons; `store.explain` of the same query must name the `id_hash` index;
 * 2. the recurring-transport trigger — insert `--schedules` active request schedules due within
 *    the lead window for random preloaded households, then time `createDueOccurrences(db, now)`
 *    once (creates one request + queue item per schedule) and a second time (creates nothing).
 *
 *   node --expose-gc --import tsx bench/direct.ts --data <dir> --out result.json [--lookups 2000] [--schedules 10000]
 *     [--resident <openid>]   also report what the HTTP loads left on that caller's household
 *     [--floor 20000]          and the SQLite floor: that household's documents as one submission writes
 *                              them, with better-sqlite3 directly, one transaction per submission
 *
 * A child of its own (not the orchestrator) so that its RSS is this work's alone.
 */
import Database from 'better-sqlite3';
import { createHash, randomInt } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { HashNamespaces, keyedHash } from '../cloudfunctions/common/crypto';
import { createDueOccurrences, type OccurrenceRun } from '../cloudfunctions/scheduler/occurrences';
import type { HouseholdDoc, PersonDoc } from '../src/domain/household';
import { SCHEDULE_LEAD_HOURS, slotKey, type RequestScheduleDoc } from '../src/domain/requests';
import { shanghaiDateString } from '../src/domain/time';
import { openLocalDatabase } from '../localcloud/server';
import type { ExplainResult } from '../localcloud/db/store';
import { numberArg, parseArgs, procMemory, requireArg, runMain, writeResult } from './lib/child';
import { ADULTS, idNumber, PRELOAD_PROVINCE } from './lib/people';
import { householdId, readPreloadState } from './lib/preload-state';
import { percentile } from './lib/stats';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface LookupResult {
  lookups: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** lookups that did not return exactly the expected person */
  wrong: number;
  explain: ExplainResult;
}

export interface TriggerRun {
  run: OccurrenceRun;
  seconds: number;
  msPerSchedule: number;
  /** CPU time (user + system) of this process during the run, per examined schedule */
  cpuMsPerSchedule: number;
  rssBefore: number;
  rssAfter: number;
  peakRss: number;
}

export interface DirectResult {
  persons: number;
  lookup: LookupResult;
  schedules: number;
  insertSchedulesSeconds: number;
  first: TriggerRun;
  second: TriggerRun;
  /** requests and queue items of these schedules' occurrences found in the store afterwards */
  requestsCreated: number;
  queueItemsCreated: number;
  /** what the HTTP loads left on the household of `--resident` (when given and found) */
  resident: ResidentState | null;
  /** the SQLite floor of a submission (with `--resident`) */
  sqliteFloor: SqliteFloor | null;
}

export interface SqliteFloor {
  submissions: number;
  seconds: number;
  perSecond: number;
  /** CPU time (user + system) of this process per submission */
  cpuMsPerSubmission: number;
  /** bytes of document text one submission writes */
  bytesPerSubmission: number;
}

export interface ResidentState {
  householdId: string;
  reports: number;
  /** the household's open verify items: exactly one */
  openVerifyItems: number;
  /** that item waits on the household's newest filing (older unverified filings show as superseded: derived) */
  itemOnLastReport: boolean;
}

function residentState(store: ReturnType<typeof openLocalDatabase>['store'], openid: string): ResidentState | null {
  const [household] = store.find(Collections.households, { ownerOpenids: openid }, { limit: 1 });
  if (!household) return null;
  const householdId = String(household._id);
  const open = store.find(Collections.queueItems, { householdId, kind: 'verify_report', status: 'open' });
  return {
    householdId,
    reports: store.count(Collections.reports, { householdId }),
    openVerifyItems: open.length,
    itemOnLastReport: open.length === 1 && open[0].refId === household.lastReportId,
  };
}

/** Distinct random integers in [0, n). */
function sample(count: number, n: number): number[] {
  const picked = new Set<number>();
  if (count > n) throw new Error(`cannot pick ${count} of ${n}`);
  while (picked.size < count) picked.add(randomInt(n));
  return [...picked];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function lookups(store: ReturnType<typeof openLocalDatabase>['store'], persons: number, count: number): Promise<LookupResult> {
  const db = getDb();
  const hashOf = (n: number) => keyedHash(HashNamespaces.document('id_card'), idNumber(PRELOAD_PROVINCE, n, ADULTS));
  const lookup = async (hash: string): Promise<PersonDoc[]> => {
    // wx-server-sdk types get() with its callback overloads; awaited, it resolves to { data }.
    const res = (await db.collection(Collections.persons).where({ 'id.hash': hash }).get()) as unknown as { data: PersonDoc[] };
    return res.data;
  };
  // Warm the SDK and the statement cache first; these are not measured.
  for (const n of sample(Math.min(200, persons), persons)) await lookup(hashOf(n));

  const hashes = sample(count, persons).map(hashOf);
  const times: number[] = [];
  let wrong = 0;
  for (const hash of hashes) {
    const t0 = performance.now();
    const found = await lookup(hash);
    times.push(performance.now() - t0);
    if (found.length !== 1 || found[0].id.hash !== hash || found[0]._id !== `p_${hash.slice(0, 32)}`) wrong++;
  }
  return {
    lookups: count,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    maxMs: Math.max(...times),
    wrong,
    explain: store.explain(Collections.persons, { 'id.hash': hashes[0] }),
  };
}

/** Schedules like request.create makes for a recurring transport, due within the lead window. */
function buildSchedules(households: HouseholdDoc[], persons: Map<string, PersonDoc>, now: Date): RequestScheduleDoc[] {
  return households.map((h, i) => {
    const person = persons.get(h.personIds[0]);
    if (!person) throw new Error(`household ${h._id} has no person ${h.personIds[0]}`);
    // Next pick-up between 1 h and (lead - 1) h from now: due now, not yet missed.
    const nextAt = new Date(now.getTime() + HOUR_MS + ((i * 7_919_000) % ((SCHEDULE_LEAD_HOURS - 2) * HOUR_MS)));
    const firstPickup = new Date(nextAt.getTime() - 2 * DAY_MS);
    const until = shanghaiDateString(new Date(now.getTime() + 30 * DAY_MS));
    return {
      _id: `rs_bench_${i}`,
      householdId: h._id,
      personId: person._id,
      personName: person.name,
      filedByOpenid: h.ownerOpenids[0],
      subscribed: false,
      urgency: 'normal',
      details: { kind: 'transport', reason: '定期透析', hospital: '市第一人民医院', pickupAt: firstPickup.toISOString(), companions: 1, recurrence: { everyDays: 2, until } },
      everyDays: 2,
      until,
      nextAt,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
  });
}

async function trigger(now: Date): Promise<TriggerRun> {
  gc();
  const before = procMemory('self')!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await createDueOccurrences(getDb(), now);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const after = procMemory('self')!;
  const per = (ms: number) => (run.examined > 0 ? ms / run.examined : 0);
  return {
    run,
    seconds,
    msPerSchedule: per(seconds * 1000),
    cpuMsPerSchedule: per((cpu.user + cpu.system) / 1000),
    rssBefore: before.rss,
    rssAfter: after.rss,
    peakRss: after.peak,
  };
}

/**
 * The SQLite floor of one submission: the documents a re-filing writes (3 persons inserted, the
 * report inserted, the household, the 3 persons it replaces and its verify item updated) — taken
 * from the resident's household as the loads left it — written with better-sqlite3 directly, in the
 * store's table layout (`_id`, document text; WAL, synchronous = NORMAL) but without index rows,
 * one transaction per submission. No store, SDK or function can write them for less.
 */
function sqliteFloor(store: ReturnType<typeof openLocalDatabase>['store'], openid: string, count: number): SqliteFloor | null {
  const [household] = store.find(Collections.households, { ownerOpenids: openid }, { limit: 1 }) as unknown as HouseholdDoc[];
  if (!household) return null;
  const persons = store.find(Collections.persons, { _id: { $in: household.personIds } }) as unknown as PersonDoc[];
  const [report] = store.find(Collections.reports, { _id: household.lastReportId });
  const [item] = store.find(Collections.queueItems, { _id: `qv_${household._id}` });
  if (persons.length === 0 || !report || !item) return null;
  const text = (doc: unknown) => JSON.stringify(doc);
  const personTexts = persons.map(text);
  const [householdText, reportText, itemText] = [household, report, item].map(text);
  const id = (prefix: string, n: number) => `${prefix}_${createHash('sha256').update(`${prefix}${n}`).digest('hex').slice(0, 32)}`;
  const personIds = Array.from({ length: (count + 1) * persons.length }, (_, n) => id('p', n));
  const reportIds = Array.from({ length: count }, (_, n) => id('r', n));

  const dir = mkdtempSync(join(resolve(process.env.TMPDIR ?? '/tmp'), 'gridlink-floor-'));
  const db = new Database(join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const t of ['households', 'persons', 'reports', 'queue_items']) db.exec(`CREATE TABLE "c:${t}" (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID`);
    const insert = (t: string) => db.prepare(`INSERT INTO "c:${t}" (_id, doc) VALUES (?, ?)`);
    const update = (t: string) => db.prepare(`UPDATE "c:${t}" SET doc = ? WHERE _id = ?`);
    const [insPerson, insReport, insHousehold, insItem] = [insert('persons'), insert('reports'), insert('households'), insert('queue_items')];
    const [updPerson, updHousehold, updItem] = [update('persons'), update('households'), update('queue_items')];
    insHousehold.run(household._id, householdText);
    insItem.run(item._id as string, itemText);
    personTexts.forEach((t, k) => insPerson.run(personIds[k], t));
    const submit = db.transaction((n: number) => {
      const k = persons.length;
      for (let j = 0; j < k; j++) insPerson.run(personIds[(n + 1) * k + j], personTexts[j]);
      insReport.run(reportIds[n], reportText);
      updHousehold.run(householdText, household._id);
      for (let j = 0; j < k; j++) updPerson.run(personTexts[j], personIds[n * k + j]);
      updItem.run(itemText, item._id as string);
    });
    const bytesPerSubmission = 2 * personTexts.reduce((a, t) => a + t.length, 0) + reportText.length + householdText.length + itemText.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let n = 0; n < count; n++) submit(n);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { submissions: count, seconds, perSecond: count / seconds, cpuMsPerSubmission: (cpu.user + cpu.system) / 1000 / count, bytesPerSubmission };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = resolve(requireArg(args, 'data'));
  const out = requireArg(args, 'out');
  const lookupCount = numberArg(args, 'lookups', 2000);
  const scheduleCount = numberArg(args, 'schedules', 10_000);
  const state = readPreloadState(dataDir);
  if (!state || state.persons === 0) throw new Error(`${dataDir} has no preloaded persons`);

  const { store, uninstall } = openLocalDatabase(dataDir);
  try {
    console.error(`  [direct] ${lookupCount} lookups by ID hash over ${state.persons.toLocaleString('en-US')} persons …`);
    const lookup = await lookups(store, state.persons, lookupCount);

    console.error(`  [direct] ${scheduleCount.toLocaleString('en-US')} request schedules …`);
    const now = new Date();
    const ids = sample(scheduleCount, state.households).map(householdId);
    const households: HouseholdDoc[] = [];
    const persons = new Map<string, PersonDoc>();
    const t0 = performance.now();
    for (let i = 0; i < ids.length; i += 500) {
      const page = store.find(Collections.households, { _id: { $in: ids.slice(i, i + 500) } }) as unknown as HouseholdDoc[];
      households.push(...page);
      const first = page.map((h) => h.personIds[0]);
      for (const p of store.find(Collections.persons, { _id: { $in: first } }) as unknown as PersonDoc[]) persons.set(p._id, p);
    }
    const schedules = buildSchedules(households, persons, now);
    for (let i = 0; i < schedules.length; i += 5000) {
      store.insertMany(Collections.requestSchedules, schedules.slice(i, i + 5000) as unknown as Array<Record<string, unknown>>);
    }
    const insertSchedulesSeconds = (performance.now() - t0) / 1000;

    console.error('  [direct] createDueOccurrences, first run …');
    const first = await trigger(now);
    console.error(`  [direct] first run: ${first.run.created} created in ${first.seconds.toFixed(1)} s; second run …`);
    const second = await trigger(now);

    // Every schedule's occurrence must exist with its queue item (ids are derived from schedule and slot).
    const requestIds = schedules.map((s) => `rq_${s._id.slice(3)}_${slotKey(s.nextAt)}`);
    let requestsCreated = 0;
    let queueItemsCreated = 0;
    for (let i = 0; i < requestIds.length; i += 500) {
      const chunk = requestIds.slice(i, i + 500);
      requestsCreated += store.count(Collections.requests, { _id: { $in: chunk } });
      queueItemsCreated += store.count(Collections.queueItems, { _id: { $in: chunk.map((id) => `q_${id}`) } });
    }
    const resident = args.has('resident') ? residentState(store, requireArg(args, 'resident')) : null;
    console.error('  [direct] SQLite floor …');
    const floor = args.has('resident') ? sqliteFloor(store, requireArg(args, 'resident'), numberArg(args, 'floor', 20_000)) : null;
    const result: DirectResult = {
      persons: state.persons,
      lookup,
      schedules: schedules.length,
      insertSchedulesSeconds,
      first,
      second,
      requestsCreated,
      queueItemsCreated,
      resident,
      sqliteFloor: floor,
    };
    writeResult(out, result);
  } finally {
    uninstall();
    store.close();
  }
}

runMain(main);
