/**
 * `npm run bench` — the benchmark suite of 网格通 GridLink.
 *
 *   npm run bench                 full run (includes the 1,000,000-person part)
 *   npm run bench -- --quick      skip the 1M part (also BENCH_QUICK=1)
 *   npm run bench -- --submissions --quick   only round trips, submissions at 100k, lookup and floors
 *   npm run bench -- --profile    also CPU-profile the local cloud during the 100k loads and print
 *                                 its hottest functions (profiles kept in bench/results/profiles/)
 *
 * Steps (figures printed as a table at the end and written to bench/results/latest.json):
 * M. the machine: nproc, the CPU model (/proc/cpuinfo), node, the load average at start and end;
 * 1. sizes of the weapp main package and the H5 entry (built first when missing);
 * R1–R2. round trips (bench/roundtrips.ts, a child of its own): database requests per call of each
 *    action, and each action's p50/p99 in the latency mode (5 ms per database request, as on
 *    CloudBase) at 20 concurrent callers;
 * 2. report submissions over HTTP with 50 concurrent clients against 100,000 preloaded persons,
 *    and the local cloud's memory (RSS) idle and after the load, each beside its floor: the node
 *    HTTP floor (F1: an empty handler, bench/floor-http.ts, same load generator and connections)
 *    and the SQLite floor (F2: the same documents with better-sqlite3 directly, in direct.ts);
 * 3. household lookup by ID hash through the real SDK, in-process, and its index;
 * 4. the same submissions against 1,000,000 preloaded persons, and memory at that size;
 * 5. request creation over HTTP;
 * 6. the recurring-transport trigger over 10,000 due schedules, in-process;
 * S1–S4. the staff side, in-process (bench/staff.ts, a child of its own): queue pages over
 *    1,000,000 queue items, accept under contention, the missing-check-in job over 100,000
 *    isolations, and the roster of a 2,000-person grid;
 * X1–X5. the community set-up (places, posters), the ledger export, the dashboard and the data desk:
 *    their own benches (bench/places.ts, posters.ts, ledger.ts, dashboard.ts, batch.ts) as children,
 *    figures printed above;
 * D1–D3. disk (bench/disk.ts, a child of its own): 200,000 queue items in the store beside nedb
 *    (sizes, bytes per document with the declared indexes, the queue page), and the WAL's size
 *    under sustained writes against its stated bound.
 *
 * Everything runs on 127.0.0.1 and in temp dirs; every child process and temp dir is removed at
 * the end, on failure, on Ctrl+C, and by a watchdog if a step hangs.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { PERSONAS } from '../localcloud/personas';
import type { HouseholdView, ReportReceipt, RequestView } from '../src/domain/contracts';
import { roomsOfUnit, type BuildingUnit } from '../src/domain/places';
import type { DirectResult, SqliteFloor } from './direct';
import type { DiskResult } from './disk';
import { figureTable, type Figure, type Status } from './lib/figures';
import { runLoad, stopLoad, type LoadResult, type LoadSpec } from './lib/load';
import { submissionPayload } from './lib/people';
import { cleanupSync, freePort, makeTempDir, removeTempDir, ROOT, runTs, sleep, spawnTs, stopChild } from './lib/proc';
import type { RoundTripResult } from './roundtrips';
import { callFunction, login, startServer, type RunningServer } from './lib/server';
import { ensureBuilt, h5Size, weappSize, type H5Size, type WeappSize } from './lib/sizes';
import { fixed, int, kb, mb } from './lib/stats';
import type { PreloadResult } from './preload';
import type { StaffResult } from './staff';
import { summarise } from './profile-summary';

// ---------------------------------------------------------------------------------------------
// Parameters

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const PROFILE = process.argv.includes('--profile');
/** --submissions: only the round trips, the submission loads, the lookup and the floors (no builds, staff, disk or feature benches) */
const SUBMISSIONS_ONLY = process.argv.includes('--submissions');

const CONNECTIONS = 50;
const SUBMIT_WARMUP_S = 3;
const SUBMIT_SECONDS = 20;
const REQUEST_WARMUP_S = 2;
const REQUEST_SECONDS = 10;
const MILLION_WARMUP_S = 2;
const MILLION_SECONDS = 5;
const PERSONS = 100_000;
const MILLION = 1_000_000;
const LOOKUPS = 2_000;
const SCHEDULES = 10_000;
const FLOOR_WARMUP_S = 1;
const FLOOR_SECONDS = 5;
const SQLITE_FLOOR_SUBMISSIONS = 20_000;
const ROUND_TRIP_CALLS = 25;
const DISK_ITEMS = 200_000;
const DISK_SUSTAINED_S = QUICK ? 10 : 20;
/** the whole run is killed after this long, whatever it is doing */
const WATCHDOG_MS = 45 * 60_000;

const GOALS = {
  weappMainBytes: 1024 * 1024,
  /** at 100,000 persons; at 1,000,000 the goal is half */
  submissionsPerSecond: 1000,
  submissionsPerSecond1m: 500,
  p99Ms: 50,
  rssBytes: 300 * 1024 * 1024,
};

/** What one load-test submission writes (see cloudfunctions/shared/householdFiling.ts). */
const SUBMISSION_WRITES =
  'one "submission" = report.submit by persona resident re-filing its household with 3 new persons (unique ID numbers): ' +
  'one aggregate read (building, ancestors, staff, persons, own household, earlier report), then inserts the 3 persons (one insert) ' +
  'and the report; updates the household, detaches the 3 previous persons (one update) and takes over the verify item = 6 database requests, ' +
  'each write its own SQLite commit';

const RESULTS_DIR = join(ROOT, 'bench', 'results');

// ---------------------------------------------------------------------------------------------
// Results

const figures: Figure[] = [];

function figure(step: string, name: string, value: string, goal = '', status: Status = ''): void {
  figures.push({ step, name, value, goal, status });
}

/** A figure with a goal: PASS when `ok`, else MISS. */
function goal(step: string, name: string, value: string, goalText: string, ok: boolean): void {
  figure(step, name, value, goalText, ok ? 'PASS' : 'MISS');
}

/** A correctness check: PASS or FAIL. */
function check(step: string, name: string, value: string, expected: string, ok: boolean): void {
  figure(step, name, value, expected, ok ? 'PASS' : 'FAIL');
}

interface SubmissionPhase {
  persons: number;
  preload: PreloadResult;
  idleRss: number;
  endRss: number;
  peakRss: number;
  warmup: LoadResult;
  run: LoadResult;
  serverCpuMsPerOk: number;
  serverCpuShare: number;
  serverErrorLines: number;
}

interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  quick: boolean;
  machine: Record<string, unknown>;
  notes: string[];
  sizes?: { weapp: WeappSize; h5: H5Size };
  submissions100k?: SubmissionPhase;
  requestCreate?: MeasuredLoad;
  direct?: DirectResult;
  httpFloor?: { warmup: LoadResult; run: LoadResult };
  submissions1m?: SubmissionPhase;
  staff?: StaffResult;
  roundTrips?: RoundTripResult;
  disk?: DiskResult;
  profile?: ReturnType<typeof summarise> & { file: string };
  figures: Figure[];
  error?: string;
}

const results: BenchResults = {
  startedAt: new Date().toISOString(),
  quick: QUICK,
  machine: {},
  notes: [],
  figures,
};

function log(message: string): void {
  console.log(message);
}

function section(title: string): void {
  log(`\n── ${title}`);
}

// ---------------------------------------------------------------------------------------------
// Steps

/** The CPU model as /proc/cpuinfo names it (os.cpus() reads the same file; this says where it comes from). */
function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => /^model name\s*:/.test(l));
    if (line) return line.replace(/^model name\s*:\s*/, '').trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function machine(): void {
  const cores = availableParallelism();
  results.machine = {
    nproc: cores,
    cpu: cpuModel(),
    node: process.version,
    memoryBytes: totalmem(),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
  log(`网格通 GridLink benchmark  ${results.startedAt}${QUICK ? '  (--quick: 1M part skipped)' : ''}`);
  log(`machine: nproc ${cores}, CPU ${String(results.machine.cpu)} (/proc/cpuinfo), ${mb(totalmem())} RAM, node ${process.version}`);
  log(`load average at start: ${loadText()}`);
  figure('M', 'machine: nproc / CPU model (/proc/cpuinfo) / node', `${cores} / ${String(results.machine.cpu)} / ${process.version}`);
  figure('M', 'load average (1, 5, 15 min) at start', loadText());
  results.notes.push(
    `${cores} cores: the load generator (autocannon, in the bench process) and the local cloud (one node process: JS and SQLite on one thread) share them, so HTTP figures include client overhead on the same machine.`,
  );
  if (loadavg()[0] > 0.5) {
    results.notes.push(
      `load average was ${loadavg()[0].toFixed(2)} at start: other processes were competing for the ${cores} cores, so throughput figures are pessimistic.`,
    );
  }
}

function sizes(): void {
  section('1. Sizes');
  ensureBuilt('build:weapp', 'dist/app.json');
  ensureBuilt('build:h5', 'dist-h5/index.html');
  const weapp = weappSize();
  const h5 = h5Size();
  results.sizes = { weapp, h5 };
  log(
    `  weapp main package: ${kb(weapp.mainBytes)} in ${weapp.files} files (subpackages: ${weapp.subpackageRoots.length ? weapp.subpackageRoots.join(', ') : 'none'}; built ${weapp.builtAt})`,
  );
  log(`    largest: ${weapp.largest.map((f) => `${f.file} ${kb(f.bytes)}`).join(', ')}`);
  log(`  H5 entry: ${kb(h5.entryBytes)} (${kb(h5.entryGzipBytes)} gzipped): ${h5.files.map((f) => `${f.file} ${kb(f.bytes)}`).join(', ')}`);
  goal('1', 'weapp main package (dist/ minus subpackage roots)', kb(weapp.mainBytes), '≤ 1024 KB', weapp.mainBytes <= GOALS.weappMainBytes);
  figure('1', 'H5 entry (index.html + the JS/CSS it loads)', `${kb(h5.entryBytes)} (${kb(h5.entryGzipBytes)} gzip)`);
}

async function preload(dataDir: string, persons: number, tmp: string): Promise<PreloadResult> {
  const out = join(tmp, `preload-${persons}.json`);
  log(`  preloading ${int(persons)} persons into ${dataDir} …`);
  await runTs('bench/preload.ts', ['--data', dataDir, '--persons', String(persons), '--out', out], 20 * 60_000);
  const r = JSON.parse(readFileSync(out, 'utf8')) as PreloadResult;
  log(
    `  preloaded ${int(r.addedPersons)} persons, ${int(r.after.households)} households and reports in ${fixed(r.seconds)} s (${int(r.personsPerSecond)} persons/s), database ${mb(r.dbBytes)}`,
  );
  return r;
}

/** A unit and room of the demo building, from place.resolve (the way the app gets them). */
async function demoRooms(server: RunningServer, token: string): Promise<Array<{ unit: string; room: string }>> {
  const resolved = await callFunction<{ building?: { units: BuildingUnit[] } }>(server, token, 'place', 'resolve', {
    code: server.demo.buildingCode,
  });
  const units = resolved.building?.units ?? [];
  const rooms = units.flatMap((u) => roomsOfUnit(u).map((room) => ({ unit: u.name, room })));
  if (rooms.length === 0) throw new Error('the demo building has no rooms');
  return rooms;
}

function checkReceipt(data: unknown): string | null {
  const r = data as Partial<ReportReceipt>;
  if (typeof r.reportId !== 'string') return 'receipt without reportId';
  if (r.replayed !== false) return 'submission answered as a replay';
  if (!Array.isArray(r.members) || r.members.length !== 3) return `receipt lists ${r.members?.length ?? 0} members, expected 3`;
  if (!r.members.every((m) => m.idMasked.includes('*'))) return 'receipt shows an unmasked ID number';
  return null;
}

function checkRequest(data: unknown): string | null {
  const r = data as Partial<RequestView> & { replayed?: boolean };
  if (typeof r.requestId !== 'string') return 'response without requestId';
  if (r.replayed !== false) return 'request answered as a replay';
  if (r.status !== 'submitted') return `request status ${String(r.status)}, expected submitted`;
  return null;
}

function describeLoad(label: string, r: LoadResult): void {
  const codes = Object.entries(r.okFalseCodes)
    .map(([c, n]) => `${c}×${n}`)
    .join(', ');
  log(
    `  ${label}: ${int(r.requests)} responses in ${fixed(r.seconds)} s — ${fixed(r.okPerSecond)} ok/s (${fixed(r.requestsPerSecond)} req/s), ` +
      `latency p50 ${fixed(r.latencyMs.p50)} ms, p99 ${fixed(r.latencyMs.p99)} ms, max ${fixed(r.latencyMs.max)} ms; ` +
      `non-2xx ${r.non2xx}, ok:false ${r.okFalse}${codes ? ` (${codes})` : ''}, errors ${r.errors}, timeouts ${r.timeouts}, ` +
      `sampled ${r.sampled} bodies${r.sampleProblems.length ? `: ${r.sampleProblems.join('; ')}` : ' (all as expected)'}`,
  );
}

/** Submission numbers already used (the 1M data dir is fresh, but keep every person unique anyway). */
let seqBase = 0;

/**
 * Warm-up, then the measured run, of a load on a running server; waits for the server to finish
 * what each leaves in flight. Also measures the server's CPU time per ok response during the
 * measured run: unlike wall-clock rates it hardly depends on what else the machine is running.
 */
async function measuredLoad(
  server: RunningServer,
  spec: Omit<LoadSpec, 'seconds'>,
  warmupS: number,
  seconds: number,
): Promise<MeasuredLoad> {
  const warmup = await runLoad({ ...spec, seconds: warmupS });
  describeLoad(`warm-up (${warmupS} s)`, warmup);
  await server.waitIdle();
  const cpu0 = server.cpuMs();
  const run = await runLoad({ ...spec, seconds });
  const cpu1 = server.cpuMs();
  const end = server.memory();
  describeLoad(`measured (${seconds} s)`, run);
  const serverCpuMsPerOk = run.ok > 0 ? (cpu1 - cpu0) / run.ok : NaN;
  const serverCpuShare = (cpu1 - cpu0) / (run.seconds * 1000);
  log(
    `  server CPU ${fixed((cpu1 - cpu0) / 1000)} s during the run = ${fixed(serverCpuMsPerOk)} ms per ok response (≈ ${fixed(1000 / serverCpuMsPerOk, 0)}/s per fully used core); ` +
      `the server kept ${fixed(100 * serverCpuShare, 0)}% of a core busy${serverCpuShare < 0.8 ? ' (below ~100%: it was waiting — for CPU time taken by other processes, or for I/O)' : ''}`,
  );
  await server.waitIdle();
  return { warmup, run, serverCpuMsPerOk, serverCpuShare, endRss: end.rss, peakRss: end.peak };
}

interface MeasuredLoad {
  warmup: LoadResult;
  run: LoadResult;
  /** server CPU time (user + system) during the measured run per ok response */
  serverCpuMsPerOk: number;
  /** server CPU time / wall time of the measured run: 1.0 = one core fully busy */
  serverCpuShare: number;
  /** server RSS right at the end of the measured run, and its peak so far */
  endRss: number;
  peakRss: number;
}

/** Submissions by persona resident, warm-up then measured, on a running server. */
async function submissionLoad(server: RunningServer, warmupS: number, seconds: number): Promise<MeasuredLoad> {
  const token = await login(server, 'resident');
  const rooms = await demoRooms(server, token);
  const now = new Date();
  // One sequence across warm-up and run: every request files three never-seen ID numbers.
  let seq = 0;
  const spec = {
    url: server.url,
    path: '/api/functions/report',
    token,
    connections: CONNECTIONS,
    body: () => {
      const n = seq++;
      return {
        action: 'submit',
        payload: submissionPayload(n + seqBase, { buildingId: server.demo.buildingId, ...rooms[n % rooms.length] }, now),
      };
    },
    check: checkReceipt,
  };
  const measured = await measuredLoad(server, spec, warmupS, seconds);
  seqBase += seq;
  return measured;
}

async function submissionPhase(
  step: string,
  dataDir: string,
  persons: number,
  pre: PreloadResult,
  warmupS: number,
  seconds: number,
  profileDir: string | undefined,
  afterLoad?: (server: RunningServer) => Promise<void>,
): Promise<SubmissionPhase> {
  const server = await startServer(dataDir, { cpuProfileDir: profileDir });
  try {
    await new Promise((ok) => setTimeout(ok, 2000));
    const idle = server.memory();
    log(`  local cloud pid ${server.child.pid} at ${server.url}: RSS idle ${mb(idle.rss)}`);
    const { warmup, run, serverCpuMsPerOk, serverCpuShare, endRss, peakRss } = await submissionLoad(server, warmupS, seconds);
    log(`  RSS at the end of the load ${mb(endRss)} (peak ${mb(peakRss)})`);
    const phase: SubmissionPhase = {
      persons,
      preload: pre,
      idleRss: idle.rss,
      endRss,
      peakRss,
      warmup,
      run,
      serverCpuMsPerOk,
      serverCpuShare,
      serverErrorLines: server.child.errorLines(),
    };
    const at = `@${persons >= MILLION ? '1M' : '100k'}`;
    figure(
      step,
      `preload ${int(persons)} persons (+${int(pre.after.households)} households & reports)`,
      `${fixed(pre.seconds)} s, ${mb(pre.dbBytes)} on disk`,
    );
    const target = persons >= MILLION ? GOALS.submissionsPerSecond1m : GOALS.submissionsPerSecond;
    goal(
      step,
      `submissions/s ${at} (ok responses, ${CONNECTIONS} conns, ${seconds} s)`,
      `${fixed(run.okPerSecond)} (${fixed(run.requestsPerSecond)} req/s)`,
      `≥ ${target}/s`,
      run.okPerSecond >= target,
    );
    figure(
      step,
      `server CPU per submission ${at} (user+sys of the local cloud / ok)`,
      `${fixed(serverCpuMsPerOk)} ms (≈ ${fixed(1000 / serverCpuMsPerOk, 0)}/s per core)`,
    );
    figure(step, `server busy during the run ${at} (CPU time / wall time)`, `${fixed(100 * serverCpuShare, 0)}% of a core`);
    figure(step, `submission latency p50 ${at}`, `${fixed(run.latencyMs.p50)} ms`);
    goal(step, `submission latency p99 ${at}`, `${fixed(run.latencyMs.p99)} ms`, `≤ ${GOALS.p99Ms} ms`, run.latencyMs.p99 <= GOALS.p99Ms);
    check(
      step,
      `non-2xx / ok:false / socket errors ${at}`,
      `${run.non2xx} / ${run.okFalse} / ${run.errors}`,
      '0 / 0 / 0',
      run.non2xx === 0 && run.okFalse === 0 && run.errors === 0,
    );
    check(
      step,
      `sampled response bodies ${at}`,
      `${run.sampled} checked, ${run.sampleProblems.length} bad`,
      'all valid receipts',
      run.sampled > 0 && run.sampleProblems.length === 0,
    );
    goal(step, `local cloud RSS idle ${at}`, mb(idle.rss), '< 300 MB', idle.rss < GOALS.rssBytes);
    goal(step, `local cloud RSS at end of load ${at}`, `${mb(endRss)} (peak ${mb(peakRss)})`, '< 300 MB', endRss < GOALS.rssBytes);
    if (afterLoad) await afterLoad(server);
    phase.serverErrorLines = server.child.errorLines();
    if (phase.serverErrorLines > 0) {
      results.notes.push(
        `the local cloud logged ${phase.serverErrorLines} error lines during step ${step}; last output:\n${server.child.tail()}`,
      );
    }
    return phase;
  } finally {
    await server.stop();
  }
}

/**
 * F1, the node HTTP floor: an empty handler in a process of its own (bench/floor-http.ts), the same
 * load generator, connections and bodies as the submissions.
 */
async function httpFloor(): Promise<void> {
  section('F1. Node HTTP floor (empty handler, same autocannon load)');
  const port = await freePort();
  const child = spawnTs('bench/floor-http.ts', ['--port', String(port)], { output: 'capture' });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) break;
      } catch {
        if (i > 100) throw new Error(`the HTTP floor server did not start:\n${child.tail()}`);
      }
      await sleep(100);
    }
    const now = new Date();
    let seq = 0;
    const spec = {
      url,
      path: '/api/functions/report',
      token: 'floor',
      connections: CONNECTIONS,
      body: () => ({ action: 'submit', payload: submissionPayload(9_000_000 + seq++, { buildingId: 'pl_floor', unit: '1单元', room: '101' }, now) }),
      check: () => null,
    };
    const warmup = await runLoad({ ...spec, seconds: FLOOR_WARMUP_S });
    const run = await runLoad({ ...spec, seconds: FLOOR_SECONDS });
    describeLoad(`measured (${FLOOR_SECONDS} s)`, run);
    results.httpFloor = { warmup, run };
    figure('F1', `node HTTP floor: empty handler, ${CONNECTIONS} conns, same bodies (req/s; p50 / p99)`, `${fixed(run.okPerSecond, 0)}/s; ${fixed(run.latencyMs.p50)} / ${fixed(run.latencyMs.p99)} ms`);
  } finally {
    await stopChild(child);
  }
}

/** The ratios of a submission phase to the floors measured in the same run. */
function floorRatios(step: string, phase: SubmissionPhase | undefined): void {
  if (!phase) return;
  const at = `@${phase.persons >= MILLION ? '1M' : '100k'}`;
  const http = results.httpFloor?.run.okPerSecond;
  const sqlite: SqliteFloor | null | undefined = results.direct?.sqliteFloor;
  if (http) {
    figure(step, `submissions/s ÷ HTTP floor ${at}`, `${fixed(phase.run.okPerSecond)} ÷ ${fixed(http, 0)} = ${fixed(phase.run.okPerSecond / http, 3)}`);
  }
  if (sqlite) {
    figure(
      step,
      `CPU per submission ÷ SQLite floor ${at}`,
      `${fixed(phase.serverCpuMsPerOk, 2)} ÷ ${fixed(sqlite.cpuMsPerSubmission, 3)} ms = ${fixed(phase.serverCpuMsPerOk / sqlite.cpuMsPerSubmission)}×`,
    );
  }
}

/** R1–R2: bench/roundtrips.ts in a child of its own (its figures join the table as they are). */
async function roundTrips(tmp: string): Promise<void> {
  section('R1–R2. Round trips per action, and the latency mode (5 ms per database request, 20 concurrent callers)');
  const out = join(tmp, 'roundtrips.json');
  await runTs('bench/roundtrips.ts', ['--out', out, '--tmp', tmp, '--calls', String(ROUND_TRIP_CALLS)], 10 * 60_000, { output: 'inherit' });
  const r = JSON.parse(readFileSync(out, 'utf8')) as RoundTripResult;
  results.roundTrips = r;
  figures.push(...r.figures);
}

/** D1–D3: bench/disk.ts in a child of its own. */
async function diskStep(tmp: string): Promise<void> {
  section(`D1–D3. Disk: ${int(DISK_ITEMS)} queue items beside nedb, bytes per document, the WAL under sustained writes`);
  const out = join(tmp, 'disk.json');
  await runTs('bench/disk.ts', ['--out', out, '--tmp', tmp, '--items', String(DISK_ITEMS), '--seconds', String(DISK_SUSTAINED_S)], 20 * 60_000, {
    output: 'inherit',
  });
  const d = JSON.parse(readFileSync(out, 'utf8')) as DiskResult;
  results.disk = d;
  figures.push(...d.figures);
}

/** Step 5, on the 100k server after the submissions: request.create by the resident. */
async function requestCreation(server: RunningServer): Promise<void> {
  section('5. Request creation (request.create over HTTP)');
  const token = await login(server, 'resident');
  const household = await callFunction<HouseholdView | null>(server, token, 'report', 'myHousehold', {});
  const personId = household?.members[0]?.personId;
  if (!personId) throw new Error('persona resident has no household after the submissions');
  let n = 0;
  const spec = {
    url: server.url,
    path: '/api/functions/request',
    token,
    connections: CONNECTIONS,
    body: () => ({
      action: 'create',
      payload: {
        clientRequestId: `bench-req-${process.pid}-${n++}`,
        personId,
        urgency: 'normal',
        details: {
          kind: 'supplies',
          items: [
            { name: '大米', quantity: 1, unit: '袋' },
            { name: '鸡蛋', quantity: 2, unit: '盒' },
          ],
        },
        subscribed: false,
      },
    }),
    check: checkRequest,
  };
  const measured = await measuredLoad(server, spec, REQUEST_WARMUP_S, REQUEST_SECONDS);
  const { run } = measured;
  results.requestCreate = measured;
  figure(
    '5',
    `request.create/s (ok responses, ${CONNECTIONS} conns, ${REQUEST_SECONDS} s; supplies, normal urgency)`,
    `${fixed(run.okPerSecond)} (${fixed(run.requestsPerSecond)} req/s)`,
  );
  figure(
    '5',
    'server CPU per request.create',
    `${fixed(measured.serverCpuMsPerOk)} ms (≈ ${fixed(1000 / measured.serverCpuMsPerOk, 0)}/s per core; busy ${fixed(100 * measured.serverCpuShare, 0)}% of a core)`,
  );
  figure('5', 'request.create latency p50 / p99', `${fixed(run.latencyMs.p50)} / ${fixed(run.latencyMs.p99)} ms`);
  check(
    '5',
    'non-2xx / ok:false / socket errors',
    `${run.non2xx} / ${run.okFalse} / ${run.errors}`,
    '0 / 0 / 0',
    run.non2xx === 0 && run.okFalse === 0 && run.errors === 0,
  );
}

/**
 * `okSubmissions`: ok responses of the 100k submission loads; `abandoned`: at most this many more
 * were in flight when a load's duration ended (the server still completes them).
 */
async function direct(dataDir: string, tmp: string, okSubmissions: number, abandoned: number): Promise<void> {
  section('3 & 6. In-process: lookup by ID hash, recurring trigger');
  const out = join(tmp, 'direct.json');
  await runTs(
    'bench/direct.ts',
    [
      '--data',
      dataDir,
      '--out',
      out,
      '--lookups',
      String(LOOKUPS),
      '--schedules',
      String(SCHEDULES),
      '--resident',
      PERSONAS.resident.openid,
      '--floor',
      String(SQLITE_FLOOR_SUBMISSIONS),
    ],
    10 * 60_000,
    { output: 'inherit', nodeFlags: ['--expose-gc'] },
  );
  const d = JSON.parse(readFileSync(out, 'utf8')) as DirectResult;
  results.direct = d;
  const l = d.lookup;
  log(
    `  lookup by id.hash (${int(l.lookups)} random known hashes over ${int(d.persons)} persons): p50 ${fixed(l.p50Ms, 3)} ms, p99 ${fixed(l.p99Ms, 3)} ms, max ${fixed(l.maxMs, 2)} ms; wrong ${l.wrong}`,
  );
  log(`  explain: index ${l.explain.index}, exact ${l.explain.exact}; SQLite: ${l.explain.sql.join(' | ')}`);
  figure('3', `lookup persons by id.hash p50 (SDK, in-process, ${int(l.lookups)} hashes)`, `${fixed(l.p50Ms, 3)} ms`);
  figure('3', 'lookup persons by id.hash p99', `${fixed(l.p99Ms, 3)} ms`);
  check('3', 'lookups returning exactly the expected person', `${l.lookups - l.wrong} / ${l.lookups}`, 'all', l.wrong === 0);
  // SQLite names the index side table's own key (WITHOUT ROWID) or its index: either way no scan.
  const usesIndex =
    l.explain.index === 'id_hash' &&
    l.explain.sql.some((s) => /USING (COVERING INDEX|INDEX|PRIMARY KEY)/.test(s)) &&
    !l.explain.sql.some((s) => /^SCAN/.test(s));
  check('3', 'store.explain of the lookup', `index ${l.explain.index}${l.explain.exact ? ', exact' : ''}`, 'id_hash index', usesIndex);

  const f = d.first;
  const s = d.second;
  log(`  ${int(d.schedules)} schedules inserted in ${fixed(d.insertSchedulesSeconds)} s`);
  log(
    `  first run: examined ${f.run.examined}, created ${f.run.created}, finished ${f.run.finished} in ${fixed(f.seconds, 2)} s (${fixed(f.msPerSchedule, 2)} ms/schedule, CPU ${fixed(f.cpuMsPerSchedule, 2)} ms/schedule); RSS ${mb(f.rssBefore)} → ${mb(f.rssAfter)} (peak ${mb(f.peakRss)})`,
  );
  log(`  second run: examined ${s.run.examined}, created ${s.run.created} in ${fixed(s.seconds, 3)} s`);
  log(`  stored afterwards: ${d.requestsCreated} occurrence requests, ${d.queueItemsCreated} queue items`);
  figure('6', `createDueOccurrences over ${int(d.schedules)} due schedules: wall time`, `${fixed(f.seconds, 2)} s`);
  figure('6', 'per schedule: wall / CPU time', `${fixed(f.msPerSchedule, 2)} / ${fixed(f.cpuMsPerSchedule, 2)} ms`);
  figure(
    '6',
    'process RSS delta (first run)',
    `${(f.rssAfter - f.rssBefore >= 0 ? '+' : '') + mb(f.rssAfter - f.rssBefore)} (${mb(f.rssBefore)} → ${mb(f.rssAfter)})`,
  );
  check(
    '6',
    'requests + queue items created by the first run',
    `${d.requestsCreated} + ${d.queueItemsCreated}`,
    `${d.schedules} + ${d.schedules}`,
    f.run.created === d.schedules && d.requestsCreated === d.schedules && d.queueItemsCreated === d.schedules,
  );
  check('6', 'second run: created / wall time', `${s.run.created} / ${fixed(s.seconds, 3)} s`, '0 created', s.run.created === 0);

  const floor = d.sqliteFloor;
  if (floor) {
    log(
      `  SQLite floor: ${int(floor.submissions)} submissions' documents (${kb(floor.bytesPerSubmission)} each) with better-sqlite3 directly, one transaction each: ${fixed(floor.perSecond, 0)}/s, ${fixed(floor.cpuMsPerSubmission, 3)} ms CPU per submission`,
    );
    figure(
      'F2',
      `SQLite floor: a submission's documents (${kb(floor.bytesPerSubmission)}), better-sqlite3 directly, one transaction each: CPU per submission (rate)`,
      `${fixed(floor.cpuMsPerSubmission, 3)} ms (${fixed(floor.perSecond, 0)}/s)`,
    );
  }

  // What the 100k submissions left on the resident's household.
  const r = d.resident;
  if (r) {
    log(
      `  resident's household after the loads: ${r.reports} reports (${okSubmissions} ok responses + ≤ ${abandoned} in flight at the end of a load), ${r.openVerifyItems} open verify items${r.itemOnLastReport ? ', on the newest filing' : ''}`,
    );
    check(
      '2',
      "reports on the resident's household vs. ok responses",
      `${r.reports} vs ${okSubmissions}`,
      `${okSubmissions} … ${okSubmissions + abandoned}`,
      r.reports >= okSubmissions && r.reports <= okSubmissions + abandoned,
    );
    check(
      '2',
      'open verify items after concurrent re-filing, and the filing it waits on',
      `${r.openVerifyItems}${r.itemOnLastReport ? ', the newest' : ', not the newest'}`,
      "1, the household's newest",
      r.openVerifyItems === 1 && r.itemOnLastReport,
    );
  }
}

/** Steps S1–S4: bench/staff.ts in a child of its own (its figures join the table as they are). */
async function staff(tmp: string): Promise<void> {
  section('S1–S4. Staff side, in-process (queue pages, accept under contention, check-in job, roster)');
  const out = join(tmp, 'staff.json');
  await runTs('bench/staff.ts', ['--out', out, '--tmp', tmp], 10 * 60_000, { output: 'inherit', nodeFlags: ['--expose-gc'] });
  const s = JSON.parse(readFileSync(out, 'utf8')) as StaffResult;
  results.staff = s;
  figures.push(...s.figures);
  figure('S', 'staff section wall time (preloads included)', `${fixed(s.seconds, 0)} s`);
}

function profileSummary(profileDir: string): void {
  // node writes one profile per thread (tsx's module loader has its own): the main thread's is the biggest.
  const files = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(profileDir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (files.length === 0) {
    results.notes.push('--profile: the local cloud wrote no CPU profile');
    return;
  }
  const file = files[0];
  const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof summarise>[0], 15);
  results.profile = { ...summary, file };
  section(`Local cloud CPU profile (${file})`);
  log('  self time:');
  for (const l of summary.self) log(`    ${fixed(l.selfPct).padStart(5)}%  ${l.name}`);
  log('  inclusive time, project code:');
  for (const l of summary.inclusive) log(`    ${fixed(l.selfPct).padStart(5)}%  ${l.name}`);
}

// ---------------------------------------------------------------------------------------------
// Output

function table(): string {
  // By step, in the order the figures were taken within a step.
  const rows = figures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.step.localeCompare(b.f.step) || a.i - b.i)
    .map(({ f }) => f);
  return figureTable(rows);
}

function writeResults(): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2));
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const started = performance.now();
  machine();
  if (!SUBMISSIONS_ONLY) sizes();
  const tmp = makeTempDir('gridlink-bench-');
  let profileDir: string | undefined;
  if (PROFILE) {
    profileDir = join(RESULTS_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(profileDir, { recursive: true });
  }

  await roundTrips(tmp);

  section(`2. Report submissions, ${int(PERSONS)} persons preloaded`);
  log(`  ${SUBMISSION_WRITES}`);
  results.notes.push(
    "every submission re-files persona resident's one household (the local cloud's personas are a fixed list), so that household gains a report per submission; superseding the previous report and queue item reads only the open ones (household_status / household_kind_status indexes), so the cost per submission does not grow with the household's history.",
  );
  const dir100k = join(tmp, 'data-100k');
  const pre100k = await preload(dir100k, PERSONS, tmp);
  results.submissions100k = await submissionPhase(
    '2',
    dir100k,
    PERSONS,
    pre100k,
    SUBMIT_WARMUP_S,
    SUBMIT_SECONDS,
    profileDir,
    requestCreation,
  );
  if (profileDir) profileSummary(profileDir);
  const okSubmissions = results.submissions100k.warmup.ok + results.submissions100k.run.ok;
  await direct(dir100k, tmp, okSubmissions, 2 * CONNECTIONS);
  removeTempDir(tmp);
  await httpFloor();
  floorRatios('2', results.submissions100k);

  if (!SUBMISSIONS_ONLY) {
    const tmpStaff = makeTempDir('gridlink-bench-staff-');
    await staff(tmpStaff);
    removeTempDir(tmpStaff);

    const tmpDisk = makeTempDir('gridlink-bench-disk-');
    await diskStep(tmpDisk);
    removeTempDir(tmpDisk);

    await featureBenches();
  }

  if (QUICK) {
    figure('4', '1,000,000 persons', 'skipped (--quick)');
  } else {
    section(`4. Report submissions, ${int(MILLION)} persons preloaded`);
    const tmp1m = makeTempDir('gridlink-bench-1m-');
    const dir1m = join(tmp1m, 'data-1m');
    const pre1m = await preload(dir1m, MILLION, tmp1m);
    results.submissions1m = await submissionPhase('4', dir1m, MILLION, pre1m, MILLION_WARMUP_S, MILLION_SECONDS, undefined);
    floorRatios('4', results.submissions1m);
    removeTempDir(tmp1m);
  }

  results.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  figure('M', 'load average (1, 5, 15 min) at end', loadText());
  results.finishedAt = new Date().toISOString();
  log(
    `\nload average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; total ${fixed((performance.now() - started) / 1000, 0)} s`,
  );
}

/**
 * X1–X5: the benches of the community set-up, the ledger, the dashboard and the data desk, each a
 * child of its own that prints its own figures (above the table); a failure is a figure, not the end
 * of the run. --quick runs the ledger at 20,000 persons, skips the dashboard (its 1,000,000-document
 * preload takes about 15 minutes here) and the data desk's 100,000-row file.
 */
async function featureBenches(): Promise<void> {
  const runs: Array<{ step: string; name: string; script: string; args: string[]; skip?: boolean }> = [
    { step: 'X1', name: 'place tree import (2,000 buildings) and re-gridding a 5,000-household compound', script: 'bench/places.ts', args: [] },
    { step: 'X2', name: 'QR poster PDF for 200 buildings', script: 'bench/posters.ts', args: [] },
    { step: 'X3', name: '一人一档 export and the day’s changes of a 12,500-person community', script: 'bench/ledger.ts', args: QUICK ? ['--persons', '20000'] : [] },
    { step: 'X4', name: 'dashboard of a street of 452 grids, 1,000,000 persons / queue items', script: 'bench/dashboard.ts', args: [], skip: QUICK },
    { step: 'X5', name: 'data desk: a 2,500-row batch against 100,000 persons, its return file, and a 100,000-row file', script: 'bench/batch.ts', args: QUICK ? ['--quick'] : [] },
  ];
  for (const r of runs) {
    if (r.skip) {
      figure(r.step, r.name, 'skipped (--quick)');
      continue;
    }
    section(`${r.step}. ${r.name} (${r.script})`);
    const t0 = performance.now();
    try {
      await runTs(r.script, r.args, 40 * 60_000, { output: 'inherit' });
      figure(r.step, r.name, `printed above (${fixed((performance.now() - t0) / 1000, 0)} s)`);
    } catch (e) {
      figure(r.step, r.name, `failed: ${e instanceof Error ? e.message : String(e)}`, '', 'MISS');
    }
  }
}

function finish(code: number): never {
  stopLoad();
  cleanupSync();
  try {
    writeResults();
  } catch (e) {
    console.error('could not write bench/results/latest.json:', e);
  }
  log(`\n${table()}\n`);
  log(
    `machine: nproc ${String(results.machine.nproc)}, ${String(results.machine.cpu)}, node ${process.version}; load average at start ${String(results.machine.loadAverageAtStart)}, at end ${loadText()}; ${SUBMISSION_WRITES}.`,
  );
  for (const note of results.notes) log(`note: ${note}`);
  log(`results: ${join(RESULTS_DIR, 'latest.json')}`);
  process.exit(code);
}

process.once('SIGINT', () => {
  results.error = 'interrupted';
  finish(130);
});
process.once('SIGTERM', () => {
  results.error = 'terminated';
  finish(143);
});
setTimeout(() => {
  results.error = `watchdog: still running after ${WATCHDOG_MS / 60_000} min`;
  console.error(results.error);
  finish(2);
}, WATCHDOG_MS).unref();

main().then(
  () => finish(0),
  (e: unknown) => {
    results.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    console.error('\nbenchmark failed:', results.error);
    finish(1);
  },
);
