/**
 * Value codecs shared by the store and the SDK transport.
 *
 * Three representations meet here:
 * - the SDK's requests: canonical Extended JSON (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"…"}}`,
 *   `{"$regularExpression":…}`) plus CloudBase's `{"$tcb_server_date":{"offset":…}}`;
 * - the stored text of a document: plain JSON with Dates tagged as `{"$date": <ms>}`. The SDK decodes
 *   every reply with bson's `EJSON.parse` (relaxed), which turns exactly that tag into a JS `Date`, so
 *   stored text doubles as the wire format and documents go out without being re-encoded;
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

/** JSON.stringify runs `Date#toJSON` before a replacer sees the value, so look at the holder. */
function storedReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return { $date: raw.getTime() };
  if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } };
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
  return JSON.stringify(value, storedReplacer);
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
 * One indexed value as an SQLite value. SQLite orders NULL < numbers < TEXT < BLOB, and compares
 * BLOBs bytewise, so: null/missing → NULL, numbers → REAL, strings → TEXT, and every other BSON
 * type → a BLOB whose first byte is a type tag in MongoDB's type order (object < boolean < date <
 * regex). Values of different types therefore never compare equal, and a query value is encoded
 * by this same function, so equality and range probes are type-stable.
 */
export type IndexKey = number | string | Buffer | null;

const TAG_OBJECT = 1;
const TAG_BOOLEAN = 2;
const TAG_DATE = 3;
const TAG_REGEX = 4;
/** Shifts signed epoch milliseconds into an unsigned range so big-endian bytes sort like numbers. */
const DATE_BIAS = 2n ** 63n;

export function encodeIndexKey(v: unknown): IndexKey {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return Buffer.from([TAG_BOOLEAN, v ? 1 : 0]);
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return null;
    const b = Buffer.alloc(9);
    b[0] = TAG_DATE;
    b.writeBigUInt64BE(BigInt(ms) + DATE_BIAS, 1);
    return b;
  }
  if (v instanceof RegExp) return Buffer.concat([Buffer.from([TAG_REGEX]), Buffer.from(`${v.source}/${v.flags}`)]);
  return Buffer.concat([Buffer.from([TAG_OBJECT]), Buffer.from(encodeValue(v))]);
}

/** Values a range operator ($gt…) can bound through an index: MongoDB only compares within a type. */
export function isRangeKey(k: IndexKey): boolean {
  return typeof k === 'number' || typeof k === 'string' || (Buffer.isBuffer(k) && k[0] === TAG_DATE);
}

/**
 * The [lowest, past-the-end) keys of `k`'s type: a one-sided range such as `$gt: 5` must stop at
 * the end of the numbers instead of running on into strings and dates.
 */
export function typeBracket(k: IndexKey): { lo: IndexKey; hi: IndexKey } {
  if (typeof k === 'number') return { lo: -Infinity, hi: '' };
  if (typeof k === 'string') return { lo: '', hi: Buffer.alloc(0) };
  const tag = Buffer.isBuffer(k) ? k[0] : TAG_OBJECT;
  return { lo: Buffer.from([tag]), hi: Buffer.from([tag + 1]) };
}

/** A stable identity for a tuple of keys, to diff a document's index entries before and after a write. */
export function keyTupleId(keys: readonly IndexKey[]): string {
  let id = '';
  for (const k of keys) {
    if (k === null) id += 'n|';
    else if (typeof k === 'number') id += `d${k}|`;
    else if (typeof k === 'string') id += `s${JSON.stringify(k)}|`;
    else id += `b${k.toString('hex')}|`;
  }
  return id;
}
