/**
 * Query planning: which index answers a MongoDB filter, with which SQL bounds, and whether SQL alone
 * can answer it (filter, order, skip and limit pushed down) or the candidates must still go through
 * the matcher (mingo). Pure functions; the store turns a plan into statements.
 *
 * An index is seen as a SQLite table of key columns `k0…kn-1` plus `_id` (a side table with one row
 * per index entry, or the documents table itself for the primary key). Multikey fields (arrays)
 * give a document one row per element, so a plan is only *exact* when every multikey column is
 * pinned to a single value: then each document appears at most once and SQL COUNT/LIMIT/OFFSET are
 * correct. A plan whose terms express the whole filter but not each document once (`$in` on an
 * array field) is *covered*: its distinct ids are exactly the matches, so the matcher is skipped.
 */
import { encodeIndexKey, isPlainObject, isRangeKey, keyTupleId, keyType, NULL_KEY, typeBracket, type IndexKey, type KeyBound } from './codec';

export type SortSpec = Record<string, 1 | -1>;

/** What the planner needs to know about one index. */
export interface IndexView {
  name: string;
  /** field paths of the key columns; the last one is always `_id` */
  columns: readonly string[];
  dirs: readonly (1 | -1)[];
  /** positions of columns that some document has stored as an array */
  multikey: ReadonlySet<number>;
  /** the documents table itself, keyed by `_id` only */
  primary: boolean;
}

/** One SQL condition on one key column. */
interface Term {
  col: number;
  eq?: IndexKey[];
  lo?: KeyBound;
  hi?: KeyBound;
}

export interface IndexPlan<V extends IndexView = IndexView> {
  kind: 'index';
  index: V;
  terms: Term[];
  /** the terms select exactly the matching documents, each once: the matcher can be skipped, and SQL can count and page */
  exact: boolean;
  /**
   * the terms express the whole filter, but an array column may list a document more than once:
   * `SELECT DISTINCT` gives exactly the matches, still without the matcher
   */
  covered: boolean;
  /** SQL ORDER BY columns realising the requested sort, or null when SQL cannot sort it */
  orderBy: Array<[number, 1 | -1]> | null;
  score: number;
}

export type Plan<V extends IndexView = IndexView> = { kind: 'scan' } | IndexPlan<V>;

/** Conditions a filter puts on one field path, as index keys. */
interface FieldPredicate {
  eq?: IndexKey[];
  /** the values of `eq` as the filter gives them: the `_id` column holds an id's text, not its key */
  eqValues?: unknown[];
  gt?: KeyBound;
  lt?: KeyBound;
  /** the bounds' values as given, for the `_id` column */
  gtValue?: unknown;
  ltValue?: unknown;
  /** the keys above express the whole condition (no $ne, $exists, regex, null…) */
  exact: boolean;
}

interface FilterAnalysis {
  fields: Map<string, FieldPredicate>;
  /** top-level operators ($or, $nor, $expr…) that no index term expresses */
  residual: boolean;
}

/**
 * `$in` lists longer than this are left to the matcher rather than bound as SQL parameters. The
 * functions read by `_id in` in batches of up to 1,000 (CloudBase's page size), which must stay
 * index lookups; SQLite allows 32,766 parameters per statement.
 */
const MAX_IN_KEYS = 1000;

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/**
 * A value an equality can be looked up by. Not null (it matches "missing" too), arrays, objects,
 * regexes, NaN, nor the two numbers sharing a key (-Infinity, -Number.MAX_VALUE: see NULL_KEY).
 */
function eqKey(v: unknown): IndexKey | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) {
    const k = encodeIndexKey(v);
    return k === NULL_KEY || k === -Number.MAX_VALUE ? undefined : k;
  }
  return undefined;
}

/** `eqKey` for the `_id` column, which holds the id's text: strings stay as they are (no key to encode). */
function idKey(v: unknown): IndexKey | undefined {
  return typeof v === 'string' ? v : eqKey(v);
}

/** The conditions on one field; `_id` conditions keep their text (`idKey`), all others become index keys. */
function analyzeCondition(cond: unknown, isId: boolean): FieldPredicate {
  const pred: FieldPredicate = { exact: true };
  const keyOf = isId ? idKey : eqKey;
  const addEq = (values: unknown[]): void => {
    const keys = values.map(keyOf);
    if (pred.eq || keys.length === 0 || keys.length > MAX_IN_KEYS || keys.some((k) => k === undefined)) {
      pred.exact = false;
      return;
    }
    const distinct = new Map<string, [IndexKey, unknown]>();
    (keys as IndexKey[]).forEach((k, i) => distinct.set(keyTupleId([k]), [k, values[i]]));
    pred.eq = [...distinct.values()].map(([k]) => k);
    pred.eqValues = [...distinct.values()].map(([, v]) => v);
  };
  const setBound = (side: 'gt' | 'lt', v: unknown, inclusive: boolean): void => {
    const k = keyOf(v);
    if (k === undefined || !isRangeKey(k) || pred[side]) {
      pred.exact = false;
      return;
    }
    pred[side] = { key: k, inclusive };
    pred[side === 'gt' ? 'gtValue' : 'ltValue'] = v;
  };

  if (!isOperatorObject(cond)) {
    addEq([cond]);
    return pred;
  }
  for (const [op, arg] of Object.entries(cond)) {
    switch (op) {
      case '$eq':
        addEq([arg]);
        break;
      case '$in':
        if (Array.isArray(arg)) addEq(arg);
        else pred.exact = false;
        break;
      case '$gt':
      case '$gte':
        setBound('gt', arg, op === '$gte');
        break;
      case '$lt':
      case '$lte':
        setBound('lt', arg, op === '$lte');
        break;
      default:
        pred.exact = false;
    }
  }
  // MongoDB compares within one type only: `$gt: 5, $lt: 'x'` is not one range.
  if (pred.gt && pred.lt && keyType(pred.gt.key) !== keyType(pred.lt.key)) {
    delete pred.lt;
    pred.exact = false;
  }
  // Equality and range on one field: look up by the equality, let the matcher check the range.
  if (pred.eq && (pred.gt || pred.lt)) {
    delete pred.gt;
    delete pred.lt;
    pred.exact = false;
  }
  return pred;
}

/** Joins a lower and an upper bound given in two `$and` branches into one range; false when they are not that. */
function mergeRange(into: FieldPredicate, other: FieldPredicate): boolean {
  if (!into.exact || !other.exact || into.eq || other.eq) return false;
  const lower = into.gt && !into.lt && other.lt && !other.gt ? [into, other] : other.gt && !other.lt && into.lt && !into.gt ? [other, into] : null;
  if (!lower) return false;
  const [lo, hi] = lower;
  if (keyType(lo.gt!.key) !== keyType(hi.lt!.key)) return false;
  into.gt = lo.gt;
  into.gtValue = lo.gtValue;
  into.lt = hi.lt;
  into.ltValue = hi.ltValue;
  return true;
}

/** Split a filter into per-field conditions; `$and` branches merge in, other top-level operators are residual. */
function analyzeFilter(filter: Record<string, unknown>): FilterAnalysis {
  const out: FilterAnalysis = { fields: new Map(), residual: false };
  const visit = (f: Record<string, unknown>): void => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(cond) && cond.every(isPlainObject)) {
        cond.forEach((branch) => visit(branch));
      } else if (key.startsWith('$')) {
        out.residual = true;
      } else if (out.fields.has(key)) {
        // The same field twice (through $and): `_.gte(a).and(_.lt(b))`, the SDK's one way to write a
        // range, is one range when one branch gives the lower bound and the other the upper; any
        // other pair keeps the first condition for the index and leaves both to the matcher.
        const first = out.fields.get(key);
        if (first && !mergeRange(first, analyzeCondition(cond, key === '_id'))) first.exact = false;
      } else {
        out.fields.set(key, analyzeCondition(cond, key === '_id'));
      }
    }
  };
  visit(filter);
  return out;
}

/** The SQL term for one column, and whether it expresses the field's whole condition. */
function termFor(col: number, pred: FieldPredicate, multikey: boolean, isId: boolean): { term: Term; exact: boolean } | null {
  if (pred.eq) {
    if (!isId) return { term: { col, eq: pred.eq }, exact: pred.exact };
    // `_id` columns hold the id's text: a numeric id is looked up by its text, and the matcher
    // then tells 1 from '1'.
    const values = pred.eqValues ?? [];
    if (!values.every((v) => typeof v === 'string' || typeof v === 'number')) return null;
    const numeric = values.some((v) => typeof v === 'number');
    return { term: { col, eq: values.map(String) }, exact: pred.exact && !numeric };
  }
  if (isId) {
    // Text order is not numeric order: only string ranges on `_id`, bound by the id's text.
    const text = (v: unknown) => typeof v === 'string';
    if ((pred.gt && !text(pred.gtValue)) || (pred.lt && !text(pred.ltValue)) || (!pred.gt && !pred.lt)) return null;
    const bracket = typeBracket('');
    const lo = pred.gt ? { key: pred.gtValue as string, inclusive: pred.gt.inclusive } : bracket.lo;
    const hi = pred.lt ? { key: pred.ltValue as string, inclusive: pred.lt.inclusive } : bracket.hi;
    return { term: { col, lo, hi }, exact: pred.exact };
  }
  const first = pred.gt ?? pred.lt;
  if (!first) return null;
  const bracket = typeBracket(first.key);
  // On an array field `$gt: a, $lt: b` may be satisfied by two different elements: one bound only.
  if (multikey && pred.gt && pred.lt) return { term: { col, lo: pred.gt, hi: bracket.hi }, exact: false };
  return { term: { col, lo: pred.gt ?? bracket.lo, hi: pred.lt ?? bracket.hi }, exact: pred.exact };
}

/** Plan one index, or null when it cannot seek (no condition on its leading column). */
function planIndex<V extends IndexView>(index: V, analysis: FilterAnalysis, sort: Array<[string, 1 | -1]>): IndexPlan<V> | null {
  const terms: Term[] = [];
  const bound = new Set<string>();
  let covered = !analysis.residual;
  let unique = true;
  let prefixEq = 0;
  let prefixRange = false;
  let inPrefix = true;

  index.columns.forEach((path, col) => {
    const multikey = index.multikey.has(col);
    const pred = analysis.fields.get(path);
    // `_id` conditions are kept as text: they bind the trailing `_id` column only
    const isId = path === '_id';
    const t = pred && (!isId || col === index.columns.length - 1) ? termFor(col, pred, multikey, isId) : null;
    if (!t) {
      // An unpinned array column lists a document once per element.
      if (multikey) unique = false;
      inPrefix = false;
      return;
    }
    terms.push(t.term);
    bound.add(path);
    covered &&= t.exact;
    // several values of an array column may each list the same document
    if (multikey && t.term.eq?.length !== 1) unique = false;
    if (inPrefix && t.term.eq) prefixEq++;
    else if (inPrefix) {
      prefixRange = true;
      inPrefix = false;
    }
  });
  if (prefixEq === 0 && !prefixRange) return null;
  for (const path of analysis.fields.keys()) if (!bound.has(path)) covered = false;
  const exact = covered && unique;

  const orderBy = sqlOrder(index, sort);
  let score = 10 * prefixEq + (prefixRange ? 5 : 0) + (covered ? 50 : 0) + (exact ? 50 : 0) + (exact && orderBy ? 200 : 0);
  // A primary-key lookup by `_id` reads at most a handful of documents.
  if (index.primary && terms[0]?.eq) score += 1000;
  return { kind: 'index', index, terms, exact, covered, orderBy, score };
}

/** ORDER BY columns for `sort`, with `_id` as the tie-breaker, or null if a sort field is not a plain column. */
function sqlOrder(index: IndexView, sort: Array<[string, 1 | -1]>): Array<[number, 1 | -1]> | null {
  const idCol = index.columns.length - 1;
  const order: Array<[number, 1 | -1]> = [];
  for (const [path, dir] of sort) {
    const col = index.columns.indexOf(path);
    // MongoDB sorts an array by its smallest/largest element: not something an index row knows.
    if (col < 0 || index.multikey.has(col)) return null;
    order.push([col, dir]);
  }
  const last = order[order.length - 1];
  if (last && last[0] !== idCol) {
    // Break ties by `_id` in the direction the index is being walked, so SQLite can keep using it.
    order.push([idCol, last[1] === index.dirs[last[0]] ? 1 : -1]);
  }
  return order;
}

/** The best plan over `indexes`, or a full scan. */
export function planQuery<V extends IndexView>(
  indexes: readonly V[],
  filter: Record<string, unknown>,
  sort: SortSpec | undefined,
): Plan<V> {
  const analysis = analyzeFilter(filter);
  const sortList = Object.entries(sort ?? {});
  let best: IndexPlan<V> | null = null;
  for (const index of indexes) {
    const plan = planIndex(index, analysis, sortList);
    if (plan && (!best || plan.score > best.score)) best = plan;
  }
  return best ?? { kind: 'scan' };
}

/** SQL for a plan's terms, with column names given by `column`. */
export function termsSql(plan: IndexPlan<IndexView>, column: (col: number) => string): { where: string; params: IndexKey[] } {
  const parts: string[] = [];
  const params: IndexKey[] = [];
  for (const t of plan.terms) {
    const c = column(t.col);
    if (t.eq && t.eq.length === 1) {
      parts.push(`${c} = ?`);
      params.push(t.eq[0]);
    } else if (t.eq) {
      parts.push(`${c} IN (${t.eq.map(() => '?').join(', ')})`);
      params.push(...t.eq);
    }
    if (t.lo) {
      parts.push(`${c} ${t.lo.inclusive ? '>=' : '>'} ?`);
      params.push(t.lo.key);
    }
    if (t.hi) {
      parts.push(`${c} ${t.hi.inclusive ? '<=' : '<'} ?`);
      params.push(t.hi.key);
    }
  }
  return { where: parts.join(' AND '), params };
}
