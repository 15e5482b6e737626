/**
 * DocumentStore: an embedded, durable MongoDB-style document store on SQLite (better-sqlite3).
 *
 * Layout (one SQLite file, WAL journal):
 * - `"c:<collection>"(_id TEXT PRIMARY KEY, doc TEXT)`: one row per document, the document as JSON
 *   with Dates tagged `{"$date": ms}` (see codec.ts);
 * - `"x:<collection>:<index>"(k0 … kn-1, _id)`: one side table per declared index, a WITHOUT ROWID
 *   table whose primary key is (k0 … kn-1, _id) in the declared directions. A document has one row
 *   per index entry: an array field gives one row per element (multikey), a missing field gives
 *   NULL_KEY (codec.ts). Rows are maintained in the same SQLite transaction as the document row, so
 *   an index is never out of step with the data;
 * - `_indexes`: the index declarations the side tables were built from, and which of their fields
 *   have been seen holding arrays (multikey), so a changed declaration rebuilds its table on open.
 *
 * Queries go through planner.ts. When a plan is exact (SQL selects exactly the matching documents,
 * each once) and the sort is over index columns, filter, ORDER BY, OFFSET and LIMIT all run in
 * SQLite and only the returned page of documents is read. Otherwise SQL narrows the candidates and
 * mingo filters, sorts and pages them (a full scan when no index applies). Update operators and
 * aggregation pipelines are mingo's.
 *
 * Durability: every write method commits its SQLite transaction before returning; nothing is cached
 * in memory, so a write acknowledged to a caller survives `kill -9`. `synchronous = NORMAL` (the
 * default) may lose the last commits on power loss, `durability: 'full'` fsyncs every commit.
 *
 * Transactions (CloudBase's startTransaction / runTransaction) are optimistic: writes made under a
 * transaction id are buffered in memory, reads through it see those writes and record the stored
 * text of every document they read from disk. Commit re-checks each recorded document and applies
 * all buffered writes in one SQLite transaction; if any was changed meanwhile (by another
 * transaction or a plain write) the commit fails with DATABASE_TRANSACTION_CONFLICT, which the
 * SDK's runTransaction answers by re-running the callback. Nothing waits, so interleaved async
 * transactions cannot deadlock, never see each other's uncommitted writes, and cannot lose updates.
 * Like CloudBase, only document reads are validated: a `where()` query inside a transaction sees
 * the transaction's own writes but does not guard against documents appearing concurrently.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'crypto';
import { Aggregator, Query, update as applyMingoUpdate } from 'mingo';
// Registers every mingo operator in its global context, which Query and Aggregator fall back to:
// `$expr` expressions and all pipeline stages then work. (Passing a full context per query instead
// costs ~0.5 ms a query: mingo copies the context on every construction.)
import 'mingo/init/system';
import type { UpdateExpression } from 'mingo/updater';
import type { CollectionDecl, IndexDecl } from '../../cloudfunctions/common/collections';
import { cloneDoc, decodeDoc, encodeDoc, encodeIndexKey, encodeValue, isPlainObject, keyTupleId, type Doc, type IndexKey } from './codec';
import { planQuery, termsSql, type IndexPlan, type IndexView, type Plan, type SortSpec } from './planner';

import { Worker } from 'worker_threads';

export type { Doc } from './codec';
export type { SortSpec } from './planner';

export type Durability = 'normal' | 'full';

export interface DocumentStoreOptions {
  /** SQLite file path; ':memory:' for a throwaway store */
  file: string;
  /** collections created on open, with their indexes; others are created on first write */
  collections: readonly CollectionDecl[];
  /** 'normal' (default): WAL + synchronous=NORMAL; 'full': fsync on every commit */
  durability?: Durability;
}

export type Filter = Record<string, unknown>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  /** no limit when absent: CloudBase's limits are applied by the transport */
  limit?: number;
  /** MongoDB projection: `{ a: 1 }` includes, `{ a: 0 }` excludes */
  projection?: Record<string, unknown>;
  txId?: string;
}

export interface WriteOptions {
  txId?: string;
}

export interface MultiWriteOptions extends WriteOptions {
  /** false: affect the first matching document only (default true) */
  multi?: boolean;
}

export interface UpdateResult {
  matched: number;
  /** documents whose content changed: an update that changes nothing does not count (like CloudBase) */
  modified: number;
}

export interface ExplainResult {
  /** index name, `_id` for the primary key, or `scan` */
  index: string;
  /** SQL selects exactly the matching documents: no matcher pass */
  exact: boolean;
  /** ORDER BY / OFFSET / LIMIT run in SQLite */
  pushdown: boolean;
  /** SQLite's EXPLAIN QUERY PLAN for the statement that reads the index */
  sql: string[];
}

/** Error codes, named like CloudBase's so the transport can pass them through to the SDK. */
export type StoreErrorCode =
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'INVALID_PARAM';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

type Statement<P extends unknown[] = unknown[], R = unknown> = Database.Statement<P, R>;

/** A declared index with its side table and statements. */
interface IndexState extends IndexView {
  table: string;
  unique: boolean;
  multikey: Set<number>;
  /** the indexed field paths split on dots (the `_id` column excluded) */
  segments: string[][];
  insert: Statement;
  remove: Statement;
  /** for unique indexes: another document holding the same key */
  probe: Statement<unknown[], string> | null;
}

/** The documents table seen as an index on `_id`. */
interface PrimaryView extends IndexView {
  table: string;
}

type AnyIndex = IndexState | PrimaryView;

interface CollectionState {
  name: string;
  table: string;
  primary: PrimaryView;
  indexes: IndexState[];
  get: Statement<[string], string>;
  insert: Statement<[string, string]>;
  update: Statement<[string, string]>;
  remove: Statement<[string]>;
}

interface TxState {
  startedAt: number;
  /** collection → _id → stored text when first read (null: did not exist) */
  reads: Map<string, Map<string, string | null>>;
  /** collection → _id → the document after this transaction (null: removed) */
  writes: Map<string, Map<string, Doc | null>>;
}

/** The operations a write method needs, answered directly (SQLite) or through a transaction's buffer. */
interface Session {
  /** a private copy of the document, or null */
  read(cs: CollectionState, id: string): Doc | null;
  insert(cs: CollectionState, id: string, doc: Doc): void;
  write(cs: CollectionState, id: string, before: Doc, after: Doc | null): void;
  find(cs: CollectionState, filter: Filter, opts: FindOptions): Doc[];
}

/** Transactions abandoned without commit or rollback are dropped after this long. */
const TX_TTL_MS = 5 * 60_000;
/** Version of the index table layout and key encoding: a stored index of another version is rebuilt. */
const INDEX_FORMAT = 2;
/** Documents read per statement when scanning a collection in `_id` order. */
const SCAN_PAGE = 1000;
/** Prepared statements for planned queries are cached by SQL text up to this many. */
const STATEMENT_CACHE_MAX = 500;
/** Update operators mingo implements (and MongoDB defines). */
const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$rename',
  '$bit',
  '$currentDate',
]);

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** A document's `_id`: CloudBase's ids are strings, and this store keeps only string ids. */
function docKey(id: unknown): string {
  if (typeof id === 'string' && id.length > 0) return id;
  throw new StoreError('INVALID_PARAM', `_id must be a non-empty string, got ${JSON.stringify(id)}`);
}

/** CloudBase-style 32-hex-digit document id. */
function newId(): string {
  return randomBytes(16).toString('hex');
}

function duplicateError(collection: string, index: string, key: string): StoreError {
  return new StoreError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: { ${key} }`,
  );
}

/**
 * better-sqlite3's native part builds its errors with the SqliteError class of the first module
 * registry that loaded it (jest has one per test file), so `instanceof` is not reliable: look at the code.
 */
function isPrimaryKeyViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Values a document holds at a dotted path the way MongoDB indexes them: arrays along the path fan out. */
function collectValues(value: unknown, segments: readonly string[], depth: number, out: { values: unknown[]; array: boolean }): void {
  if (Array.isArray(value)) {
    out.array = true;
    if (depth === segments.length) {
      if (value.length === 0) out.values.push(null);
      else out.values.push(...value);
      return;
    }
    const before = out.values.length;
    for (const el of value) if (isPlainObject(el)) collectValues(el, segments, depth, out);
    if (out.values.length === before) out.values.push(null);
    return;
  }
  if (depth === segments.length) out.values.push(value);
  else if (isPlainObject(value)) collectValues(value[segments[depth]], segments, depth + 1, out);
  else out.values.push(null);
}

/** The value at a dotted path (for messages). */
function valueAt(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const seg of path.split('.')) v = isPlainObject(v) ? v[seg] : undefined;
  return v ?? null;
}

/** Normalise an update: operator documents pass, a plain object means `$set` of its fields. */
function asUpdateOperators(update: Doc): Doc {
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return { $set: update };
  if (operators.length !== keys.length) throw new StoreError('INVALID_PARAM', 'update mixes operators and plain fields');
  return update;
}

/** Apply update operators in place; true if the document changed. */
function applyUpdate(doc: Doc, operators: Doc): boolean {
  let changed = false;
  for (const [op, arg] of Object.entries(operators)) {
    if (!UPDATE_OPERATORS.has(op) || !isPlainObject(arg)) throw new StoreError('INVALID_PARAM', `unsupported update operator ${op}`);
    // mingo types an update expression as exactly one known operator key, which `op` was just
    // checked to be; TypeScript cannot narrow a computed key to that union.
    const expr = { [op]: arg } as unknown as UpdateExpression;
    if (applyMingoUpdate(doc, expr).length > 0) changed = true;
  }
  return changed;
}

export class DocumentStore {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, CollectionState>();
  private readonly transactions = new Map<string, TxState>();
  private readonly statements = new Map<string, Statement>();
  private readonly saveMultikey: Statement<[string, string, string]>;
  private readonly direct: Session;
  private readonly checkpointer: Worker | null = null;

  constructor(options: DocumentStoreOptions) {
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    if (options.file !== ':memory:') {
      // Checkpoints (copying the WAL back with an fsync) would otherwise run inside whichever commit
      // crosses 1,000 pages, stalling every request on the event loop for tens to hundreds of ms.
      // A worker thread with its own connection checkpoints instead; commits stay short.
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = startCheckpointer(options.file);
    }
    // 64 MiB of page cache keeps the upper levels of big indexes hot without holding the data.
    this.db.pragma('cache_size = -65536');
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS _indexes (coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
         multikey TEXT NOT NULL, PRIMARY KEY (coll, name)) WITHOUT ROWID`,
    );
    this.saveMultikey = this.db.prepare('UPDATE _indexes SET multikey = ? WHERE coll = ? AND name = ?');
    this.direct = {
      read: (cs, id) => {
        const text = cs.get.get(id);
        return text === undefined ? null : decodeDoc(text);
      },
      insert: (cs, id, doc) => this.writeDoc(cs, id, null, doc),
      write: (cs, id, before, after) => this.writeDoc(cs, id, before, after),
      find: (cs, filter, opts) => this.findDocs(cs, filter, opts),
    };

    const stored = this.db
      .prepare<[], string>("SELECT substr(name, 3) FROM sqlite_master WHERE type = 'table' AND name LIKE 'c:%'")
      .pluck()
      .all();
    this.db.transaction(() => {
      for (const decl of options.collections) this.openCollection(decl.name, decl.indexes);
      for (const name of stored) if (!this.collections.has(name)) this.openCollection(name, []);
    })();
  }

  close(): void {
    this.transactions.clear();
    void this.checkpointer?.terminate();
    this.db.close();
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** Create an (index-less) collection; false if it already exists. */
  createCollection(name: string): boolean {
    if (this.collections.has(name)) return false;
    this.db.transaction(() => this.openCollection(name, []))();
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  find(collection: string, filter: Filter = {}, options: FindOptions = {}): Doc[] {
    const cs = this.requireCollection(collection);
    const docs = options.txId ? this.inTransaction(options.txId).find(cs, filter, options) : this.findDocs(cs, filter, options);
    return options.projection && Object.keys(options.projection).length > 0
      ? new Query({}).find<Doc>(docs, options.projection).all()
      : docs;
  }

  count(collection: string, filter: Filter = {}): number {
    const cs = this.requireCollection(collection);
    const plan = this.plan(cs, filter, undefined);
    if (plan.kind === 'index' && plan.exact) {
      const { sql, params } = this.indexSql(plan, 'count');
      return (
        this.statement<unknown[], number>(sql)
          .pluck()
          .get(...params) ?? 0
      );
    }
    const query = new Query(filter);
    let n = 0;
    for (const doc of this.candidates(cs, plan)) if (query.test(doc)) n++;
    return n;
  }

  /**
   * Run an aggregation pipeline. A leading `$match` (and a `$sort` / `$skip` / `$limit` right after
   * it) is answered like `find`, through the indexes; mingo runs the rest. `$lookup` reads whole
   * collections.
   */
  aggregate(collection: string, pipeline: readonly Doc[]): Doc[] {
    const cs = this.requireCollection(collection);
    let filter: Filter = {};
    const opts: FindOptions = {};
    let i = 0;
    const stage = (name: string): unknown => {
      const s = pipeline[i];
      return s && Object.keys(s).length === 1 && name in s ? s[name] : undefined;
    };
    const match = stage('$match');
    if (isPlainObject(match)) {
      filter = match;
      i++;
    }
    const sort = stage('$sort');
    if (isPlainObject(sort)) {
      // Directions are not checked here: mingo and the planner read any value as asc/desc by sign.
      opts.sort = sort as SortSpec;
      i++;
    }
    const skip = stage('$skip');
    if (typeof skip === 'number') {
      opts.skip = skip;
      i++;
    }
    const limit = stage('$limit');
    if (typeof limit === 'number') {
      opts.limit = limit;
      i++;
    }

    const docs = this.findDocs(cs, filter, opts);
    if (i === pipeline.length) return docs;
    const aggregator = new Aggregator([...pipeline.slice(i)], {
      collectionResolver: (name) => this.findDocs(this.requireCollection(name), {}, {}),
    });
    return aggregator.run(docs);
  }

  /** Which index a query would use, and how much of it runs in SQL (for tests and diagnostics). */
  explain(collection: string, filter: Filter = {}, sort?: SortSpec): ExplainResult {
    const cs = this.requireCollection(collection);
    const plan = this.plan(cs, filter, sort);
    if (plan.kind === 'scan' || (plan.index.primary && !(plan.exact && plan.orderBy))) {
      const { sql, params } = this.scanSql(cs, plan);
      const exact = plan.kind === 'index' && plan.exact;
      return { index: plan.kind === 'scan' ? 'scan' : '_id', exact, pushdown: false, sql: this.queryPlan(sql, [...params, '']) };
    }
    const pushdown = plan.exact && plan.orderBy !== null;
    const { sql, params } = this.indexSql(plan, pushdown ? 'page' : 'candidates', { skip: 0, limit: 1 });
    return { index: plan.index.name, exact: plan.exact, pushdown, sql: this.queryPlan(sql, params) };
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  /** Insert documents (all or none); a missing `_id` is generated. Returns the ids. */
  insertMany(collection: string, docs: readonly Doc[], options: WriteOptions = {}): string[] {
    const cs = this.ensureCollection(collection);
    return this.mutate(options.txId, (s) =>
      docs.map(({ _id, ...fields }) => {
        const doc = { _id: _id ?? newId(), ...fields };
        const id = docKey(doc._id);
        s.insert(cs, id, doc);
        return id;
      }),
    );
  }

  /** Apply update operators (or a plain object as `$set`) to the matching documents. */
  updateMany(collection: string, filter: Filter, update: Doc, options: MultiWriteOptions = {}): UpdateResult {
    const cs = this.requireCollection(collection);
    const operators = asUpdateOperators(update);
    return this.mutate(options.txId, (s) => {
      const result: UpdateResult = { matched: 0, modified: 0 };
      for (const id of this.matchIds(s, cs, filter, options.multi === false ? 1 : undefined)) {
        if (this.updateOne(s, cs, id, operators)) result.modified++;
        result.matched++;
      }
      return result;
    });
  }

  /** Update the first matching document and return it as updated (null when nothing matched). */
  findOneAndUpdate(collection: string, filter: Filter, update: Doc, options: WriteOptions = {}): { modified: number; doc: Doc | null } {
    const cs = this.requireCollection(collection);
    const operators = asUpdateOperators(update);
    return this.mutate(options.txId, (s) => {
      const [id] = this.matchIds(s, cs, filter, 1);
      if (id === undefined) return { modified: 0, doc: null };
      const modified = this.updateOne(s, cs, id, operators) ? 1 : 0;
      return { modified, doc: s.read(cs, id) };
    });
  }

  /** Replace a document by id (`doc(id).set()`); with upsert, create it when missing. */
  replaceOne(
    collection: string,
    id: string,
    replacement: Doc,
    options: WriteOptions & { upsert?: boolean } = {},
  ): UpdateResult & { upsertedId: string | null } {
    const cs = options.upsert ? this.ensureCollection(collection) : this.requireCollection(collection);
    return this.mutate(options.txId, (s) => {
      const before = s.read(cs, id);
      // `_id` first, as MongoDB stores it; a replacement cannot change it.
      const after: Doc = { _id: before ? before._id : id };
      for (const [k, v] of Object.entries(replacement)) if (k !== '_id') after[k] = v;
      if (!before) {
        if (!options.upsert) return { matched: 0, modified: 0, upsertedId: null };
        s.insert(cs, id, after);
        return { matched: 0, modified: 0, upsertedId: id };
      }
      if (encodeDoc(before) === encodeDoc(after)) return { matched: 1, modified: 0, upsertedId: null };
      s.write(cs, id, before, after);
      return { matched: 1, modified: 1, upsertedId: null };
    });
  }

  /** Remove the matching documents; returns how many were removed. */
  deleteMany(collection: string, filter: Filter, options: MultiWriteOptions = {}): number {
    const cs = this.requireCollection(collection);
    return this.mutate(options.txId, (s) => {
      let deleted = 0;
      for (const id of this.matchIds(s, cs, filter, options.multi === false ? 1 : undefined)) {
        const before = s.read(cs, id);
        if (before) {
          s.write(cs, id, before, null);
          deleted++;
        }
      }
      return deleted;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Transactions

  startTransaction(): string {
    const now = Date.now();
    for (const [id, tx] of this.transactions) if (now - tx.startedAt > TX_TTL_MS) this.transactions.delete(id);
    const id = newId();
    this.transactions.set(id, { startedAt: now, reads: new Map(), writes: new Map() });
    return id;
  }

  /** Validate the transaction's reads and apply its writes atomically; throws DATABASE_TRANSACTION_CONFLICT. */
  commitTransaction(txId: string): void {
    const tx = this.transaction(txId);
    this.transactions.delete(txId);
    this.db.transaction(() => {
      for (const [name, reads] of tx.reads) {
        const cs = this.collections.get(name);
        for (const [id, text] of reads) {
          if ((cs?.get.get(id) ?? null) !== text) {
            throw new StoreError('DATABASE_TRANSACTION_CONFLICT', `document ${name}/${id} changed during the transaction`);
          }
        }
      }
      for (const [name, writes] of tx.writes) {
        // Writes under a transaction created their collection already (no DDL inside the commit).
        const cs = this.requireCollection(name);
        for (const [id, after] of writes) {
          const before = this.direct.read(cs, id);
          if (before || after) this.writeDoc(cs, id, before, after);
        }
      }
    })();
  }

  abortTransaction(txId: string): void {
    this.transaction(txId);
    this.transactions.delete(txId);
  }

  // -------------------------------------------------------------------------------------------
  // Collections and indexes

  private requireCollection(name: string): CollectionState {
    const cs = this.collections.get(name);
    if (cs) return cs;
    throw new StoreError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist`);
  }

  /** CloudBase creates undeclared collections on first write; they get no secondary index. */
  private ensureCollection(name: string): CollectionState {
    const cs = this.collections.get(name);
    if (cs) return cs;
    if (name.length === 0) throw new StoreError('INVALID_PARAM', 'collection name is empty');
    return this.db.transaction(() => this.openCollection(name, []))();
  }

  private openCollection(name: string, decls: readonly IndexDecl[]): CollectionState {
    const table = quote(`c:${name}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID`);
    const cs: CollectionState = {
      name,
      table,
      primary: { name: '_id', table, columns: ['_id'], dirs: [1], multikey: new Set(), primary: true },
      indexes: [],
      get: this.db.prepare<[string], string>(`SELECT doc FROM ${table} WHERE _id = ?`).pluck(),
      insert: this.db.prepare(`INSERT INTO ${table} (_id, doc) VALUES (?, ?)`),
      update: this.db.prepare(`UPDATE ${table} SET doc = ? WHERE _id = ?`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE _id = ?`),
    };
    this.collections.set(name, cs);

    const stored = new Map(
      this.db
        .prepare<[string], { name: string; spec: string; multikey: string }>('SELECT name, spec, multikey FROM _indexes WHERE coll = ?')
        .all(name)
        .map((r) => [r.name, r]),
    );
    for (const decl of decls) {
      const spec = JSON.stringify({ format: INDEX_FORMAT, fields: decl.fields, unique: decl.unique === true });
      const row = stored.get(decl.name);
      const fresh = row?.spec !== spec;
      const multikey: number[] = fresh ? [] : (JSON.parse(row.multikey) as number[]);
      const ix = this.openIndex(name, decl, fresh, multikey);
      cs.indexes.push(ix);
      if (fresh) {
        this.db
          .prepare('INSERT OR REPLACE INTO _indexes (coll, name, spec, multikey) VALUES (?, ?, ?, ?)')
          .run(name, decl.name, spec, '[]');
        this.backfill(cs, ix);
      }
      stored.delete(decl.name);
    }
    // Indexes no longer declared: their tables would only slow writes down.
    for (const gone of stored.keys()) {
      this.db.exec(`DROP TABLE IF EXISTS ${quote(`x:${name}:${gone}`)}`);
      this.db.prepare('DELETE FROM _indexes WHERE coll = ? AND name = ?').run(name, gone);
    }
    return cs;
  }

  private openIndex(collection: string, decl: IndexDecl, rebuild: boolean, multikey: number[]): IndexState {
    const table = quote(`x:${collection}:${decl.name}`);
    const n = decl.fields.length;
    const keyCols = decl.fields.map((_, i) => `k${i}`);
    if (rebuild) {
      this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      // The table is its own index: a WITHOUT ROWID table is one B-tree ordered by its primary key,
      // so an entry costs one B-tree insert, not a table row plus an index entry. Key columns have
      // no declared type: SQLite then stores and compares values exactly as bound.
      const order = decl.fields.map(([, dir], i) => `k${i} ${dir === -1 ? 'DESC' : 'ASC'}`);
      const cols = keyCols.map((c) => `${c} NOT NULL`).join(', ');
      this.db.exec(`CREATE TABLE ${table} (${cols}, _id TEXT NOT NULL, PRIMARY KEY (${order.join(', ')}, _id)) WITHOUT ROWID`);
    }
    const keyMatch = keyCols.map((c) => `${c} = ?`).join(' AND ');
    return {
      name: decl.name,
      table,
      columns: [...decl.fields.map(([path]) => path), '_id'],
      dirs: [...decl.fields.map(([, dir]) => dir), 1],
      multikey: new Set(multikey),
      primary: false,
      unique: decl.unique === true,
      segments: decl.fields.map(([path]) => path.split('.')),
      insert: this.db.prepare(`INSERT INTO ${table} (${keyCols.join(', ')}, _id) VALUES (${'?, '.repeat(n)}?)`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE ${keyMatch} AND _id = ?`),
      probe: decl.unique
        ? this.db.prepare<unknown[], string>(`SELECT _id FROM ${table} WHERE ${keyMatch} AND _id <> ? LIMIT 1`).pluck()
        : null,
    };
  }

  /** Index the documents already stored (a new or changed declaration). */
  private backfill(cs: CollectionState, ix: IndexState): void {
    for (const doc of this.scan(cs, { kind: 'scan' })) this.syncIndex(cs, ix, docKey(doc._id), null, doc);
  }

  /**
   * The index entries (key tuples) of a document, without duplicates. At most one field may hold an
   * array (MongoDB refuses to index "parallel arrays"), so the tuples are that field's distinct
   * values combined with the other fields' single values; array fields are recorded as multikey.
   */
  private entries(cs: CollectionState, ix: IndexState, doc: Doc): IndexKey[][] {
    const perField: IndexKey[][] = [];
    let arrayCol = -1;
    ix.segments.forEach((segments, col) => {
      const found = { values: [] as unknown[], array: false };
      collectValues(doc, segments, 0, found);
      if (found.array) {
        if (arrayCol >= 0) {
          const names = `${ix.columns[arrayCol]}, ${ix.columns[col]}`;
          throw new StoreError('DATABASE_REQUEST_FAILED', `cannot index parallel arrays [${names}] in index ${ix.name} of ${cs.name}`);
        }
        arrayCol = col;
      }
      const keys = found.values.map(encodeIndexKey);
      perField.push(keys.length > 1 ? [...new Map(keys.map((k) => [keyTupleId([k]), k])).values()] : keys);
    });
    if (arrayCol >= 0 && !ix.multikey.has(arrayCol)) {
      ix.multikey.add(arrayCol);
      this.saveMultikey.run(JSON.stringify([...ix.multikey]), cs.name, ix.name);
    }
    if (arrayCol < 0) return [perField.map((keys) => keys[0])];
    return perField[arrayCol].map((k) => perField.map((keys, col) => (col === arrayCol ? k : keys[0])));
  }

  /** Add one index entry, refusing a duplicate key in a unique index. */
  private addEntry(cs: CollectionState, ix: IndexState, id: string, keys: IndexKey[], doc: Doc): void {
    if (ix.probe && ix.probe.get(...keys, id) !== undefined) {
      const shown = ix.columns.slice(0, -1).map((path) => `${path}: ${encodeValue(valueAt(doc, path))}`);
      throw duplicateError(cs.name, ix.name, shown.join(', '));
    }
    ix.insert.run(...keys, id);
  }

  /** Bring one index's rows for a document from `before` to `after` (either may be null). */
  private syncIndex(cs: CollectionState, ix: IndexState, id: string, before: Doc | null, after: Doc | null): void {
    const next = after ? this.entries(cs, ix, after) : [];
    let added = next;
    if (before) {
      // Only the entries that differ are written: most updates leave an index untouched.
      const old = new Map(this.entries(cs, ix, before).map((keys) => [keyTupleId(keys), keys]));
      added = [];
      for (const keys of next) if (!old.delete(keyTupleId(keys))) added.push(keys);
      for (const keys of old.values()) ix.remove.run(...keys, id);
    }
    if (after) for (const keys of added) this.addEntry(cs, ix, id, keys, after);
  }

  /** Write a document row and its index rows; runs inside the caller's SQLite transaction. */
  private writeDoc(cs: CollectionState, id: string, before: Doc | null, after: Doc | null): void {
    if (after && !before) {
      try {
        cs.insert.run(id, encodeDoc(after));
      } catch (e) {
        if (isPrimaryKeyViolation(e)) throw duplicateError(cs.name, '_id_', `_id: ${JSON.stringify(id)}`);
        throw e;
      }
    } else if (after) {
      cs.update.run(encodeDoc(after), id);
    } else {
      cs.remove.run(id);
    }
    for (const ix of cs.indexes) this.syncIndex(cs, ix, id, before, after);
  }

  // -------------------------------------------------------------------------------------------
  // Query execution

  private plan(cs: CollectionState, filter: Filter, sort: SortSpec | undefined): Plan<AnyIndex> {
    return planQuery<AnyIndex>([cs.primary, ...cs.indexes], filter, sort);
  }

  private statement<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_MAX) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    // The cache is keyed by SQL text; callers name the parameter and row types of their statement.
    return stmt as Statement<P, R>;
  }

  /**
   * SQL over an index plan: `page` reads the requested page of ids (or documents, for the primary
   * key) in the requested order; `candidates` lists every id the terms select; `count` counts them.
   */
  private indexSql(
    plan: IndexPlan<AnyIndex>,
    mode: 'page' | 'candidates' | 'count',
    page: { skip: number; limit: number } = { skip: 0, limit: -1 },
  ): { sql: string; params: unknown[] } {
    const index = plan.index;
    const column = (col: number): string => (col === index.columns.length - 1 ? '_id' : `k${col}`);
    const { where, params } = termsSql(plan, column);
    const from = `FROM ${index.table} WHERE ${where}`;
    if (mode === 'count') return { sql: `SELECT COUNT(*) ${from}`, params };
    const selected = index.primary ? 'doc' : plan.exact ? '_id' : 'DISTINCT _id';
    if (mode === 'candidates') return { sql: `SELECT ${selected} ${from}`, params };
    const order = (plan.orderBy ?? []).map(([col, dir]) => `${column(col)} ${dir === 1 ? 'ASC' : 'DESC'}`);
    const orderSql = order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
    return { sql: `SELECT ${selected} ${from}${orderSql} LIMIT ? OFFSET ?`, params: [...params, page.limit, page.skip] };
  }

  private queryPlan(sql: string, params: unknown[]): string[] {
    return this.db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => r.detail);
  }

  /** Documents the plan's SQL selects, before the matcher: a superset of the matches. */
  private *candidates(cs: CollectionState, plan: Plan<AnyIndex>): Generator<Doc> {
    if (plan.kind === 'scan' || plan.index.primary) {
      yield* this.scan(cs, plan);
      return;
    }
    const { sql, params } = this.indexSql(plan, 'candidates');
    // Read every id first: the connection cannot run the document lookups while a statement is open.
    for (const id of this.statement<unknown[], string>(sql)
      .pluck()
      .all(...params)) {
      const text = cs.get.get(id);
      if (text !== undefined) yield decodeDoc(text);
    }
  }

  /** A full scan, or a primary-key range scan, as one statement that reads the next page after an `_id`. */
  private scanSql(cs: CollectionState, plan: Plan<AnyIndex>): { sql: string; params: unknown[] } {
    const { where, params } = plan.kind === 'index' ? termsSql(plan, () => '_id') : { where: '', params: [] };
    const condition = where ? `${where} AND ` : '';
    return { sql: `SELECT doc FROM ${cs.table} WHERE ${condition}_id > ? ORDER BY _id LIMIT ${SCAN_PAGE}`, params };
  }

  /**
   * Read documents in `_id` order, a page per statement: a page through `all()` costs a third of
   * `iterate()` per row, and no statement stays open while the caller works on a page.
   */
  private *scan(cs: CollectionState, plan: Plan<AnyIndex>): Generator<Doc> {
    const { sql, params } = this.scanSql(cs, plan);
    const page = this.statement<unknown[], string>(sql).pluck();
    let after = '';
    for (;;) {
      const docs = page.all(...params, after).map(decodeDoc);
      yield* docs;
      if (docs.length < SCAN_PAGE) return;
      after = docKey(docs[docs.length - 1]._id);
    }
  }

  /** The matching documents, sorted and paged, without projection and outside any transaction. */
  private findDocs(cs: CollectionState, filter: Filter, opts: FindOptions): Doc[] {
    const skip = opts.skip ?? 0;
    const plan = this.plan(cs, filter, opts.sort);
    if (plan.kind === 'index' && plan.exact && plan.orderBy !== null) {
      const { sql, params } = this.indexSql(plan, 'page', { skip, limit: opts.limit ?? -1 });
      const rows = this.statement<unknown[], string>(sql)
        .pluck()
        .all(...params);
      if (plan.index.primary) return rows.map(decodeDoc);
      const docs: Doc[] = [];
      for (const id of rows) {
        const text = cs.get.get(id);
        if (text !== undefined) docs.push(decodeDoc(text));
      }
      return docs;
    }
    // An exact plan's SQL already selects exactly the matches: the matcher would only cost time
    // (mingo's `$in` builds a set of the whole list for every document it tests).
    const query = plan.kind === 'index' && plan.exact ? null : new Query(filter);
    const sorted = opts.sort !== undefined && Object.keys(opts.sort).length > 0;
    // Unsorted, the first skip + limit matches are the answer: stop reading there.
    const enough = !sorted && opts.limit !== undefined ? skip + opts.limit : Infinity;
    const matches: Doc[] = [];
    for (const doc of this.candidates(cs, plan)) {
      if (query && !query.test(doc)) continue;
      matches.push(doc);
      if (matches.length >= enough) break;
    }
    return this.sortAndPage(matches, opts);
  }

  private sortAndPage(docs: Doc[], opts: FindOptions): Doc[] {
    const skip = opts.skip ?? 0;
    if (!opts.sort || Object.keys(opts.sort).length === 0) {
      return docs.slice(skip, opts.limit === undefined ? undefined : skip + opts.limit);
    }
    let cursor = new Query({}).find<Doc>(docs).sort(opts.sort).skip(skip);
    if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
    return cursor.all();
  }

  /** Ids of the matching documents as the session sees them. */
  private matchIds(s: Session, cs: CollectionState, filter: Filter, limit: number | undefined): string[] {
    return s.find(cs, filter, { limit }).map((d) => docKey(d._id));
  }

  private updateOne(s: Session, cs: CollectionState, id: string, operators: Doc): boolean {
    const before = s.read(cs, id);
    if (!before) return false;
    const after = cloneDoc(before);
    if (!applyUpdate(after, operators)) return false;
    if (docKey(after._id) !== id) throw new StoreError('INVALID_PARAM', 'the _id of a document cannot be changed');
    s.write(cs, id, before, after);
    return true;
  }

  /** Run a write directly in one SQLite transaction, or against a transaction's buffer. */
  private mutate<T>(txId: string | undefined, fn: (s: Session) => T): T {
    if (txId) return fn(this.inTransaction(txId));
    return this.db.transaction(() => fn(this.direct))();
  }

  // -------------------------------------------------------------------------------------------
  // Transaction sessions

  private transaction(txId: string): TxState {
    const tx = this.transactions.get(txId);
    if (!tx) throw new StoreError('DATABASE_REQUEST_FAILED', `transaction ${txId} does not exist (committed, rolled back or expired)`);
    return tx;
  }

  private inTransaction(txId: string): Session {
    const tx = this.transaction(txId);
    const bucket = <V>(map: Map<string, Map<string, V>>, name: string): Map<string, V> => {
      let m = map.get(name);
      if (!m) map.set(name, (m = new Map()));
      return m;
    };
    const read = (cs: CollectionState, id: string): Doc | null => {
      const written = tx.writes.get(cs.name)?.get(id);
      if (written !== undefined) return written && cloneDoc(written);
      const text = cs.get.get(id) ?? null;
      const reads = bucket(tx.reads, cs.name);
      if (!reads.has(id)) reads.set(id, text);
      return text === null ? null : decodeDoc(text);
    };
    return {
      read,
      // Buffered documents are private copies: the caller's objects may change before the commit.
      insert: (cs, id, doc) => {
        if (read(cs, id)) throw duplicateError(cs.name, '_id_', `_id: ${JSON.stringify(id)}`);
        bucket(tx.writes, cs.name).set(id, cloneDoc(doc));
      },
      write: (cs, id, _before, after) => {
        bucket(tx.writes, cs.name).set(id, after && cloneDoc(after));
      },
      find: (cs, filter, opts) => {
        // A lookup by id is a document read: recorded, so commit can detect a concurrent change.
        const keys = Object.keys(filter);
        const id = filter._id;
        if (keys.length === 1 && typeof id === 'string') {
          const doc = read(cs, id);
          return doc ? this.sortAndPage([doc], opts) : [];
        }
        const overlay = tx.writes.get(cs.name);
        if (!overlay || overlay.size === 0) return this.findDocs(cs, filter, opts);
        // Enough stored matches that, after dropping those this transaction rewrote, a page remains.
        const limit = opts.limit === undefined ? undefined : (opts.skip ?? 0) + opts.limit + overlay.size;
        const merged = this.findDocs(cs, filter, { sort: opts.sort, limit }).filter((d) => !overlay.has(docKey(d._id)));
        const query = new Query(filter);
        for (const doc of overlay.values()) if (doc && query.test(doc)) merged.push(cloneDoc(doc));
        return this.sortAndPage(merged, opts);
      },
    };
  }
}

/** How often the background connection checkpoints the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * A worker thread that checkpoints the WAL from its own connection (PASSIVE: never blocks writers).
 * Plain JavaScript evaluated in the worker, so it runs the same under tsx, jest and a bundle.
 */
function startCheckpointer(file: string): Worker {
  const code = `
    const { workerData } = require('worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 100');
    setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* busy: next time */ }
    }, workerData.everyMs);
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { file, module: require.resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.unref();
  worker.on('error', (e) => console.error('[store] checkpointer failed:', e));
  return worker;
}
