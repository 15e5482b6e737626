/**
 * The place hierarchy's figures (issue 12 §2), in-process on a temp local cloud:
 *  P1. import of a 2,000-building tree from an xlsx (4 片区 × 10 网格 × 5 小区 × 10 楼栋):
 *      preview, apply, and the same file again (nothing written);
 *  P2. re-gridding: a compound of 5,000 households / 13,000 persons / 5,000 reports / 2,000 open
 *      queue items (written straight into the store) moves to another grid; the job's time and the
 *      counts before and after.
 *
 *   npx tsx bench/places.ts [--households 5000]
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'fs';
import { availableParallelism, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { total } from '../cloudfunctions/common/db';
import { newPlaceCode } from '../cloudfunctions/common/placeCodes';
import { runJob } from '../cloudfunctions/hierarchy/regrid';
import { IMPORT_COLUMNS } from '../src/domain/hierarchy';
import type { Place } from '../src/domain/places';
import { queueSortKey } from '../src/domain/queue';
import { startLocalCloud } from '../localcloud/server';
import { loginAs } from '../tests/support/http';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const HOUSEHOLDS = arg('households', 5000);
const ms = (t0: number) => Math.round(performance.now() - t0);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlink-bench-places-'));
  const cloud = await startLocalCloud({ dataDir, port: 0, timers: false, demo: true, h5Dir: join(dataDir, 'no-h5') });
  const lines: string[] = [
    `machine: ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  ];
  try {
    const admin = await loginAs(cloud.url, 'admin');
    // P1: the tree
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('楼栋');
    ws.addRow([...IMPORT_COLUMNS]);
    for (let a = 1; a <= 4; a++)
      for (let g = 1; g <= 10; g++)
        for (let c = 1; c <= 5; c++)
          for (let b = 1; b <= 10; b++)
            ws.addRow(['祥云社区', `导入${a}片区`, `导入${a}-${g}网格`, `导入小区${a}-${g}-${c}`, `${b}号楼`, 2, 18, 2]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const prepared = await admin.call('file', 'prepareUpload', { purpose: 'import', kind: 'xlsx', size: bytes.length });
    if (!prepared.ok) throw new Error(prepared.message);
    const put = await admin.upload(prepared.data.cloudPath, bytes);
    const fileId = (put.body as { data: { fileId: string } }).data.fileId;
    let t0 = performance.now();
    const preview = await admin.call('hierarchy', 'importPreview', { fileId });
    if (!preview.ok) throw new Error(preview.message);
    const previewMs = ms(t0);
    t0 = performance.now();
    const applied = await admin.call('hierarchy', 'importApply', { fileId });
    if (!applied.ok) throw new Error(applied.message);
    const applyMs = ms(t0);
    t0 = performance.now();
    const again = await admin.call('hierarchy', 'importApply', { fileId });
    if (!again.ok) throw new Error(again.message);
    const againMs = ms(t0);
    lines.push(
      `P1 import of ${preview.data.rows} buildings (${(bytes.length / 1024).toFixed(0)} KB xlsx): preview ${previewMs} ms, apply ${applyMs} ms ` +
        `(created ${JSON.stringify(applied.data.create)}), same file again ${againMs} ms (created ${JSON.stringify(again.data.create)}, unchanged ${again.data.unchanged})`,
    );

    // P2: a big compound moves to another grid
    const db = getDb();
    const demo = cloud.demo!;
    const grids = (await db.collection(Collections.places).where({ level: 'grid' }).limit(100).get()) as unknown as { data: Place[] };
    const [from, to] = demo.gridIds.map((id) => grids.data.find((g) => g._id === id)!);
    const compoundId = 'pl_bench_compound';
    const compound: Place = {
      _id: compoundId,
      level: 'compound',
      name: '大型小区',
      parentId: from._id,
      path: [...from.path, compoundId],
      code: newPlaceCode(),
      sort: 1e12,
      gridId: from._id,
    };
    const BUILDINGS = 50;
    const buildings: Place[] = Array.from({ length: BUILDINGS }, (_, i) => {
      const id = `pl_bench_b${i}`;
      return {
        _id: id,
        level: 'building',
        name: `${i + 1}栋`,
        parentId: compoundId,
        path: [...compound.path, id],
        code: newPlaceCode(),
        sort: 1e12 + i + 1,
        gridId: from._id,
        units: [{ name: '1单元', floors: 34, roomsPerFloor: 3 }],
      };
    });
    cloud.store.insertMany(Collections.places, [compound, ...buildings] as never);
    const now = new Date();
    const base = (b: Place) => ({ communityId: demo.communityId, gridId: from._id, buildingId: b._id, placePath: b.path });
    const households: object[] = [];
    const persons: object[] = [];
    const reports: object[] = [];
    const items: object[] = [];
    for (let h = 0; h < HOUSEHOLDS; h++) {
      const b = buildings[h % BUILDINGS];
      const hid = `hh_bench_${h}`;
      const n = h % 5 < 3 ? 3 : 2; // 13,000 persons for 5,000 households
      const pids = Array.from({ length: n }, (_, k) => `ps_bench_${h}_${k}`);
      households.push({
        _id: hid,
        ...base(b),
        unit: '1单元',
        room: String(101 + (h % 3)),
        address: `大型小区 ${b.name}`,
        ownerOpenids: [`o_bench_${h}`],
        personIds: pids,
        createdAt: now,
        updatedAt: now,
      });
      for (const pid of pids)
        persons.push({
          _id: pid,
          householdId: hid,
          ...base(b),
          name: '测试',
          id: { hash: `bench_${pid}` },
          status: 'normal',
          createdAt: now,
          updatedAt: now,
        });
      reports.push({ _id: `rp_bench_${h}`, householdId: hid, ...base(b), status: 'submitted', createdAt: now });
      if (h < 2000) {
        const id = `q_bench_${h}`;
        items.push({
          _id: id,
          kind: 'verify',
          refId: `rp_bench_${h}`,
          householdId: hid,
          communityId: demo.communityId,
          gridId: from._id,
          placePath: b.path,
          priority: 2,
          dueAt: now,
          sortKey: queueSortKey(2, now, id),
          status: 'open',
          assigneeStaffId: null,
          title: '核实',
          summary: '',
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    cloud.store.insertMany(Collections.households, households as never);
    cloud.store.insertMany(Collections.persons, persons as never);
    cloud.store.insertMany(Collections.reports, reports as never);
    cloud.store.insertMany(Collections.queueItems, items as never);

    const countIn = async (grid: string) => {
      const _ = db.command;
      const out: Record<string, number> = {};
      for (const c of [Collections.households, Collections.persons, Collections.reports, Collections.queueItems]) {
        out[c] = await total(db.collection(c).where({ placePath: _.all([compoundId, grid]) }));
      }
      return out;
    };
    const before = await countIn(from._id);
    t0 = performance.now();
    const started = await admin.call('hierarchy', 'move', { placeIds: [compoundId], toParentId: to._id });
    if (!started.ok) throw new Error(started.message);
    const job = await runJob(db, started.data.jobId, { budgetMs: 600_000 });
    const moveMs = ms(t0);
    const after = await countIn(to._id);
    const left = await countIn(from._id);
    const same = JSON.stringify(before) === JSON.stringify(after) && Object.values(left).every((n) => n === 0);
    lines.push(
      `P2 move of a compound (${BUILDINGS} buildings) to another grid: ${moveMs} ms, ${job.step} steps, ${job.rewritten} documents rewritten; ` +
        `before ${JSON.stringify(before)}; after ${JSON.stringify(after)}; left behind ${JSON.stringify(left)} — ${same ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const l of lines) console.log(l);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
