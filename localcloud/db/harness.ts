/**
 * Test harness: the real wx-server-sdk over a DocumentStore in a temporary directory. Used by the
 * tests beside it and by the durability writer process.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import cloud from 'wx-server-sdk';
import type { CollectionDecl } from '../../cloudfunctions/common/collections';
import { DocumentStore, type Doc } from './store';
import { initLocalSdk, installLocalTransport } from './transport';

export type Database = ReturnType<typeof cloud.database>;

/**
 * The collections and indexes the tests run against: fixed here rather than taken from the app's
 * COLLECTIONS, so the tests do not follow every change of those declarations (store.test.ts opens
 * the real ones separately).
 */
export const TEST_COLLECTIONS: CollectionDecl[] = [
  { name: 'places', indexes: [{ name: 'code', fields: [['code', 1]], unique: true }] },
  {
    name: 'households',
    indexes: [
      {
        name: 'path_updated',
        fields: [
          ['placePath', 1],
          ['updatedAt', -1],
        ],
      },
    ],
  },
  {
    name: 'persons',
    indexes: [
      { name: 'id_hash', fields: [['id.hash', 1]], unique: true },
      {
        name: 'path_status',
        fields: [
          ['placePath', 1],
          ['status', 1],
        ],
      },
    ],
  },
  {
    name: 'reports',
    indexes: [
      {
        name: 'household_created',
        fields: [
          ['householdId', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'path_created',
        fields: [
          ['placePath', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },
  {
    name: 'queue_items',
    indexes: [
      {
        name: 'path_status_priority_due',
        fields: [
          ['placePath', 1],
          ['status', 1],
          ['priority', 1],
          ['dueAt', 1],
        ],
      },
      {
        name: 'ref',
        fields: [
          ['refId', 1],
          ['kind', 1],
        ],
      },
      {
        name: 'household_kind_status',
        fields: [
          ['householdId', 1],
          ['kind', 1],
          ['status', 1],
        ],
      },
    ],
  },
  {
    name: 'staff',
    indexes: [
      { name: 'openid', fields: [['openid', 1]], unique: true },
      {
        name: 'scope_role_active',
        fields: [
          ['scope', 1],
          ['role', 1],
          ['active', 1],
        ],
      },
    ],
  },
];

/** Small deterministic PRNG (mulberry32): a failing case can be replayed, benchmark runs compared. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Harness {
  store: DocumentStore;
  db: Database;
  /** the SQLite file */
  file: string;
  /** uninstall the transport, close the store and delete its directory */
  close(): void;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gridlink-db-'));
}

/** Open a store on `file` (a new temporary one by default) and point the SDK at it. */
export function openHarness(options: { file?: string; collections?: readonly CollectionDecl[] } = {}): Harness {
  initLocalSdk();
  const dir = options.file ? null : tempDir();
  const file = options.file ?? join(dir as string, 'db.sqlite');
  const store = new DocumentStore({ file, collections: options.collections ?? TEST_COLLECTIONS });
  const uninstall = installLocalTransport(store);
  cloud.init({ env: 'local' });
  return {
    store,
    db: cloud.database(),
    file,
    close() {
      uninstall();
      store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The SDK types every call as `Promise<Result> | void | string` (its callback-style overloads);
// these helpers await the promise form and give the result the shape the SDK resolves it with.

export async function getList(query: { get(): unknown }): Promise<Doc[]> {
  return ((await query.get()) as { data: Doc[] }).data;
}

export async function getOne(doc: { get(): unknown }): Promise<Doc> {
  return ((await doc.get()) as { data: Doc }).data;
}

export async function countOf(query: { count(): unknown }): Promise<number> {
  return ((await query.count()) as { total: number }).total;
}

export async function addOne(collection: { add(options: { data: Doc }): unknown }, data: Doc): Promise<string> {
  return ((await collection.add({ data })) as { _id: string })._id;
}

/** The rejection of an SDK call (fails the test if it resolves). */
export async function failure(call: unknown): Promise<Error & { errCode?: number }> {
  try {
    await call;
  } catch (e) {
    return e as Error & { errCode?: number };
  }
  throw new Error('expected the call to fail');
}
