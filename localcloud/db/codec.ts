/**
 * Value codecs shared by the store and the SDK transport.
 *
 * Three representations meet here:
 * - the SDK's requests: canonical Extended JSON (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"…"}}`,
 *   `{"$regularExpression":…}`) plus CloudBase's `{"$tcb_server_date":{"offset":…}}`;
 * - the stored text of a document: plain JSON with Dates tagged as `{"$date": <ms>}`. The SDK decodes
 *   every reply with bson's `EJSON.parse` (relaxed), which turns exactly that tag into a JS `Date`, so
 *   the stored form is also the reply form;
 * - SQLite index keys: one scalar per indexed value, ordered like MongoDB orders BSON types.
 */

export type Doc = Record<string, unknown>;

/** MongoDB regex options that JavaScript understands; `x` (extended) has no JS equivalent. */
const JS_REGEX_FLAGS = /[^imsu]/g;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

/** The tag and payload of an Extended JSON type wrapper (`{ "$date": … }`: one key, starting with `$`). */
function wrapper(v: unknown): [string, unknown] | null {
  if (!isPlainObject(v)) return null;
  let found: [string, unknown] | null = null;
  for (const k in v) {
    if (found || !k.startsWith('$')) return null;
    found = [k, v[k]];
  }
  return found;
}

function toRegExp(spec: unknown): RegExp | null {
  if (!isPlainObject(spec) || typeof spec.pattern !== 'string') return null;
  const options = typeof spec.options === 'string' ? spec.options : '';
  return new RegExp(spec.pattern, options.replace(JS_REGEX_FLAGS, ''));
}

// ---------------------------------------------------------------------------------------------
// Stored documents

/**
 * `value` with Dates and RegExps replaced by their tags, copying only the objects and arrays on the
 * way to one (a JSON.stringify replacer does the same job at twice the cost: it is called per key).
 */
function withTags(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (value instanceof RegExp) return { $regularExpression: { pattern: value.source, options: value.flags } };
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const tagged = withTags(value[i]);
      if (tagged !== value[i]) (copy ??= value.slice())[i] = tagged;
    }
    return copy ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    let copy: Record<string, unknown> | null = null;
    for (const k in obj) {
      const v = obj[k];
      if (typeof v !== 'object' || v === null) continue;
      const tagged = withTags(v);
      if (tagged !== v) (copy ??= { ...obj })[k] = tagged;
    }
    return copy ?? value;
  }
  return value;
}

/** Turn stored tags back into Dates and RegExps, in place (a JSON.parse reviver is several times slower). */
function reviveTags(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveTags(value[i]);
    return value;
  }
  if (!isPlainObject(value)) return value;
  const w = wrapper(value);
  if (w?.[0] === '$date' && typeof w[1] === 'number') return new Date(w[1]);
  if (w?.[0] === '$regularExpression') return toRegExp(w[1]) ?? value;
  for (const k in value) value[k] = reviveTags(value[k]);
  return value;
}

/** Any value (a document, an aggregation row, an array) as stored text / reply text. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(withTags(value));
}

export function encodeDoc(doc: Doc): string {
  return encodeValue(doc);
}

export function decodeDoc(text: string): Doc {
  const doc = JSON.parse(text) as Doc;
  return text.includes('{"$') ? (reviveTags(doc) as Doc) : doc;
}

/**
 * A deep copy through the stored form. Not `structuredClone`: under jest's vm sandbox that returns
 * Dates of the host realm, which fail `instanceof Date` here and would be stored as strings.
 */
export function cloneDoc(doc: Doc): Doc {
  return decodeDoc(encodeDoc(doc));
}

// ---------------------------------------------------------------------------------------------
// SDK requests

/**
 * Decode one EJSON string sent by `@cloudbase/database`. Numbers become JS numbers (64-bit and
 * decimal values lose precision beyond 2^53, as they do in the SDK's own relaxed parse), dates and
 * server dates become `Date`s (`db.serverDate({ offset })` is resolved against `now`), regular
 * expressions become `RegExp`s so the matcher can run them.
 */
export function decodeEjson(text: string, now: number = Date.now()): unknown {
  return JSON.parse(text, (_key: string, value: unknown): unknown => {
    const w = wrapper(value);
    if (!w) return value;
    const [tag, payload] = w;
    switch (tag) {
      case '$numberInt':
      case '$numberLong':
      case '$numberDouble':
      case '$numberDecimal':
        return typeof payload === 'string' ? Number(payload) : value;
      case '$date':
        return typeof payload === 'number' || typeof payload === 'string' ? new Date(payload) : value;
      case '$regularExpression':
        return toRegExp(payload) ?? value;
      case '$tcb_server_date': {
        const offset = isPlainObject(payload) && typeof payload.offset === 'number' ? payload.offset : 0;
        return new Date(now + offset);
      }
      default:
        return value;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Index keys

/**
 * One indexed value as an SQLite value. SQLite orders numbers < TEXT < BLOB and compares BLOBs
 * bytewise, so: numbers → REAL, strings → TEXT, and every other BSON type → a BLOB whose first
 * byte is a type tag in MongoDB's type order (object < boolean < date < regex). null and missing
 * values (and NaN) → NULL_KEY. Values of different types never compare equal, and a query value is
 * encoded by this same function, so equality and range probes are type-stable.
 */
export type IndexKey = number | string | Buffer;

/**
 * The key of null / a missing field: -Infinity, which sorts below every number as MongoDB sorts
 * null first. (SQLite's NULL would be the obvious choice, but index rows live in WITHOUT ROWID
 * tables whose primary-key columns cannot hold NULL.) A real -Infinity is keyed as
 * -Number.MAX_VALUE instead, so those two values are the only ones an index cannot tell apart;
 * the planner leaves equality on them to the matcher.
 */
export const NULL_KEY = -Infinity;

const TAG_OBJECT = 1;
const TAG_BOOLEAN = 2;
const TAG_DATE = 3;
const TAG_REGEX = 4;
const FALSE_KEY = Buffer.from([TAG_BOOLEAN, 0]);
const TRUE_KEY = Buffer.from([TAG_BOOLEAN, 1]);

export function encodeIndexKey(v: unknown): IndexKey {
  if (v === null || v === undefined) return NULL_KEY;
  if (typeof v === 'number') return Number.isNaN(v) ? NULL_KEY : v === -Infinity ? -Number.MAX_VALUE : v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? TRUE_KEY : FALSE_KEY;
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return NULL_KEY;
    // The IEEE-754 bytes of ms made to sort bytewise like the numbers: set the sign bit of a
    // positive value, invert every bit of a negative one.
    const b = Buffer.allocUnsafe(9);
    b[0] = TAG_DATE;
    b.writeDoubleBE(ms, 1);
    if (b[1] & 0x80) for (let i = 1; i < 9; i++) b[i] ^= 0xff;
    else b[1] |= 0x80;
    return b;
  }
  if (v instanceof RegExp) return Buffer.concat([Buffer.from([TAG_REGEX]), Buffer.from(`${v.source}/${v.flags}`)]);
  return Buffer.concat([Buffer.from([TAG_OBJECT]), Buffer.from(encodeValue(v))]);
}

/** Values a range operator ($gt…) can bound through an index: MongoDB only compares within a type. */
export function isRangeKey(k: IndexKey): boolean {
  return typeof k === 'number' || typeof k === 'string' || (Buffer.isBuffer(k) && k[0] === TAG_DATE);
}

export interface KeyBound {
  key: IndexKey;
  inclusive: boolean;
}

/**
 * The bounds of `k`'s type: a one-sided range such as `$gt: 5` must stop at the end of the numbers
 * instead of running on into strings and dates, and must not start at NULL_KEY.
 */
export function typeBracket(k: IndexKey): { lo: KeyBound; hi: KeyBound } {
  if (typeof k === 'number') return { lo: { key: NULL_KEY, inclusive: false }, hi: { key: '', inclusive: false } };
  if (typeof k === 'string') return { lo: { key: '', inclusive: true }, hi: { key: Buffer.alloc(0), inclusive: false } };
  const tag = Buffer.isBuffer(k) ? k[0] : TAG_OBJECT;
  return { lo: { key: Buffer.from([tag]), inclusive: true }, hi: { key: Buffer.from([tag + 1]), inclusive: false } };
}

/** A stable identity for a tuple of keys, to diff a document's index entries before and after a write. */
export function keyTupleId(keys: readonly IndexKey[]): string {
  let id = '';
  for (const k of keys) {
    if (typeof k === 'number') id += `d${k}|`;
    else if (typeof k === 'string') id += `s${JSON.stringify(k)}|`;
    else id += `b${k.toString('hex')}|`;
  }
  return id;
}
