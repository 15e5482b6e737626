/**
 * Micro-benchmark of the store on a queue-sized collection:
 *   npx tsx localcloud/db/bench-store.ts [documents = 1000000]
 * Loads queue items (placePath of 4 ids over 500 grids, status, priority 0-2, dueAt) in batches,
 * then times 1,000 queue-page reads `{ placePath: <grid>, status: 'open' }` sorted by priority, dueAt,
 * at a random page of 50, directly on the store and through the real SDK. Goal: p95 ≤ 20 ms.
 */
import { rmSync, statSync } from 'fs';
import { join } from 'path';
import cloud from 'wx-server-sdk';
import type { CollectionDecl } from '../../cloudfunctions/common/collections';
import { TEST_COLLECTIONS, rng, tempDir } from './harness';
import { DocumentStore, type Doc } from './store';
import { initLocalSdk, installLocalTransport } from './transport';

/** The queue collection as the store tests declare it: the benchmark measures that shape whatever the app declares. */
const BENCH_COLLECTIONS: CollectionDecl[] = TEST_COLLECTIONS.filter((c) => c.name === 'queue_items');

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const GRIDS = 500;
const BATCH = 10_000;
const QUERIES = 1000;
const PAGE = 50;
const SDK_QUERIES = 200;

const random = rng(42);
const int = (n: number): number => Math.floor(random() * n);
const T0 = Date.UTC(2024, 0, 1);

function queueItem(i: number): Doc {
  const grid = int(GRIDS);
  const roll = random();
  return {
    _id: `qi${String(i).padStart(8, '0')}`,
    placePath: [`street${Math.floor(grid / 50)}`, `comm${Math.floor(grid / 10)}`, `grid${grid}`, `bldg${grid * 4 + int(4)}`],
    status: roll < 0.6 ? 'open' : roll < 0.8 ? 'claimed' : 'done',
    priority: int(3),
    dueAt: new Date(T0 + int(90 * 86_400_000)),
    kind: random() < 0.7 ? 'report' : 'visit',
    refId: `r${int(TOTAL)}`,
    householdId: `h${int(200_000)}`,
    title: `queue item ${i}`,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(label: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (n: number): string => n.toFixed(2);
  console.log(`${label}: p50 ${f(percentile(sorted, 50))} ms, p95 ${f(percentile(sorted, 95))} ms, max ${f(sorted[sorted.length - 1])} ms`);
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const dir = tempDir();
  const file = join(dir, 'bench.sqlite');
  const store = new DocumentStore({ file, collections: BENCH_COLLECTIONS });
  try {
    let t = performance.now();
    for (let start = 0; start < TOTAL; start += BATCH) {
      const batch: Doc[] = [];
      for (let i = start; i < Math.min(TOTAL, start + BATCH); i++) batch.push(queueItem(i));
      store.insertMany('queue_items', batch);
    }
    const loadS = (performance.now() - t) / 1000;
    console.log(
      `loaded ${TOTAL.toLocaleString()} documents in ${loadS.toFixed(1)} s (${Math.round(TOTAL / loadS).toLocaleString()}/s), file ${mib(statSync(file).size)}`,
    );

    const sort = { priority: 1, dueAt: 1 } as const;
    console.log('plan:', JSON.stringify(store.explain('queue_items', { placePath: 'grid7', status: 'open' }, sort)));

    // Open items per grid (a count per grid is what a paging UI asks for first).
    const openPerGrid: number[] = [];
    const countTimes: number[] = [];
    for (let g = 0; g < GRIDS; g++) {
      t = performance.now();
      openPerGrid.push(store.count('queue_items', { placePath: `grid${g}`, status: 'open' }));
      countTimes.push(performance.now() - t);
    }
    summary(`count per grid (${GRIDS})`, countTimes);

    const pageOf = (): { grid: string; skip: number } => {
      const g = int(GRIDS);
      return { grid: `grid${g}`, skip: int(Math.max(1, Math.ceil(openPerGrid[g] / PAGE))) * PAGE };
    };
    const times: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const { grid, skip } = pageOf();
      t = performance.now();
      const page = store.find('queue_items', { placePath: grid, status: 'open' }, { sort, skip, limit: PAGE });
      times.push(performance.now() - t);
      if (page.length === 0) throw new Error(`empty page: ${grid} skip ${skip}`);
    }
    summary(`store.find, ${QUERIES} random pages of ${PAGE}`, times);

    initLocalSdk();
    const uninstall = installLocalTransport(store);
    cloud.init({ env: 'local' });
    const db = cloud.database();
    const sdkTimes: number[] = [];
    for (let q = 0; q < SDK_QUERIES; q++) {
      const { grid, skip } = pageOf();
      t = performance.now();
      await db
        .collection('queue_items')
        .where({ placePath: grid, status: 'open' })
        .orderBy('priority', 'asc')
        .orderBy('dueAt', 'asc')
        .skip(skip)
        .limit(PAGE)
        .get();
      sdkTimes.push(performance.now() - t);
    }
    uninstall();
    summary(`wx-server-sdk get(), ${SDK_QUERIES} random pages of ${PAGE}`, sdkTimes);

    const mem = process.memoryUsage();
    console.log(`RSS ${mib(mem.rss)} (JS heap ${mib(mem.heapUsed)})`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
