/**
 * A small matcher for the filters the functions send most: equality, `$in`, `$ne`, ranges and
 * `$exists` on fields, under `$and` / `$or` — with MongoDB's semantics (a condition on an array
 * field holds when an element satisfies it, each operator on its own; values compare within their
 * type). Compiling one of these costs a fraction of mingo's `Query` (which copies its operator
 * context and compiles the whole filter on every construction: tens of µs a request). Anything else
 * — other operators, null or object values, a path through an array — is left to mingo: `compile`
 * answers null for the filter, or the test answers undefined for that document.
 */
import { isPlainObject, type Doc } from './codec';

type Scalar = string | number | boolean | Date;
/** true / false, or undefined: not for this matcher (ask mingo) */
type Test = (doc: Doc) => boolean | undefined;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v)) || (v instanceof Date && !Number.isNaN(v.getTime()));

function equal(a: unknown, b: Scalar): boolean {
  if (b instanceof Date) return a instanceof Date && a.getTime() === b.getTime();
  return a === b;
}

/** -1 / 0 / 1 within one type, or null when the types differ (MongoDB's range operators then do not match). */
function compare(a: unknown, b: Scalar): number | null {
  if (b instanceof Date) return a instanceof Date ? Math.sign(a.getTime() - b.getTime()) : null;
  if (typeof a !== typeof b || typeof a === 'boolean') return typeof a === typeof b && a === b ? 0 : null;
  if (typeof a === 'number' && Number.isNaN(a)) return null;
  return (a as string | number) < (b as string | number) ? -1 : (a as string | number) > (b as string | number) ? 1 : 0;
}

const MISSING = Symbol('missing');
const UNSURE = Symbol('unsure');

/** The value at a dotted path; UNSURE when an array lies along the way (MongoDB fans out there). */
function valueAt(doc: Doc, path: string[]): unknown {
  let v: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(v)) return UNSURE;
    if (!isPlainObject(v)) return MISSING;
    v = path[i] in v ? v[path[i]] : MISSING;
  }
  return v === undefined ? MISSING : v;
}

/** A test of one operator on one (non-array) value. */
type ValueTest = (v: unknown) => boolean;

function operatorTest(op: string, arg: unknown): { test: ValueTest; onArrayElements: boolean } | { exists: boolean } | null {
  switch (op) {
    case '$eq':
      return isScalar(arg) ? { test: (v) => equal(v, arg), onArrayElements: true } : null;
    case '$ne':
      // handled as the negation of $eq over the elements too
      return isScalar(arg) ? { test: (v) => equal(v, arg), onArrayElements: true } : null;
    case '$in':
      if (!Array.isArray(arg) || !arg.every(isScalar)) return null;
      return { test: (v) => arg.some((x) => equal(v, x)), onArrayElements: true };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!isScalar(arg) || typeof arg === 'boolean') return null;
      const ok =
        op === '$gt' ? (c: number) => c > 0 : op === '$gte' ? (c: number) => c >= 0 : op === '$lt' ? (c: number) => c < 0 : (c: number) => c <= 0;
      return {
        test: (v) => {
          const c = compare(v, arg);
          return c !== null && ok(c);
        },
        onArrayElements: true,
      };
    }
    case '$exists':
      return typeof arg === 'boolean' ? { exists: arg } : null;
    default:
      return null;
  }
}

function fieldTest(path: string, cond: unknown): Test | null {
  const segments = path.split('.');
  const tests: Array<(v: unknown) => boolean> = [];
  const operator = isPlainObject(cond) && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith('$'));
  const entries: Array<[string, unknown]> = operator ? Object.entries(cond as Doc) : [['$eq', cond]];
  for (const [op, arg] of entries) {
    const t = operatorTest(op, arg);
    if (!t) return null;
    if ('exists' in t) {
      tests.push((v) => (v !== MISSING) === t.exists);
      continue;
    }
    // on an array field: some element satisfies it ($ne: no element equals it)
    const some = (v: unknown) => (Array.isArray(v) ? v.some((e) => t.test(e)) : v !== MISSING && t.test(v));
    tests.push(op === '$ne' ? (v) => !some(v) : some);
  }
  return (doc) => {
    const v = valueAt(doc, segments);
    if (v === UNSURE) return undefined;
    return tests.every((t) => t(v));
  };
}

/** The test of a filter, or null when it uses anything this matcher does not answer. */
export function compileMatcher(filter: Doc): Test | null {
  const parts: Test[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(cond) || cond.length === 0 || !cond.every(isPlainObject)) return null;
      const branches = cond.map((c) => compileMatcher(c));
      if (branches.some((b) => b === null)) return null;
      const tests = branches as Test[];
      parts.push(
        key === '$and'
          ? (doc) => {
              let unsure = false;
              for (const t of tests) {
                const r = t(doc);
                if (r === false) return false;
                if (r === undefined) unsure = true;
              }
              return unsure ? undefined : true;
            }
          : (doc) => {
              let unsure = false;
              for (const t of tests) {
                const r = t(doc);
                if (r === true) return true;
                if (r === undefined) unsure = true;
              }
              return unsure ? undefined : false;
            },
      );
      continue;
    }
    if (key.startsWith('$')) return null;
    const t = fieldTest(key, cond);
    if (!t) return null;
    parts.push(t);
  }
  return (doc) => {
    let unsure = false;
    for (const t of parts) {
      const r = t(doc);
      if (r === false) return false;
      if (r === undefined) unsure = true;
    }
    return unsure ? undefined : true;
  };
}
