/**
 * Poster PDF for 200 buildings (issue 12 §3): one compound of 200 buildings under the demo's first
 * grid, `poster.poster` for it through the real function (place reads, grid worker, URL QRs, the PDF
 * in subset Noto Sans CJK, written to local cloud storage), three runs; time, bytes, pages, and the
 * function's memory growth. Run alone: `npx tsx bench/posters.ts` (about 20 s on a 2-core box).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { newPlaceCode } from '../cloudfunctions/common/placeCodes';
import { PERSONAS } from '../localcloud/personas';
import { startLocalCloud } from '../localcloud/server';
import type { PosterFileView } from '../src/domain/contracts';
import type { Place } from '../src/domain/places';

const BUILDINGS = Number(process.env.BENCH_POSTER_BUILDINGS ?? 200);
const RUNS = 3;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlink-bench-posters-'));
  const cloud = await startLocalCloud({ dataDir, port: 0, h5Dir: join(dataDir, 'no-h5'), timers: false, demo: false });
  try {
    const db = getDb();
    const grid = (await db.collection(Collections.places).where({ _id: cloud.demo!.gridIds[0] }).get()) as unknown as { data: Place[] };
    const g = grid.data[0];
    const compoundId = 'pl_benchcompound0001';
    const compound: Place = { _id: compoundId, level: 'compound', name: '压测花园', parentId: g._id, path: [...g.path, compoundId], gridId: g._id, sort: 10_000, code: newPlaceCode() };
    await db.collection(Collections.places).add({ data: compound });
    for (let i = 1; i <= BUILDINGS; i++) {
      const id = `pl_benchbldg${String(i).padStart(8, '0')}`;
      const b: Place = {
        _id: id,
        level: 'building',
        name: `${i}号楼`,
        parentId: compoundId,
        path: [...compound.path, id],
        gridId: g._id,
        sort: 10_000 + i,
        code: newPlaceCode(),
        units: [{ name: '1单元', floors: 18, roomsPerFloor: 2 }],
      };
      await db.collection(Collections.places).add({ data: b });
    }
    console.log(`poster PDF for ${BUILDINGS} buildings (one compound), ${RUNS} runs, through poster.poster in-process`);
    for (let run = 1; run <= RUNS; run++) {
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      const res = await cloud.invoke('poster', { action: 'poster', payload: { placeId: compoundId } }, PERSONAS.admin.openid);
      const ms = performance.now() - started;
      if (!res.ok) throw new Error(`${res.code} ${res.message}`);
      const file = res.data as PosterFileView;
      console.log(
        `  run ${run}: ${ms.toFixed(0)} ms, ${(file.size / 1024).toFixed(0)} KB, ${file.pages} pages (${(file.size / file.pages / 1024).toFixed(1)} KB/page), RSS +${((process.memoryUsage().rss - rss) / 1024 / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
