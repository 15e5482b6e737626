/**
 * `$lookup` answered through the planner, so that a join reads only what it joins — mingo's own
 * `$lookup` reads the whole `from` collection for every pipeline, which at 1,000,000 persons is
 * seconds per request. CloudBase's aggregate offers both forms (`lookup({ from, localField,
 * foreignField, as })` and `lookup({ from, let, pipeline, as })`); both are answered here:
 *
 * - localField / foreignField: the foreign documents whose `foreignField` equals the local value,
 *   or any element of it when it is an array (MongoDB's semantics), as one `$in` query per input
 *   document — an index lookup when `foreignField` is indexed (or `_id`);
 * - pipeline: run by the store's own `aggregate`, whose leading `$match` goes through the planner.
 *   A pipeline that names no `$$variable` is the same for every input document and runs once. A
 *   correlated one has its variables (`let: { v: '$field' }`) replaced by the input document's
 *   values, and the simple `$expr` terms of its leading `$match` (`$eq` / `$in` of a field and a
 *   variable, under `$and`) become plain conditions the planner can look up; what cannot be
 *   translated stays in `$expr` for the matcher, over the candidates the plain conditions select.
 *
 * The result arrays are in the order the sub-query returns them (MongoDB promises no order either).
 */
import { isPlainObject, type Doc } from './codec';
import { StoreError } from './errors';

export interface LookupHost {
  /** matching documents of a collection, all of them (no CloudBase limit inside a join); [] when it does not exist */
  find(collection: string, filter: Doc): Doc[];
  /** the store's aggregate over a collection; [] when it does not exist */
  aggregate(collection: string, pipeline: readonly Doc[]): Doc[];
}

interface LookupSpec {
  from: string;
  as: string;
  localField?: string;
  foreignField?: string;
  let?: Doc;
  pipeline?: Doc[];
}

function parseSpec(raw: unknown): LookupSpec {
  if (!isPlainObject(raw) || typeof raw.from !== 'string' || typeof raw.as !== 'string') {
    throw new StoreError('INVALID_PARAM', '$lookup needs `from` and `as`');
  }
  const spec: LookupSpec = { from: raw.from, as: raw.as };
  if (raw.pipeline !== undefined) {
    if (!Array.isArray(raw.pipeline) || !raw.pipeline.every(isPlainObject)) throw new StoreError('INVALID_PARAM', '$lookup pipeline must be a list of stages');
    spec.pipeline = raw.pipeline;
    if (raw.let !== undefined) {
      if (!isPlainObject(raw.let)) throw new StoreError('INVALID_PARAM', '$lookup let must be an object');
      spec.let = raw.let;
    }
    return spec;
  }
  if (typeof raw.localField !== 'string' || typeof raw.foreignField !== 'string') {
    throw new StoreError('INVALID_PARAM', '$lookup needs localField and foreignField, or a pipeline');
  }
  spec.localField = raw.localField;
  spec.foreignField = raw.foreignField;
  return spec;
}

/** The values at a dotted path, arrays along the way fanned out (what `localField` matches by). */
function valuesAt(value: unknown, segments: readonly string[], out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const el of value) valuesAt(el, segments, out);
    return;
  }
  if (segments.length === 0) {
    out.push(value);
    return;
  }
  if (isPlainObject(value)) valuesAt(value[segments[0]], segments.slice(1), out);
}

/** The value of a `let` expression for one document: a `$field.path` reference or a constant. */
function letValue(expr: unknown, doc: Doc): unknown {
  if (typeof expr === 'string' && expr.startsWith('$') && !expr.startsWith('$$')) {
    let v: unknown = doc;
    for (const seg of expr.slice(1).split('.')) v = isPlainObject(v) ? v[seg] : undefined;
    return v;
  }
  return expr;
}

const VARIABLE = /^\$\$([A-Za-z_][A-Za-z0-9_]*)(\..*)?$/;

/** Whether a pipeline names a `$$variable` of its own (not `$$ROOT`, `$$CURRENT`, `$$NOW`…). */
function usesVariables(value: unknown, names: ReadonlySet<string>): boolean {
  if (typeof value === 'string') {
    const m = VARIABLE.exec(value);
    return !!m && names.has(m[1]);
  }
  if (Array.isArray(value)) return value.some((v) => usesVariables(v, names));
  if (isPlainObject(value)) return Object.values(value).some((v) => usesVariables(v, names));
  return false;
}

/** `value` with every `$$name` replaced by its literal value (kept literal: a string starting with `$` is not a field). */
function substitute(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const m = VARIABLE.exec(value);
    if (!m || !vars.has(m[1])) return value;
    let v = vars.get(m[1]);
    for (const seg of (m[2] ?? '').split('.').filter(Boolean)) v = isPlainObject(v) ? v[seg] : undefined;
    return { $literal: v ?? null };
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, vars);
    return out;
  }
  return value;
}

const literalOf = (v: unknown): { ok: true; value: unknown } | { ok: false } =>
  isPlainObject(v) && Object.keys(v).length === 1 && '$literal' in v ? { ok: true, value: v.$literal } : { ok: false };

const fieldOf = (v: unknown): string | null => (typeof v === 'string' && /^\$[^$]/.test(v) ? v.slice(1) : null);

/**
 * Plain conditions implied by the `$eq` / `$in` terms (a field against a substituted variable) of an
 * `$expr` under `$and`. Each selects a superset of what its term matches (a plain condition also
 * matches an array holding the value), so they narrow the candidates while the `$expr` itself is
 * still checked by the matcher.
 */
function impliedConditions(expr: unknown): Doc[] {
  const plain: Doc[] = [];
  const scalar = (v: unknown) => v !== null && v !== undefined && typeof v !== 'object';
  const visit = (e: unknown): void => {
    if (!isPlainObject(e) || Object.keys(e).length !== 1) return;
    const [[op, args]] = Object.entries(e);
    if (op === '$and' && Array.isArray(args)) return args.forEach(visit);
    if ((op !== '$eq' && op !== '$in') || !Array.isArray(args) || args.length !== 2) return;
    const field = fieldOf(args[0]);
    const lit = literalOf(args[1]);
    if (!field || !lit.ok) return;
    if (op === '$eq' && scalar(lit.value)) plain.push({ [field]: lit.value });
    if (op === '$in' && Array.isArray(lit.value) && lit.value.every(scalar)) plain.push({ [field]: { $in: lit.value } });
  };
  visit(expr);
  return plain;
}

/** The pipeline with its leading `$match`'s translatable `$expr` terms added as plain conditions (same result, indexable). */
function indexablePipeline(pipeline: readonly Doc[]): Doc[] {
  const [head, ...tail] = pipeline;
  if (!head || !isPlainObject(head.$match) || Object.keys(head).length !== 1) return [...pipeline];
  const match = head.$match;
  if (!('$expr' in match)) return [...pipeline];
  const plain = impliedConditions(match.$expr);
  if (plain.length === 0) return [...pipeline];
  return [{ $match: { $and: [...plain, match] } }, ...tail];
}

function setPath(doc: Doc, path: string, value: unknown): Doc {
  const [first, ...rest] = path.split('.');
  if (rest.length === 0) return { ...doc, [first]: value };
  const inner = isPlainObject(doc[first]) ? doc[first] : {};
  return { ...doc, [first]: setPath(inner, rest.join('.'), value) };
}

/** Apply one `$lookup` stage to `docs`. */
export function lookup(host: LookupHost, docs: readonly Doc[], raw: unknown): Doc[] {
  const spec = parseSpec(raw);
  if (spec.pipeline) {
    const names = new Set(Object.keys(spec.let ?? {}));
    const pipeline = spec.pipeline;
    if (!usesVariables(pipeline, names)) {
      // uncorrelated: the same sub-query for every document
      const joined = docs.length > 0 ? host.aggregate(spec.from, pipeline) : [];
      return docs.map((d, i) => setPath(d, spec.as, i === 0 ? joined : joined.map((j) => ({ ...j }))));
    }
    return docs.map((d) => {
      const vars = new Map(Object.entries(spec.let ?? {}).map(([k, e]) => [k, letValue(e, d)]));
      const bound = indexablePipeline(substitute(pipeline, vars) as Doc[]);
      return setPath(d, spec.as, host.aggregate(spec.from, bound));
    });
  }
  const local = spec.localField!.split('.');
  return docs.map((d) => {
    const values: unknown[] = [];
    valuesAt(d, local, values);
    // a missing local value matches foreign documents where the field is null or missing
    const keys = values.length === 0 ? [null] : values.map((v) => (v === undefined ? null : v));
    return setPath(d, spec.as, host.find(spec.from, { [spec.foreignField!]: { $in: [...new Set(keys)] } }));
  });
}
