/**
 * Disk: the store beside a peer embedded database on the same queue items, the WAL under a sustained
 * write load, and what a document costs on disk with the indexes queue_items declares.
 *
 * D1. 200,000 queue items (bench/lib/queue-items.ts: six-level paths over 500 grids, search keys)
 *     loaded in batches of 1,000 into (a) the store with the declared queue_items indexes, (b) the
 *     store with no secondary index (the documents alone), (c) nedb (`@seald-io/nedb`, a
 *     devDependency for this comparison only; its indexes live in memory, its file is the documents
 *     as JSON lines). Sizes right after the load (database file + WAL) and after closing (the WAL
 *     checkpointed away), bytes per document, and each table's share (SQLite's dbstat).
 * D2. the queue page — `{ placePath: <grid>, status: 'open' }` by sortKey, 50 — 1,000 times on a
 *     random grid, on the store (a) and on nedb (c).
 * D3. sustained writes: the WAL's size sampled every 100 ms while the store (a) takes single-document
 *     commits (an insert and an update per round, the event loop turning between rounds, as under
 *     server traffic) and then batches of 1,000, for `--seconds` each, with the background
 *     checkpointer on; its peak is held against the stated bound (`WAL_BOUND_BYTES`).
 *
 *   node --import tsx bench/disk.ts [--out result.json] [--tmp dir] [--items 200000] [--seconds 20]
 *   npx tsx bench/disk.ts      (alone: prints its own table)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync, existsSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { COLLECTIONS, Collections, type CollectionDecl } from '../cloudfunctions/common/collections';
import { WAL_LIMITS } from '../localcloud/db/checkpointer';
import { DocumentStore, type Doc } from '../localcloud/db/store';
import { numberArg, parseArgs, runMain, writeResult } from './lib/child';
import { figureTable, Figures, type Figure } from './lib/figures';
import { cleanupSync, makeTempDir } from './lib/proc';
import { queueItem, gridPath, type QueueLayout } from './lib/queue-items';
import { fixed, int, percentile } from './lib/stats';

const GRIDS = 500;
const BATCH = 1000;
const PAGES = 1000;
const MiB = 1024 * 1024;

/** nedb's API as used here (it ships no TypeScript types). */
interface NedbCursor<T> extends PromiseLike<T[]> {
  sort(spec: Record<string, 1 | -1>): NedbCursor<T>;
  limit(n: number): NedbCursor<T>;
}
interface Nedb {
  loadDatabaseAsync(): Promise<void>;
  ensureIndexAsync(o: { fieldName: string }): Promise<void>;
  insertAsync(docs: object[]): Promise<unknown>;
  findAsync<T>(q: object): NedbCursor<T>;
  compactDatafileAsync(): Promise<void>;
}
type NedbCtor = new (o: { filename: string; autoload?: boolean }) => Nedb;

export interface TableSize {
  name: string;
  bytes: number;
}

export interface DiskResult {
  items: number;
  indexes: string[];
  store: { loadSeconds: number; afterLoad: { db: number; wal: number }; closed: number; bytesPerDoc: number; tables: TableSize[] };
  docsOnly: { loadSeconds: number; afterLoad: { db: number; wal: number }; closed: number; bytesPerDoc: number };
  nedb: { loadSeconds: number; bytes: number; bytesPerDoc: number };
  page: { store: { p50: number; p95: number }; nedb: { p50: number; p95: number } };
  sustained: SustainedRun[];
  walBoundBytes: number;
  figures: Figure[];
}

interface SustainedRun {
  mode: string;
  seconds: number;
  writes: number;
  peakWal: number;
  endWal: number;
  /** the database file's growth over the run */
  dbGrowth: number;
}

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const mib = (bytes: number) => `${fixed(bytes / MiB)} MiB`;
const layout: QueueLayout = { grids: GRIDS, dueFrom: Date.now() - 2 * 86_400_000, createdAt: new Date(Date.now() - 30 * 86_400_000) };

function queueDecl(withIndexes: boolean): CollectionDecl[] {
  const decl = COLLECTIONS.find((c) => c.name === Collections.queueItems)!;
  return [{ ...decl, indexes: withIndexes ? decl.indexes : [] }];
}

function loadStore(file: string, items: number, withIndexes: boolean): { store: DocumentStore; seconds: number } {
  const store = new DocumentStore({ file, collections: queueDecl(withIndexes) });
  const t0 = performance.now();
  for (let i = 0; i < items; i += BATCH) {
    const batch: Doc[] = [];
    for (let j = i; j < Math.min(items, i + BATCH); j++) batch.push(queueItem(layout, j) as unknown as Doc);
    store.insertMany(Collections.queueItems, batch);
  }
  return { store, seconds: (performance.now() - t0) / 1000 };
}

function tableSizes(file: string): TableSize[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all()
      .filter((r) => r.bytes > 64 * 1024);
  } finally {
    db.close();
  }
}

async function sustained(store: DocumentStore, file: string, seconds: number, items: number): Promise<SustainedRun[]> {
  const wal = `${file}-wal`;
  const runs: SustainedRun[] = [];
  let next = items;
  const measure = async (mode: string, round: () => number): Promise<SustainedRun> => {
    let peak = sizeOf(wal);
    const db0 = sizeOf(file);
    const sampler = setInterval(() => {
      peak = Math.max(peak, sizeOf(wal));
    }, 100);
    let writes = 0;
    const end = performance.now() + seconds * 1000;
    try {
      while (performance.now() < end) {
        writes += round();
        // the event loop turns between rounds, as between a server's requests
        await new Promise((ok) => setImmediate(ok));
      }
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, sizeOf(wal));
    return { mode, seconds, writes, peakWal: peak, endWal: sizeOf(wal), dbGrowth: sizeOf(file) - db0 };
  };
  runs.push(
    await measure('single-document commits (insert + update per round)', () => {
      let n = 0;
      for (let k = 0; k < 10; k++) {
        store.insertMany(Collections.queueItems, [queueItem(layout, next++) as unknown as Doc]);
        const victim = queueItem(layout, Math.floor(Math.random() * items));
        store.updateMany(Collections.queueItems, { _id: victim._id }, { $set: { status: 'in_progress', updatedAt: new Date() } });
        n += 2;
      }
      return n;
    }),
  );
  runs.push(
    await measure(`batches of ${BATCH} inserts`, () => {
      const batch: Doc[] = [];
      for (let j = 0; j < BATCH; j++) batch.push(queueItem(layout, next++) as unknown as Doc);
      store.insertMany(Collections.queueItems, batch);
      return BATCH;
    }),
  );
  return runs;
}

function pageTimes(run: (g: number) => unknown): number[] {
  const times: number[] = [];
  for (let q = 0; q < PAGES; q++) {
    const g = Math.floor(Math.random() * GRIDS);
    const t0 = performance.now();
    run(g);
    times.push(performance.now() - t0);
  }
  return times;
}

export async function disk(tmp: string, items: number, seconds: number): Promise<DiskResult> {
  const figures = new Figures();
  const indexes = queueDecl(true)[0].indexes.map((ix) => ix.name);

  // (a) with the declared indexes
  const fileA = join(tmp, 'store.sqlite');
  console.log(`  D1. ${int(items)} queue items into the store with the ${indexes.length} declared indexes (${indexes.join(', ')}) …`);
  const a = loadStore(fileA, items, true);
  const afterLoadA = { db: sizeOf(fileA), wal: sizeOf(`${fileA}-wal`) };
  console.log(`    loaded in ${fixed(a.seconds)} s; right after the load: database ${mib(afterLoadA.db)} + WAL ${mib(afterLoadA.wal)}`);

  // D2 on (a), then D3 on (a)
  const storeTimes = pageTimes((g) =>
    a.store.find(Collections.queueItems, { placePath: gridPath(g)[3], status: 'open' }, { sort: { sortKey: 1 }, limit: 50 }),
  );
  console.log(`  D3. sustained writes, ${seconds} s each, WAL sampled every 100 ms …`);
  const runs = await sustained(a.store, fileA, seconds, items);
  for (const r of runs) {
    console.log(`    ${r.mode}: ${int(r.writes)} writes (${int(r.writes / r.seconds)}/s), WAL peak ${mib(r.peakWal)}, at the end ${mib(r.endWal)}; database +${mib(r.dbGrowth)}`);
  }
  a.store.close();
  const closedA = sizeOf(fileA);
  const tables = tableSizes(fileA);
  const totalDocs = items + runs.reduce((n, r) => n + (r.mode.startsWith('batches') ? r.writes : r.writes / 2), 0);

  // (b) documents only, on the same items
  const fileB = join(tmp, 'docs-only.sqlite');
  console.log(`  D1. the same ${int(items)} items into the store without secondary indexes …`);
  const b = loadStore(fileB, items, false);
  const afterLoadB = { db: sizeOf(fileB), wal: sizeOf(`${fileB}-wal`) };
  b.store.close();
  const closedB = sizeOf(fileB);

  // (c) nedb
  const fileC = join(tmp, 'nedb.db');
  console.log(`  D1. the same ${int(items)} items into nedb …`);
  const Datastore = createRequire(__filename)('@seald-io/nedb') as NedbCtor;
  const nedb = new Datastore({ filename: fileC });
  await nedb.loadDatabaseAsync();
  await nedb.ensureIndexAsync({ fieldName: 'placePath' });
  let t0 = performance.now();
  for (let i = 0; i < items; i += BATCH) {
    const batch: object[] = [];
    for (let j = i; j < Math.min(items, i + BATCH); j++) batch.push(queueItem(layout, j));
    await nedb.insertAsync(batch);
  }
  const nedbLoad = (performance.now() - t0) / 1000;
  const nedbBytes = sizeOf(fileC);
  const nedbTimes: number[] = [];
  for (let q = 0; q < PAGES; q++) {
    const g = Math.floor(Math.random() * GRIDS);
    t0 = performance.now();
    await nedb.findAsync({ placePath: gridPath(g)[3], status: 'open' }).sort({ sortKey: 1 }).limit(50);
    nedbTimes.push(performance.now() - t0);
  }

  const page = {
    store: { p50: percentile(storeTimes, 50), p95: percentile(storeTimes, 95) },
    nedb: { p50: percentile(nedbTimes, 50), p95: percentile(nedbTimes, 95) },
  };
  const result: DiskResult = {
    items,
    indexes,
    store: { loadSeconds: a.seconds, afterLoad: afterLoadA, closed: closedA, bytesPerDoc: closedA / totalDocs, tables },
    docsOnly: { loadSeconds: b.seconds, afterLoad: afterLoadB, closed: closedB, bytesPerDoc: closedB / items },
    nedb: { loadSeconds: nedbLoad, bytes: nedbBytes, bytesPerDoc: nedbBytes / items },
    page,
    sustained: runs,
    walBoundBytes: WAL_LIMITS.boundBytes,
    figures: [],
  };

  const f = figures;
  f.figure('D1', `load ${int(items)} queue items, batches of ${BATCH}: store (${indexes.length} indexes) / store (documents only) / nedb`, `${fixed(a.seconds)} / ${fixed(b.seconds)} / ${fixed(nedbLoad)} s`);
  f.figure('D1', 'on disk right after the load: store with indexes (database + WAL)', `${mib(afterLoadA.db + afterLoadA.wal)} (${mib(afterLoadA.db)} + WAL ${mib(afterLoadA.wal)})`);
  f.figure('D1', 'on disk right after the load: store, documents only (database + WAL)', `${mib(afterLoadB.db + afterLoadB.wal)} (${mib(afterLoadB.db)} + WAL ${mib(afterLoadB.wal)})`);
  f.figure('D1', 'on disk: nedb (its indexes are in memory)', mib(nedbBytes));
  f.figure('D1', 'bytes per document, store with the declared indexes (closed, WAL checkpointed)', `${int(result.store.bytesPerDoc)} B (${mib(closedA)} for ${int(totalDocs)} docs)`);
  f.figure('D1', 'bytes per document, store documents only / nedb', `${int(result.docsOnly.bytesPerDoc)} / ${int(result.nedb.bytesPerDoc)} B`);
  const perDoc = (t: TableSize) => `${t.name.replace(/^x:queue_items:/, '').replace(/^c:queue_items$/, 'documents')} ${int(t.bytes / totalDocs)}`;
  f.figure('D1', 'bytes per document by table (store with indexes)', tables.filter((t) => /queue_items/.test(t.name)).map(perDoc).join(', '));
  f.figure(
    'D2',
    `queue page (placePath + status by sortKey, 50), ${PAGES} random grids: store / nedb p50 (p95)`,
    `${fixed(page.store.p50, 2)} (${fixed(page.store.p95, 2)}) / ${fixed(page.nedb.p50, 2)} (${fixed(page.nedb.p95, 2)}) ms — store ${fixed(page.nedb.p50 / page.store.p50)}× faster`,
  );
  for (const r of runs) {
    f.goal('D3', `WAL peak under sustained writes: ${r.mode}, ${r.seconds} s, ${int(r.writes / r.seconds)} writes/s`, `${mib(r.peakWal)} (end ${mib(r.endWal)})`, `≤ ${mib(WAL_LIMITS.boundBytes)}`, r.peakWal <= WAL_LIMITS.boundBytes);
  }
  result.figures = figures.rows;
  return result;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = args.get('out');
  const items = numberArg(args, 'items', 200_000);
  const seconds = numberArg(args, 'seconds', 20);
  const base = args.get('tmp');
  const tmp = base ? mkdtempSync(join(base, 'gridlink-bench-disk-')) : makeTempDir('gridlink-bench-disk-');
  try {
    const result = await disk(tmp, items, seconds);
    if (out) writeResult(out, result);
    else console.log(`\n${figureTable(result.figures)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    cleanupSync();
  }
}

if (require.main === module) runMain(main);
