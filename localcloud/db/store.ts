/**
 * DocumentStore: an embedded, durable MongoDB-style document store on SQLite (better-sqlite3).
 *
 * One SQLite file in WAL mode holds a table `"c:<collection>"(_id TEXT PRIMARY KEY, doc TEXT)` per
 * collection, one row per document, the document as JSON with Dates tagged `{"$date": ms}` (see
 * codec.ts), and beside it the side tables of the declared indexes (indexes.ts). This file keeps
 * the public API and query execution; index maintenance, transactions and the WAL checkpointer are
 * in indexes.ts, transactions.ts and checkpointer.ts.
 *
 * Queries go through planner.ts. When a plan is exact (SQL selects exactly the matching documents,
 * each once) and the sort is over index columns, filter, ORDER BY, OFFSET and LIMIT all run in
 * SQLite and only the returned page of documents is read. Otherwise SQL narrows the candidates and
 * a matcher filters them (matcher.ts for the common operators, mingo for the rest), mingo sorts and
 * pages them (a full scan when no index applies). Update operators and aggregation pipelines are
 * mingo's, but for `$lookup` (lookup.ts), `$limit` and `$skip`.
 *
 * Durability: every write method commits its SQLite transaction before returning; nothing is cached
 * in memory, so a write acknowledged to a caller survives `kill -9`. `synchronous = NORMAL` (the
 * default) may lose the last commits on power loss, `durability: 'full'` fsyncs every commit.
 * Writes under a transaction id are the exception: they are buffered until the commit.
 */
import Database from 'better-sqlite3';
import { Aggregator, Query, update as applyMingoUpdate } from 'mingo';
// Registers every mingo operator in its global context, which Query and Aggregator fall back to:
// `$expr` expressions and all pipeline stages then work. (Passing a full context per query instead
// costs ~0.5 ms a query: mingo copies the context on every construction.)
import 'mingo/init/system';
import type { UpdateExpression } from 'mingo/updater';
import type { Worker } from 'worker_threads';
import type { CollectionDecl, IndexDecl } from '../../cloudfunctions/common/collections';
import { retryingBusy } from './busy';
import { startCheckpointer, WalGuard } from './checkpointer';
import { cloneDoc, decodeDoc, encodeDoc, isPlainObject, type Doc } from './codec';
import { docKey, newId, quote, type CollectionState, type PrimaryView, type Statement } from './collection';
import { duplicateError, StoreError } from './errors';
import { Indexes, type IndexState } from './indexes';
import { lookup, type LookupHost } from './lookup';
import { compileMatcher } from './matcher';
import { planQuery, termsSql, type IndexPlan, type Plan, type SortSpec } from './planner';
import { Transactions, type Session } from './transactions';

export type { Doc } from './codec';
export type { SortSpec } from './planner';
export { StoreError, type StoreErrorCode } from './errors';

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

type AnyIndex = IndexState | PrimaryView;

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

/**
 * better-sqlite3's native part builds its errors with the SqliteError class of the first module
 * registry that loaded it (jest has one per test file), so `instanceof` is not reliable: look at the code.
 */
function isPrimaryKeyViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The test of a filter: the small matcher (matcher.ts) where it answers, mingo's `Query` otherwise. */
function matcherOf(filter: Filter): (doc: Doc) => boolean {
  const small = compileMatcher(filter);
  let query: Query | null = null;
  const mingo = (doc: Doc) => (query ??= new Query(filter)).test(doc);
  if (!small) return mingo;
  return (doc) => small(doc) ?? mingo(doc);
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
  private readonly statements = new Map<string, Statement>();
  private readonly indexes: Indexes;
  private readonly direct: Session;
  private readonly transactions: Transactions;
  private readonly checkpointer: Worker | null = null;
  private readonly walGuard: WalGuard | null = null;

  constructor(options: DocumentStoreOptions) {
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // A memory database has no WAL to checkpoint.
    if (options.file !== ':memory:') {
      this.checkpointer = startCheckpointer(this.db, options.file);
      this.walGuard = new WalGuard(this.db, options.file);
    }
    // SQLite's own default of 2 MiB page cache, on purpose: every commit ends with a truncation of the
    // page cache (pcache1TruncateUnsafe) that walks the cache's whole hash table, so a big cache costs
    // every write — at 100,000 persons an insert took 520 µs of CPU with 64 MiB and 260 µs with 2 MiB.
    // Reads lose little: the pages stay in the OS page cache (a copy of 4 KB).
    this.db.pragma('cache_size = -2000');
    this.indexes = new Indexes(this.db);
    this.direct = {
      read: (cs, id) => {
        const text = cs.get.get(id);
        return text === undefined ? null : decodeDoc(text);
      },
      insert: (cs, id, doc) => this.writeDoc(cs, id, null, doc),
      write: (cs, id, before, after) => this.writeDoc(cs, id, before, after),
      find: (cs, filter, opts) => this.findDocs(cs, filter, opts),
    };
    this.transactions = new Transactions({
      db: this.db,
      collections: this.collections,
      requireCollection: (name) => this.requireCollection(name),
      direct: this.direct,
      sortAndPage: (docs, opts) => this.sortAndPage(docs, opts),
    });

    const stored = this.db
      .prepare<[], string>("SELECT substr(name, 3) FROM sqlite_master WHERE type = 'table' AND name LIKE 'c:%'")
      .pluck()
      .all();
    this.db
      .transaction(() => {
        for (const decl of options.collections) this.openCollection(decl.name, decl.indexes);
        for (const name of stored) if (!this.collections.has(name)) this.openCollection(name, []);
      })
      .immediate();
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
    this.db.transaction(() => this.openCollection(name, [])).immediate();
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  find(collection: string, filter: Filter = {}, options: FindOptions = {}): Doc[] {
    const cs = this.requireCollection(collection);
    const docs = options.txId ? this.transactions.session(options.txId).find(cs, filter, options) : this.findDocs(cs, filter, options);
    return options.projection && Object.keys(options.projection).length > 0
      ? new Query({}).find<Doc>(docs, options.projection).all()
      : docs;
  }

  count(collection: string, filter: Filter = {}): number {
    const cs = this.requireCollection(collection);
    const plan = this.plan(cs, filter, undefined);
    if (plan.kind === 'index' && (plan.exact || (plan.covered && !plan.index.primary))) {
      const { sql, params } = this.indexSql(plan, 'count');
      return (
        this.statement<unknown[], number>(sql)
          .pluck()
          .get(...params) ?? 0
      );
    }
    const test = matcherOf(filter);
    let n = 0;
    for (const doc of this.candidates(cs, plan)) if (test(doc)) n++;
    return n;
  }

  /**
   * Run an aggregation pipeline. A leading `$match` (and a `$sort` / `$skip` / `$limit` right after
   * it) is answered like `find`, through the indexes; `$lookup` stages are answered through the
   * planner too (lookup.ts: a join reads only what it joins); mingo runs the other stages.
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

    let docs = this.findDocs(cs, filter, opts);
    // The rest, stage by stage: `$lookup`, `$limit` and `$skip` here, runs of other stages by mingo
    // (a `$lookup` nested in one of those, in a `$facet`, still reads its whole collection).
    let segment: Doc[] = [];
    const runSegment = () => {
      if (segment.length === 0) return;
      const aggregator = new Aggregator(segment, { collectionResolver: (name) => this.findDocs(this.requireCollection(name), {}, {}) });
      docs = aggregator.run(docs);
      segment = [];
    };
    for (const s of pipeline.slice(i)) {
      const [name, arg] = Object.keys(s).length === 1 ? Object.entries(s)[0] : ['', undefined];
      if (name === '$lookup') {
        runSegment();
        docs = lookup(this.lookupHost, docs, arg);
      } else if ((name === '$limit' || name === '$skip') && typeof arg === 'number' && Number.isInteger(arg) && arg >= 0) {
        runSegment();
        docs = name === '$limit' ? docs.slice(0, arg) : docs.slice(arg);
      } else segment.push(s);
    }
    runSegment();
    return docs;
  }

  /** What `$lookup` reads through: the planner, with a missing collection read as empty (as MongoDB does). */
  private readonly lookupHost: LookupHost = {
    find: (name, filter) => {
      const cs = this.collections.get(name);
      return cs ? this.findDocs(cs, filter, {}) : [];
    },
    aggregate: (name, pipeline) => (this.collections.has(name) ? this.aggregate(name, pipeline) : []),
  };

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
      // Outside a transaction the documents just found (in this same SQLite transaction) are the
      // stored ones: no need to read them again. A transaction's reads go through its session.
      const direct = s === this.direct;
      for (const doc of s.find(cs, filter, { limit: options.multi === false ? 1 : undefined })) {
        if (this.updateOne(s, cs, docKey(doc._id), operators, direct ? doc : null)) result.modified++;
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
    return this.transactions.start();
  }

  /** Validate the transaction's reads and apply its writes atomically; throws DATABASE_TRANSACTION_CONFLICT. */
  commitTransaction(txId: string): void {
    this.transactions.commit(txId);
    this.walGuard?.afterCommit();
  }

  abortTransaction(txId: string): void {
    this.transactions.abort(txId);
  }

  // -------------------------------------------------------------------------------------------
  // Collections

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
    return this.db.transaction(() => this.openCollection(name, [])).immediate();
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
    cs.indexes = this.indexes.open(name, decls, () => this.scan(cs, { kind: 'scan' }));
    return cs;
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
    this.indexes.sync(cs.name, cs.indexes, id, before, after);
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
    if (mode === 'count') return { sql: `SELECT COUNT(${plan.exact ? '*' : 'DISTINCT _id'}) ${from}`, params };
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
    // An exact (or covered: distinct ids) plan's SQL already selects exactly the matches: the
    // matcher would only cost time (mingo's `$in` builds a set of the whole list for every document
    // it tests, and compiling a filter costs more than reading a document by id).
    const test = plan.kind === 'index' && (plan.exact || plan.covered) ? null : matcherOf(filter);
    const sorted = opts.sort !== undefined && Object.keys(opts.sort).length > 0;
    // Unsorted, the first skip + limit matches are the answer: stop reading there.
    const enough = !sorted && opts.limit !== undefined ? skip + opts.limit : Infinity;
    const matches: Doc[] = [];
    for (const doc of this.candidates(cs, plan)) {
      if (test && !test(doc)) continue;
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

  private updateOne(s: Session, cs: CollectionState, id: string, operators: Doc, stored: Doc | null = null): boolean {
    const before = stored ?? s.read(cs, id);
    if (!before) return false;
    const after = cloneDoc(before);
    if (!applyUpdate(after, operators)) return false;
    if (docKey(after._id) !== id) throw new StoreError('INVALID_PARAM', 'the _id of a document cannot be changed');
    s.write(cs, id, before, after);
    return true;
  }

  /** Run a write directly in one SQLite transaction, or against a transaction's buffer. */
  private mutate<T>(txId: string | undefined, fn: (s: Session) => T): T {
    if (txId) return fn(this.transactions.session(txId));
    // IMMEDIATE: the write lock is taken (waiting out a checkpoint that holds it, see checkpointer.ts)
    // before the first read, as a deferred transaction could not upgrade to writing then
    const result = retryingBusy(() => this.db.transaction(() => fn(this.direct)).immediate());
    this.walGuard?.afterCommit();
    return result;
  }
}
