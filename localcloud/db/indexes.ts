/**
 * Index maintenance: the side tables of a collection's declared indexes, kept in step with its documents.
 *
 * - `"x:<collection>:<index>"(k0 … kn-1, _id)`: one side table per declared index, a WITHOUT ROWID
 *   table whose primary key is (k0 … kn-1, _id) in the declared directions. A document has one row
 *   per index entry: an array field gives one row per element (multikey), a missing field gives
 *   NULL_KEY (codec.ts); keys are encoded by `encodeIndexKey` (strings compactly), `_id` is the id's text. Rows are maintained in the same SQLite transaction as the document row, so
 *   an index is never out of step with the data;
 * - `_indexes`: the index declarations the side tables were built from, and which of their fields
 *   have been seen holding arrays (multikey), so a changed declaration rebuilds its table on open.
 *
 * The planner reads an index through its IndexView (columns, directions, multikey columns).
 */
import type Database from 'better-sqlite3';
import type { IndexDecl } from '../../cloudfunctions/common/collections';
import { encodeIndexKey, encodeValue, isPlainObject, keyTupleId, type Doc, type IndexKey } from './codec';
import { docKey, quote, type Statement } from './collection';
import { duplicateError, StoreError } from './errors';
import type { IndexView } from './planner';

/** A declared index with its side table and statements. */
export interface IndexState extends IndexView {
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

/**
 * Version of the index table layout and key encoding: a stored index of another version is rebuilt
 * on open. 3: string keys in the compact order-preserving code (codec.ts `encodeKeyString`) instead of
 * TEXT: the rows of queue_items' indexes went from 144 to 120 bytes (sort keys and ids take about two
 * thirds of their text), its side tables from 3.1 to 2.5 KB per document.
 */
const INDEX_FORMAT = 3;

/** Values a document holds at a dotted path the way MongoDB indexes them: arrays along the path fan out. */
function collectValues(value: unknown, segments: readonly string[], depth: number, out: ColumnValues): void {
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

/** The index side tables of one database; every method runs inside the caller's SQLite transaction. */
export class Indexes {
  private readonly saveMultikey: Statement<[string, string, string]>;

  constructor(private readonly db: Database.Database) {
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS _indexes (coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,
         multikey TEXT NOT NULL, PRIMARY KEY (coll, name)) WITHOUT ROWID`,
    );
    this.saveMultikey = this.db.prepare('UPDATE _indexes SET multikey = ? WHERE coll = ? AND name = ?');
  }

  /**
   * Open a collection's indexes as declared. A new or changed declaration (re)builds its table from
   * the documents `stored()` yields; the tables of indexes no longer declared are dropped.
   */
  open(collection: string, decls: readonly IndexDecl[], stored: () => Iterable<Doc>): IndexState[] {
    const indexes: IndexState[] = [];
    const rows = new Map(
      this.db
        .prepare<[string], { name: string; spec: string; multikey: string }>('SELECT name, spec, multikey FROM _indexes WHERE coll = ?')
        .all(collection)
        .map((r) => [r.name, r]),
    );
    for (const decl of decls) {
      const spec = JSON.stringify({ format: INDEX_FORMAT, fields: decl.fields, unique: decl.unique === true });
      const row = rows.get(decl.name);
      const fresh = row?.spec !== spec;
      const multikey: number[] = fresh ? [] : (JSON.parse(row.multikey) as number[]);
      const ix = this.openIndex(collection, decl, fresh, multikey);
      indexes.push(ix);
      if (fresh) {
        this.db
          .prepare('INSERT OR REPLACE INTO _indexes (coll, name, spec, multikey) VALUES (?, ?, ?, ?)')
          .run(collection, decl.name, spec, '[]');
        for (const doc of stored()) this.syncIndex(collection, ix, docKey(doc._id), null, doc);
      }
      rows.delete(decl.name);
    }
    // Indexes no longer declared: their tables would only slow writes down.
    for (const gone of rows.keys()) {
      this.db.exec(`DROP TABLE IF EXISTS ${quote(`x:${collection}:${gone}`)}`);
      this.db.prepare('DELETE FROM _indexes WHERE coll = ? AND name = ?').run(collection, gone);
    }
    return indexes;
  }

  /** Bring every index's rows for a document from `before` to `after` (either may be null). */
  sync(collection: string, indexes: readonly IndexState[], id: string, before: Doc | null, after: Doc | null): void {
    for (const ix of indexes) this.syncIndex(collection, ix, id, before, after);
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

  /** The values a document holds at each of the index's fields (arrays fanned out), before any encoding. */
  private columnValues(ix: IndexState, doc: Doc): ColumnValues[] {
    return ix.segments.map((segments) => {
      const found: ColumnValues = { values: [], array: false };
      collectValues(doc, segments, 0, found);
      return found;
    });
  }

  /**
   * The index entries (key tuples) of a document, without duplicates. At most one field may hold an
   * array (MongoDB refuses to index "parallel arrays"), so the tuples are that field's distinct
   * values combined with the other fields' single values; array fields are recorded as multikey.
   */
  private entries(collection: string, ix: IndexState, columns: ColumnValues[]): IndexKey[][] {
    const perField: IndexKey[][] = [];
    let arrayCol = -1;
    columns.forEach((found, col) => {
      if (found.array) {
        if (arrayCol >= 0) {
          const names = `${ix.columns[arrayCol]}, ${ix.columns[col]}`;
          throw new StoreError('DATABASE_REQUEST_FAILED', `cannot index parallel arrays [${names}] in index ${ix.name} of ${collection}`);
        }
        arrayCol = col;
      }
      const keys = found.values.map(encodeIndexKey);
      perField.push(keys.length > 1 ? [...new Map(keys.map((k) => [keyTupleId([k]), k])).values()] : keys);
    });
    if (arrayCol >= 0 && !ix.multikey.has(arrayCol)) {
      ix.multikey.add(arrayCol);
      this.saveMultikey.run(JSON.stringify([...ix.multikey]), collection, ix.name);
    }
    if (arrayCol < 0) return [perField.map((keys) => keys[0])];
    return perField[arrayCol].map((k) => perField.map((keys, col) => (col === arrayCol ? k : keys[0])));
  }

  /** Add one index entry, refusing a duplicate key in a unique index. */
  private addEntry(collection: string, ix: IndexState, id: string, keys: IndexKey[], doc: Doc): void {
    if (ix.probe && ix.probe.get(...keys, id) !== undefined) {
      const shown = ix.columns.slice(0, -1).map((path) => `${path}: ${encodeValue(valueAt(doc, path))}`);
      throw duplicateError(collection, ix.name, shown.join(', '));
    }
    ix.insert.run(...keys, id);
  }

  /** Bring one index's rows for a document from `before` to `after` (either may be null). */
  private syncIndex(collection: string, ix: IndexState, id: string, before: Doc | null, after: Doc | null): void {
    const nextValues = after ? this.columnValues(ix, after) : null;
    const prevValues = before ? this.columnValues(ix, before) : null;
    // Most updates leave most indexes untouched: their fields hold the same values, nothing to encode or write.
    if (prevValues && nextValues && sameColumnValues(prevValues, nextValues)) return;
    const next = nextValues ? this.entries(collection, ix, nextValues) : [];
    let added = next;
    if (prevValues) {
      // Only the entries that differ are written.
      const old = new Map(this.entries(collection, ix, prevValues).map((keys) => [keyTupleId(keys), keys]));
      added = [];
      for (const keys of next) if (!old.delete(keyTupleId(keys))) added.push(keys);
      for (const keys of old.values()) ix.remove.run(...keys, id);
    }
    if (after) for (const keys of added) this.addEntry(collection, ix, id, keys, after);
  }
}

interface ColumnValues {
  values: unknown[];
  array: boolean;
}

/** The same indexed value: primitives by identity (NaN too), Dates by time, anything else by its stored form. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return encodeValue(a) === encodeValue(b);
}

function sameColumnValues(a: ColumnValues[], b: ColumnValues[]): boolean {
  for (let col = 0; col < a.length; col++) {
    const x = a[col];
    const y = b[col];
    if (x.array !== y.array || x.values.length !== y.values.length) return false;
    for (let i = 0; i < x.values.length; i++) if (!sameValue(x.values[i], y.values[i])) return false;
  }
  return true;
}
