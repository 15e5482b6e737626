/**
 * The data desk's benchmark, in-process through the real wx-server-sdk and the `batch` function:
 * a 2,500-row upper-level list (xlsx) imported, validated, deduped against N preloaded persons of
 * 一人一档 and dispatched to the grids' queues — goal ≤ 3 s from `batch.upload` to the last
 * dispatch; then its return file (goal ≤ 2 s). The list: 1,500 known persons by ID, 250 known by phone + name (no ID), 500 new
 * persons, 100 rows repeated within the list, 150 rows whose address places nowhere (待分拨);
 * addresses in the shapes lists use (3号楼2单元301, 三号楼, 3-2-301, 祥云1区3栋…).
 *
 *   npx tsx bench/batch.ts [--persons 100000] [--rows 2500]
 */
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
import { startLocalCloud } from '../localcloud/server';
import { xlsxOf } from '../tests/support/batches';
import { numberArg, parseArgs, procMemory, runMain } from './lib/child';
import { ADULTS, idNumber, personName, phoneNumber, PRELOAD_PROVINCE } from './lib/people';
import { cleanupSync, makeTempDir } from './lib/proc';
import { fixed, int, mb } from './lib/stats';

type Docs = Array<Record<string, unknown>>;

runMain(async () => {
  const args = parseArgs(process.argv.slice(2));
  const PERSONS = numberArg(args, 'persons', 100_000);
  const ROWS = numberArg(args, 'rows', 2_500);
  const dataDir = makeTempDir('gridlink-bench-batch-');
  const cloud = await startLocalCloud({ dataDir, port: 0, timers: false, demo: true });
  const admin = PERSONAS.admin.openid;
  try {
    const places = cloud.store.find(Collections.places, {}) as unknown as Place[];
    const compounds = new Map(places.filter((p) => p.level === 'compound').map((p) => [p._id, p]));
    const buildings = places.filter((p) => p.level === 'building');

    // 一人一档: N persons straight into the store, shaped as report.submit stores them
    let t0 = performance.now();
    const epoch = new Date();
    let batch: PersonDoc[] = [];
    for (let n = 0; n < PERSONS; n++) {
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
      if (batch.length === 5000 || n === PERSONS - 1) {
        cloud.store.insertMany(Collections.persons, batch as unknown as Docs);
        batch = [];
      }
    }
    const preloadS = (performance.now() - t0) / 1000;

    // the list
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
      return shapes[i % shapes.length](compound, number, 1, 101 + (i % 3));
    };
    const headers = ['序号', '姓名', '身份证号', '联系电话', '现住址', '来源地', '到达时间', '交通方式', '备注'];
    const rows: string[][] = [];
    const known = Math.round(ROWS * 0.6);
    const byPhone = Math.round(ROWS * 0.1);
    const fresh = Math.round(ROWS * 0.2);
    const dupes = Math.round(ROWS * 0.04);
    for (let i = 0; i < known; i++) {
      const n = (i * 37) % PERSONS;
      rows.push([String(rows.length + 1), personName(n), idNumber(PRELOAD_PROVINCE, n, ADULTS), phoneNumber(n), addressOf(i), '湖北武汉', '2022-05-01', '火车', '']);
    }
    for (let i = 0; i < byPhone; i++) {
      const n = (i * 53 + 11) % PERSONS;
      rows.push([String(rows.length + 1), personName(n), '', phoneNumber(n), '', '上海', '2022/5/2', '', '']);
    }
    for (let i = 0; i < fresh; i++) {
      rows.push([String(rows.length + 1), `新人${i}`, idNumber('31', 5_000_000 + i, ADULTS), `1770000${String(i).padStart(4, '0')}`, addressOf(i + 3), '', '', '', '']);
    }
    for (let i = 0; i < dupes; i++) rows.push([String(rows.length + 1), ...rows[i * 3].slice(1)]);
    while (rows.length < ROWS) {
      const i = rows.length;
      rows.push([String(i + 1), `外地${i}`, idNumber('31', 6_000_000 + i, ADULTS), '', `外省某市某路${i}号`, '', '', '', '']);
    }
    const bytes = await xlsxOf(headers, rows);

    // timed: upload, mapping (as the desk confirms it), the job's steps, dispatch
    const rssBefore = procMemory('self')?.rss ?? 0;
    const marks: Record<string, number> = {};
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const call = async <T>(name: string, action: string, payload: unknown): Promise<T> => {
      const res = (await cloud.invoke(name, { action, payload }, admin)) as { ok: boolean; data: T; message?: string };
      if (!res.ok) throw new Error(`${name}.${action}: ${res.message}`);
      return res.data;
    };
    const prepared = await call<{ cloudPath: string }>('file', 'prepareUpload', { purpose: 'import', kind: 'xlsx', size: bytes.length });
    const { fileID } = (await getCloud().uploadFile({ cloudPath: prepared.cloudPath, fileContent: bytes })) as { fileID: string };
    marks.storage = performance.now() - t0;
    let view = await call<ImportView>('batch', 'upload', { fileId: fileID, source: '基准指挥部', subject: '基准专项', deadline: new Date(Date.now() + 86_400_000).toISOString() });
    marks.upload = performance.now() - t0;
    view = await call<ImportView>('batch', 'confirmMapping', { importId: view.importId, mapping: view.mapping });
    let steps = 0;
    while (view.status === 'running') {
      view = await call<ImportView>('batch', 'run', { importId: view.importId });
      steps += 1;
    }
    marks.imported = performance.now() - t0;
    let dispatched = 0;
    for (;;) {
      const d = await call<{ dispatched: number; more: boolean }>('batch', 'dispatch', { batchId: view.batchId });
      dispatched += d.dispatched;
      if (!d.more) break;
    }
    marks.dispatched = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const rssAfter = procMemory('self')?.rss ?? 0;
    const r0 = performance.now();
    const ret = await call<{ rows: number }>('batch', 'returnFile', { batchId: view.batchId });
    const returnMs = performance.now() - r0;
    const result = await call<{ counts: Record<string, number>; total: number }>('batch', 'batch', { batchId: view.batchId });
    const linked = cloud.store.find(Collections.batchRows, { batchId: view.batchId }).filter((r) => (r as { person?: unknown }).person).length;
    const items = cloud.store.find(Collections.queueItems, { kind: 'batch_row' }).length;

    const total = marks.dispatched / 1000;
    console.log(`data desk bench — ${availableParallelism()} cores (shared), load ${loadavg().map((l) => fixed(l, 1)).join(' ')}`);
    console.log(`  preloaded persons (一人一档):     ${int(PERSONS)} in ${fixed(preloadS, 1)} s`);
    console.log(`  list:                            ${int(ROWS)} rows, ${headers.length} columns, xlsx ${fixed(bytes.length / 1024, 0)} KB`);
    console.log(`  upload to storage:               ${fixed(marks.storage, 0)} ms`);
    console.log(`  batch.upload (read, chunk):      ${fixed(marks.upload - marks.storage, 0)} ms`);
    console.log(`  import job (validate, dedupe):   ${fixed(marks.imported - marks.upload, 0)} ms in ${steps} step(s)`);
    console.log(`  dispatch:                        ${fixed(marks.dispatched - marks.imported, 0)} ms (${int(dispatched)} queue items; ${int(items)} in the queue)`);
    console.log(`  total upload → dispatched:       ${fixed(total, 2)} s  (goal ≤ 3 s: ${total <= 3 ? 'PASS' : 'MISS'})`);
    console.log(`  return file (xlsx, ${int(ret.rows)} rows):     ${fixed(returnMs, 0)} ms  (goal ≤ 2 s: ${returnMs <= 2000 ? 'PASS' : 'MISS'})`);
    console.log(`  CPU time of it (user+system):    ${fixed(cpuMs / 1000, 2)} s — on a shared box the wall time is this plus waiting for a core`);
    console.log(`  rows kept ${int(result.total)} (duplicates folded: ${int(ROWS - result.total)}), linked to 一人一档 ${int(linked)}; by state ${JSON.stringify(result.counts)}`);
    console.log(`  RSS ${mb(rssBefore)} → ${mb(rssAfter)}`);
  } finally {
    await cloud.close();
    cleanupSync();
  }
});
