/**
 * Test harness: the real wx-server-sdk over a DocumentStore in a temporary directory. Used by the
 * tests beside it and by the durability writer process.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import cloud from 'wx-server-sdk';
import { COLLECTIONS, type CollectionDecl } from '../../cloudfunctions/common/collections';
import { DocumentStore, type Doc } from './store';
import { initLocalSdk, installLocalTransport } from './transport';

export type Database = ReturnType<typeof cloud.database>;

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
  const store = new DocumentStore({ file, collections: options.collections ?? COLLECTIONS });
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
