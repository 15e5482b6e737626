/**
 * The data desk's benchmark, in-process through the real wx-server-sdk and the `batch` function
 * (so this process's RSS is the local cloud's, as in bench/ledger.ts):
 *
 * B1. a 2,500-row upper-level list (xlsx) imported, validated, deduped against N preloaded persons of
 *     一人一档 and dispatched to the grids' queues — goal ≤ 3 s from `batch.upload` to the last
 *     dispatch; then its return file (goal ≤ 2 s). The list: 60% known persons by ID, 10% known by
 *     phone + name (no ID), 20% new persons, 4% rows repeated within the list, the rest addresses
 *     that place nowhere (待分拨); addresses in the shapes lists use (3号楼2单元301, 3-2-301,
 *     祥云1区3栋…).
 * B2. a 100,000-row file of the same mix, through the same calls (the resumable job, 500-row
 *     chunks, a step per call as the desk's progress bar runs it) — goal ≤ 120 s with the local
 *     cloud's RSS growing ≤ 200 MB (sampled every 100 ms, after a GC before it).
 *
 *   npx tsx bench/batch.ts [--persons 100000] [--rows 2500] [--file-rows 100000] [--quick] [--out figures.json]
 *
 * Each part runs in a child process of its own (one local cloud per process). --quick skips B2.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { availableParallelism, loadavg } from 'os';
import { Collections } from '../cloudfunctions/common/collections';
import { getCloud } from '../cloudfunctions/common/cloud';
import { HashNamespaces, protect } from '../cloudfunctions/common/crypto';
import type { PersonDoc } from '../src/domain/household';
import { maskIdNumber, maskPhone } from '../src/domain/masking';
import type { Place } from '../src/domain/places';
import type { ImportView } from '../src/domain/batches';
import { PERSONAS } from '../localcloud/personas';
import { startLocalCloud, type LocalCloud } from '../localcloud/server';
import { xlsxOf } from '../tests/support/batches';
import { numberArg, parseArgs, procMemory, runMain, writeResult } from './lib/child';
import { Figures, figureTable, type Figure } from './lib/figures';
import { ADULTS, idNumber, personName, phoneNumber, PRELOAD_PROVINCE } from './lib/people';
import { LOCAL_CLOUD_NODE_FLAGS } from '../localcloud/nodeFlags';
import { cleanupSync, makeTempDir, removeTempDir, runTs } from './lib/proc';
import { fixed, int, mb } from './lib/stats';

type Docs = Array<Record<string, unknown>>;
const gc = (globalThis as { gc?: () => void }).gc;
const ADMIN = PERSONAS.admin.openid;
const HEADERS = ['序号', '姓名', '身份证号', '联系电话', '现住址', '来源地', '到达时间', '交通方式', '备注'];

/** 一人一档: `persons` persons straight into the store, shaped as report.submit stores them. */
function preloadPersons(cloud: LocalCloud, persons: number, buildings: Place[]): number {
  const t0 = performance.now();
  const epoch = new Date();
  let batch: PersonDoc[] = [];
  for (let n = 0; n < persons; n++) {
    const b = buildings[n % buildings.length];
    const number = idNumber(PRELOAD_PROVINCE, n, ADULTS);
    const phone = phoneNumber(n);
    const id = protect(HashNamespaces.document('id_card'), number, maskIdNumber('id_card', number));
    batch.push({
      _id: `p_${id.hash.slice(0, 32)}`,
      householdId: `h_bench_${Math.floor(n / 3)}`,
      communityId: cloud.demo!.communityId,
      gridId: b.gridId!,
      buildingId: b._id,
      placePath: b.path,
      name: personName(n),
      relation: 'self',
      idType: 'id_card',
      id,
      phone: protect(HashNamespaces.phone, phone, maskPhone(phone)),
      status: n % 50 === 0 ? 'home_isolation' : 'normal',
      createdAt: epoch,
      updatedAt: epoch,
    });
    if (batch.length === 5000 || n === persons - 1) {
      cloud.store.insertMany(Collections.persons, batch as unknown as Docs);
      batch = [];
    }
  }
  return (performance.now() - t0) / 1000;
}

/** The list: the mix described at the top, `rows` rows against `persons` known persons. */
function listRows(rowCount: number, persons: number, buildings: Place[], compounds: Map<string, Place>): string[][] {
  const shapes = [
    (c: string, b: number, u: number, r: number) => `${c}${b}号楼${u}单元${r}`,
    (c: string, b: number, u: number, r: number) => `${c}${b}-${u}-${r}`,
    (c: string, b: number, u: number, r: number) => `${c}${b}栋${u}单元${r}室`,
    (c: string, b: number, u: number, r: number) => `锦绣街道祥云社区${c}${b}幢${u}-${r}`,
    (c: string, b: number, _u: number, r: number) => `${c.replace('一', '1').replace('二', '2')}${b}#${r}`,
  ];
  const addressOf = (i: number) => {
    const b = buildings[(i * 7) % buildings.length];
    const compound = compounds.get(b.parentId!)!.name;
    const number = Number(/\d+/.exec(b.name)![0]);
    return shapes[i % shapes.length](compound, number, 1, (1 + (Math.floor(i / 3) % 6)) * 100 + 1 + (i % 2));
  };
  const rows: string[][] = [];
  const known = Math.round(rowCount * 0.6);
  const byPhone = Math.round(rowCount * 0.1);
  const fresh = Math.round(rowCount * 0.2);
  const dupes = Math.round(rowCount * 0.04);
  for (let i = 0; i < known; i++) {
    const n = (i * 37) % persons;
    rows.push([String(rows.length + 1), personName(n), idNumber(PRELOAD_PROVINCE, n, ADULTS), phoneNumber(n), addressOf(i), '湖北武汉', '2022-05-01', '火车', '']);
  }
  for (let i = 0; i < byPhone; i++) {
    const n = (i * 53 + 11) % persons;
    rows.push([String(rows.length + 1), personName(n), '', phoneNumber(n), '', '上海', '2022/5/2', '', '']);
  }
  for (let i = 0; i < fresh; i++) {
    rows.push([String(rows.length + 1), `新人${i}`, idNumber('31', 5_000_000 + i, ADULTS), `177${String(i).padStart(8, '0')}`, addressOf(i + 3), '', '', '', '']);
  }
  for (let i = 0; i < dupes; i++) rows.push([String(rows.length + 1), ...rows[i * 3].slice(1)]);
  while (rows.length < rowCount) {
    const i = rows.length;
    rows.push([String(i + 1), `外地${i}`, idNumber('31', 6_000_000 + i, ADULTS), '', `外省某市某路${i}号`, '', '', '', '']);
  }
  return rows;
}

async function call<T>(cloud: LocalCloud, name: string, action: string, payload: unknown): Promise<T> {
  const res = (await cloud.invoke(name, { action, payload }, ADMIN)) as { ok: boolean; data: T; code?: string; message?: string };
  if (!res.ok) throw new Error(`${name}.${action}: ${res.code} ${res.message}`);
  return res.data;
}

/**
 * A part's data, in a process of its own (so the part's RSS starts from the local cloud on its data,
 * not from making them): 一人一档 preloaded into `dir`, the list written to `dir`/list.xlsx.
 */
async function prepare(dir: string, persons: number, rowCount: number): Promise<void> {
  const cloud = await startLocalCloud({ dataDir: dir, port: 0, timers: false, demo: true });
  try {
    const places = cloud.store.find(Collections.places, {}) as unknown as Place[];
    const compounds = new Map(places.filter((p) => p.level === 'compound').map((p) => [p._id, p]));
    const buildings = places.filter((p) => p.level === 'building');
    const preloadS = preloadPersons(cloud, persons, buildings);
    const t0 = performance.now();
    const bytes = await xlsxOf(HEADERS, listRows(rowCount, persons, buildings, compounds));
    writeFileSync(join(dir, 'list.xlsx'), bytes);
    console.log(`  ${int(persons)} persons preloaded in ${fixed(preloadS, 1)} s; list of ${int(rowCount)} rows written as xlsx (${mb(bytes.length)}) in ${fixed((performance.now() - t0) / 1000, 1)} s`);
  } finally {
    await cloud.close();
  }
}

/** One part: upload → mapping → job steps → dispatch of the prepared list, timed, RSS sampled. */
async function part(figures: Figures, step: 'B1' | 'B2', persons: number, rowCount: number): Promise<void> {
  const dataDir = makeTempDir('gridlink-bench-batch-');
  try {
    await runTs('bench/batch.ts', ['--prepare', dataDir, '--persons', String(persons), '--rows', String(rowCount)], 20 * 60_000, { output: 'inherit' });
  } catch (e) {
    removeTempDir(dataDir);
    throw e;
  }
  const cloud = await startLocalCloud({ dataDir, port: 0, timers: false, demo: true });
  try {
    const bytes = readFileSync(join(dataDir, 'list.xlsx'));
    let t0 = performance.now();
    // timed: upload, mapping (as the desk confirms it), the job's steps, dispatch
    gc?.();
    const rssBefore = procMemory('self')!.rss;
    let peak = rssBefore;
    let atPeak = process.memoryUsage();
    // the peak of each phase too (upload, job, dispatch): which one holds the memory
    let phasePeak = rssBefore;
    const phasePeaks: number[] = [];
    const endPhase = () => {
      phasePeak = Math.max(phasePeak, procMemory('self')?.rss ?? 0);
      peak = Math.max(peak, phasePeak);
      phasePeaks.push(phasePeak);
      phasePeak = 0;
    };
    const sampler = setInterval(() => {
      const rss = procMemory('self')?.rss ?? 0;
      phasePeak = Math.max(phasePeak, rss);
      if (rss > peak) {
        peak = rss;
        atPeak = process.memoryUsage();
      }
    }, 100);
    const marks: Record<string, number> = {};
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const prepared = await call<{ cloudPath: string }>(cloud, 'file', 'prepareUpload', { purpose: 'import', kind: 'xlsx', size: bytes.length });
    const { fileID } = (await getCloud().uploadFile({ cloudPath: prepared.cloudPath, fileContent: bytes })) as { fileID: string };
    marks.storage = performance.now() - t0;
    let view = await call<ImportView>(cloud, 'batch', 'upload', {
      fileId: fileID,
      source: '基准指挥部',
      subject: '基准专项',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    marks.upload = performance.now() - t0;
    endPhase();
    if (view.status === 'mapping') view = await call<ImportView>(cloud, 'batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping });
    let steps = 0;
    let longestStep = 0;
    while (view.status === 'running') {
      const s0 = performance.now();
      view = await call<ImportView>(cloud, 'batch', 'run', { importId: view.importId });
      longestStep = Math.max(longestStep, performance.now() - s0);
      steps += 1;
    }
    marks.imported = performance.now() - t0;
    endPhase();
    let dispatched = 0;
    let dispatchCalls = 0;
    for (;;) {
      const d = await call<{ dispatched: number; more: boolean }>(cloud, 'batch', 'dispatch', { batchId: view.batchId });
      dispatched += d.dispatched;
      dispatchCalls += 1;
      if (!d.more) break;
    }
    marks.dispatched = performance.now() - t0;
    endPhase();
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, procMemory('self')!.rss);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const total = marks.dispatched / 1000;
    const result = await call<{ counts: Record<string, number>; total: number }>(cloud, 'batch', 'batch', { batchId: view.batchId });
    const linked = cloud.store.find(Collections.batchRows, { batchId: view.batchId }).filter((r) => (r as { person?: unknown }).person).length;
    const items = cloud.store.find(Collections.queueItems, { kind: 'batch_row' }).length;

    const name = `${int(rowCount)}-row list (xlsx ${mb(bytes.length)}) against ${int(persons)} persons: upload → validated, deduped, dispatched`;
    if (step === 'B1') figures.goal(step, name, `${fixed(total, 2)} s`, '≤ 3 s', total <= 3);
    else figures.goal(step, name, `${fixed(total, 1)} s`, '≤ 120 s', total <= 120);
    figures.figure(
      step,
      '  of it: storage upload / batch.upload (read, chunk) / import job / dispatch',
      `${fixed(marks.storage, 0)} / ${fixed(marks.upload - marks.storage, 0)} / ${fixed(marks.imported - marks.upload, 0)} / ${fixed(marks.dispatched - marks.imported, 0)} ms`,
    );
    figures.figure(step, `  job steps (calls of batch.run) / longest step / dispatch calls`, `${steps} / ${fixed(longestStep, 0)} ms / ${dispatchCalls}`);
    figures.figure(step, '  its CPU time (user + system, this process)', `${fixed(cpuS, 1)} s`);
    if (step === 'B2') {
      figures.goal(step, 'local cloud RSS growth during it', `${mb(peak - rssBefore)} (${mb(rssBefore)} → peak ${mb(peak)})`, '≤ 200 MB', peak - rssBefore <= 200 * 1024 * 1024);
      figures.figure(step, '  peak RSS growth in the upload / import job / dispatch', phasePeaks.map((p) => mb(p - rssBefore)).join(' / '));
      figures.figure(step, '  at the RSS peak: V8 heap used / total, external, array buffers', `${mb(atPeak.heapUsed)} / ${mb(atPeak.heapTotal)}, ${mb(atPeak.external)}, ${mb(atPeak.arrayBuffers)}`);
    } else figures.figure(step, 'local cloud RSS growth during it', `${mb(peak - rssBefore)} (${mb(rssBefore)} → peak ${mb(peak)})`);
    // rows naming the same person (one ID; phone + name; name + the address's building and room) are one row
    figures.figure(step, 'rows kept (repeats folded) / linked to 一人一档', `${int(result.total)} of ${int(rowCount)} / ${int(linked)}`);
    figures.check(step, 'queue items made / rows dispatched', `${int(items)} / ${int(dispatched)}`, 'equal', items === dispatched && dispatched === result.counts.dispatched);
    figures.figure(step, '  rows by state', JSON.stringify(result.counts));
    if (step === 'B1') {
      const r0 = performance.now();
      const ret = await call<{ rows: number }>(cloud, 'batch', 'returnFile', { batchId: view.batchId });
      const returnMs = performance.now() - r0;
      figures.goal(step, `return file (xlsx, ${int(ret.rows)} rows)`, `${fixed(returnMs, 0)} ms`, '≤ 2 s', returnMs <= 2000);
    }
  } finally {
    await cloud.close();
    removeTempDir(dataDir);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const persons = numberArg(args, 'persons', 100_000);
  const rows = numberArg(args, 'rows', 2_500);
  const fileRows = numberArg(args, 'file-rows', 100_000);
  const quick = args.has('quick');
  const only = args.get('part');
  const prepareDir = args.get('prepare');
  if (prepareDir) return prepare(prepareDir, persons, rows);
  const out = args.get('out');
  if (only === 'B1' || only === 'B2') {
    const figures = new Figures();
    await part(figures, only, persons, only === 'B1' ? rows : fileRows);
    if (out) writeResult(out, figures.rows);
    return;
  }
  console.log(`data desk bench: ${availableParallelism()} cores (shared), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const tmp = makeTempDir('gridlink-batch-results-');
  const rowsOut: Figure[] = [];
  try {
    for (const p of quick ? ['B1'] : ['B1', 'B2']) {
      const file = join(tmp, `${p}.json`);
      await runTs('bench/batch.ts', ['--part', p, '--persons', String(persons), '--rows', String(rows), '--file-rows', String(fileRows), '--out', file], 30 * 60_000, {
        output: 'inherit',
        nodeFlags: ['--expose-gc', ...LOCAL_CLOUD_NODE_FLAGS],
      });
      rowsOut.push(...(JSON.parse(readFileSync(file, 'utf8')) as Figure[]));
    }
    if (quick) rowsOut.push({ step: 'B2', name: `${int(fileRows)}-row file`, value: 'skipped (--quick)', goal: '', status: '' });
  } finally {
    removeTempDir(tmp);
  }
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(figureTable(rowsOut));
  if (out) writeResult(out, rowsOut);
}

process.on('exit', cleanupSync);
runMain(main);
