/**
 * Preload a local-cloud data dir with synthetic households, persons and reports, written straight
 * into the DocumentStore with `insertMany` in batches (no HTTP, no functions), shaped exactly like
 * report.submit stores them: real `protect()` values (AES-256-GCM ciphertext + keyed hash) under
 * the data dir's own keys, so lookups and index sizes are realistic (see lib/preload-docs.ts).
 *
 *   node --import tsx bench/preload.ts --data <dir> --persons <target> [--batch 5000] [--out result.json]
 *
 * - Seeds the demo places (祥云社区) first when the database is empty, writing demo.json as the
 *   local cloud does on its first start.
 * - Extends an earlier preload of the same dir up to `--persons` (see lib/preload-state.ts).
 * - Households have three persons (本人, 配偶, 子女) spread over the demo buildings and one
 *   (verified) report each; about 3% of persons are under health monitoring or home isolation.
 *
 * Speed (a 1M-person preload has to fit in the benchmark's time budget):
 * - Insert order. A person's `_id` and its `id_hash` key come from the keyed hash of its ID
 *   number, i.e. they are random: inserted as generated, every person lands on a random page of a
 *   >1 GB table and the preload slows down as it grows. So persons go in in hash order, and every
 *   B-tree grows at its end; households and reports go in in creation order with zero-padded ids
 *   and increasing dates, which keeps their indexes append-only too. The documents are the same
 *   either way.
 * - A worker thread builds the documents (hashing and encryption) while this thread writes.
 * - This process's SQLite connection gets bulk-load settings (synchronous = OFF, a bigger page
 *   cache and WAL checkpoint interval). They are per connection and end with this process: the
 *   local cloud opens the file later with its own settings.
 */
import { closeSync, existsSync, fsyncSync, openSync, statSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { Worker } from 'worker_threads';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { roomsOfUnit, type Place } from '../src/domain/places';
import type { DocumentStore } from '../localcloud/db/store';
import { openLocalDatabase } from '../localcloud/server';
import { isEmpty, seedDemo } from '../localcloud/seed';
import { numberArg, parseArgs, procMemory, requireArg, runMain, writeResult } from './lib/child';
import { Layout, type Site } from './lib/preload-docs';
import { readPreloadState, writePreloadState, type PreloadState } from './lib/preload-state';
import type { WorkerBatch, WorkerInput } from './preload-worker';

const DAY_MS = 86_400_000;

export interface PreloadResult {
  before: PreloadState | null;
  after: PreloadState;
  addedPersons: number;
  seconds: number;
  personsPerSecond: number;
  /** database file size after the preload (WAL checkpointed) */
  dbBytes: number;
  peakRss: number;
}

function loadSites(store: DocumentStore): Site[] {
  const places = store.find(Collections.places, {}) as unknown as Place[];
  const byId = new Map(places.map((p) => [p._id, p]));
  const onPath = (b: Place, level: Place['level']) => b.path.map((id) => byId.get(id)).find((p) => p?.level === level);
  return places
    .filter((p) => p.level === 'building')
    .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0))
    .map((building) => ({
      building,
      compoundName: onPath(building, 'compound')?.name ?? '',
      communityId: onPath(building, 'community')!._id,
      gridId: building.gridId!,
      rooms: (building.units ?? []).flatMap((u) => roomsOfUnit(u).map((room) => ({ unit: u.name, room }))),
    }));
}

/** The document builder thread; tsx's CommonJS hook is registered first so it can load TypeScript. */
function startWorker(input: WorkerInput): { next(): Promise<WorkerBatch>; stop(): Promise<number> } {
  const tsx = require.resolve('tsx/cjs');
  const script = join(__dirname, 'preload-worker.ts');
  const worker = new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true, workerData: input });
  const waiting: Array<{ ok: (b: WorkerBatch) => void; fail: (e: unknown) => void }> = [];
  worker.on('message', (batch: WorkerBatch) => waiting.shift()?.ok(batch));
  worker.on('error', (e) => {
    for (const w of waiting.splice(0)) w.fail(e);
  });
  return {
    next() {
      return new Promise((ok, fail) => {
        waiting.push({ ok, fail });
        worker.postMessage('next');
      });
    },
    stop: () => worker.terminate(),
  };
}

function dbSize(dataDir: string): number {
  let total = 0;
  for (const f of ['gridlink.sqlite', 'gridlink.sqlite-wal']) {
    const file = join(dataDir, f);
    if (existsSync(file)) total += statSync(file).size;
  }
  return total;
}

/** The store's document type is a plain record; the domain interfaces are exactly such records. */
const asDocs = (docs: readonly object[]) => docs as unknown as Array<Record<string, unknown>>;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = resolve(requireArg(args, 'data'));
  const target = numberArg(args, 'persons', 100_000);
  const batch = numberArg(args, 'batch', 5_000);
  const out = args.get('out');
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

  const { store, uninstall } = openLocalDatabase(dataDir);
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    uninstall();
    // Closing the last connection checkpoints the WAL into the database file.
    store.close();
    // synchronous = OFF left the file's pages to the OS: flush them now, or the local cloud's first
    // checkpoint would (an fsync of gigabytes, seconds of stall inside the measured load).
    const fd = openSync(join(dataDir, 'gridlink.sqlite'), 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  try {
    // Bulk-load settings of this connection only (see the header comment).
    const connection = (store as unknown as { db: { pragma(sql: string): unknown } }).db;
    connection.pragma('synchronous = OFF');
    connection.pragma('cache_size = -262144');
    connection.pragma('wal_autocheckpoint = 10000');

    // The demo places, exactly as `npm start` would seed them on first start.
    const db = getDb();
    const demoFile = join(dataDir, 'demo.json');
    if (await isEmpty(db)) writeFileSync(demoFile, JSON.stringify(await seedDemo(db), null, 2));
    else if (!existsSync(demoFile)) throw new Error(`${dataDir} has places but no demo.json: not a benchmark data dir`);
    const sites = loadSites(store);
    if (sites.length === 0) throw new Error('no buildings to place households in');

    const before = readPreloadState(dataDir);
    const state: PreloadState = before ? { ...before } : { persons: 0, households: 0, epochMs: Date.now() - 60 * DAY_MS };
    if (state.persons < target) {
      const spec = { sites, firstPerson: state.persons, firstHousehold: state.households, target, epochMs: state.epochMs };
      const worker = startWorker({ layout: spec, batch });
      try {
        let persons = state.persons;
        let reported = persons;
        // Ask for the next batch before writing this one: the worker builds while we write.
        let pending = worker.next();
        for (;;) {
          const b = await pending;
          if (b.kind === 'done') break;
          pending = worker.next();
          if (b.kind === 'households') {
            store.insertMany(Collections.households, asDocs(b.households));
            store.insertMany(Collections.reports, asDocs(b.reports));
          } else {
            store.insertMany(Collections.persons, asDocs(b.persons));
            persons += b.persons.length;
            if (persons - reported >= 100_000 || persons === target) {
              reported = persons;
              console.error(`  [preload] ${persons.toLocaleString('en-US')} persons (${elapsed()})`);
            }
          }
        }
      } finally {
        await worker.stop();
      }
      state.persons = target;
      state.households = new Layout(spec).endHousehold;
    }
    close();
    writePreloadState(dataDir, state);

    const seconds = (performance.now() - started) / 1000;
    const added = state.persons - (before?.persons ?? 0);
    const result: PreloadResult = {
      before,
      after: state,
      addedPersons: added,
      seconds,
      personsPerSecond: added / seconds,
      dbBytes: dbSize(dataDir),
      peakRss: procMemory('self')?.peak ?? NaN,
    };
    if (out) writeResult(out, result);
  } finally {
    close();
  }
}

runMain(main);
