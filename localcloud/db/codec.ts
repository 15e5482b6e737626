/**
 * Value codecs shared by the store and the SDK transport.
 *
 * Three representations meet here:
 * - the SDK's requests: canonical Extended JSON (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"…"}}`,
 *   `{"$regularExpression":…}`) plus CloudBase's `{"$tcb_server_date":{"offset":…}}`;
 * - the stored text of a document: plain JSON with Dates tagged as `{"$date": <ms>}`. The SDK decodes
 *   every reply with bson's `EJSON.parse` (relaxed), which turns exactly that tag into a JS `Date`, so
 *   the stored form is also the reply form;
 * - SQLite index keys: one scalar per indexed value, ordered like MongoDB orders BSON types, strings
 *   in an order-preserving compact code.
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

/** A deep copy of a stored value: plain objects, arrays, Dates and RegExps (what documents hold). */
function cloneValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = cloneValue((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * A deep copy of a document, as the stored form would give it back (a few times cheaper than
 * encoding and decoding it). Not `structuredClone`: under jest's vm sandbox that returns Dates of
 * the host realm, which fail `instanceof Date` here and would be stored as strings.
 */
export function cloneDoc(doc: Doc): Doc {
  return cloneValue(doc) as Doc;
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
  const value: unknown = JSON.parse(text);
  // most requests carry a wrapper somewhere (`$numberInt`, `$date`…); walking the parsed value once
  // is several times cheaper than a JSON.parse reviver, which is called for every key
  return text.includes('"$') ? reviveEjson(value, now) : value;
}

/** The EJSON type wrappers of a parsed request turned into values, in place (see `decodeEjson`). */
function reviveEjson(value: unknown, now: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveEjson(value[i], now);
    return value;
  }
  const obj = value as Record<string, unknown>;
  const w = wrapper(obj);
  if (w) {
    const [tag, payload] = w;
    switch (tag) {
      case '$numberInt':
      case '$numberLong':
      case '$numberDouble':
      case '$numberDecimal':
        return typeof payload === 'string' ? Number(payload) : value;
      case '$date': {
        // canonical EJSON nests the milliseconds as { $numberLong: "…" }
        const inner = reviveEjson(payload, now);
        return typeof inner === 'number' || typeof inner === 'string' ? new Date(inner) : value;
      }
      case '$regularExpression':
        return toRegExp(payload) ?? value;
      case '$tcb_server_date': {
        const offset = isPlainObject(payload) && typeof payload.offset === 'number' ? payload.offset : 0;
        return new Date(now + offset);
      }
      default:
        break;
    }
  }
  for (const k in obj) obj[k] = reviveEjson(obj[k], now);
  return obj;
}

// ---------------------------------------------------------------------------------------------
// Index keys

/**
 * One indexed value as an SQLite value. SQLite orders numbers < TEXT < BLOB and compares BLOBs
 * bytewise, so: numbers → REAL, and every other BSON type → a BLOB whose first byte is a type tag
 * in MongoDB's type order (string < object < boolean < date < regex). null and missing values (and
 * NaN) → NULL_KEY. Values of different types never compare equal, and a query value is encoded by
 * this same function, so equality and range probes are type-stable.
 *
 * Strings are stored compactly (`encodeKeyString`): an order-preserving code of their UTF-8 bytes
 * that takes about 4–5 bits for a digit or a hex letter, so ids, sort keys and dates written as text
 * — most of what index rows hold — take about two thirds of their bytes, and compare exactly as the
 * text did. (Short words gain nothing: the tag and the end of the string cost a byte or two.)
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

const TAG_STRING = 1;
const TAG_OBJECT = 2;
const TAG_BOOLEAN = 3;
const TAG_DATE = 4;
const TAG_REGEX = 5;
const FALSE_KEY = Buffer.from([TAG_BOOLEAN, 0]);
const TRUE_KEY = Buffer.from([TAG_BOOLEAN, 1]);

/**
 * The code of string keys: alphabetic prefix codes over 257 symbols — the end of the string, then the
 * byte values 0…255 in order — so concatenated code words compare (bitwise, hence bytewise after zero
 * padding) exactly as the byte strings do: at the first differing symbol the code words differ at a
 * bit where the smaller symbol has the 0; a string that is a prefix of another ends with the end
 * symbol, the smallest. No code word is a prefix of another, so two strings never share an encoding
 * and the padding after the end symbol is never compared with anything but padding.
 *
 * The code of a byte depends on the byte before it (three contexts: the start or after a letter or
 * separator, after a digit or hex letter, after a non-ASCII byte). That keeps the order: two strings
 * are in the same context at their first differing byte, having been equal until then. Each context's
 * code is built once from fixed weights — what key strings are made of: hex ids and digits run on,
 * lowercase words, separators, the UTF-8 bytes of Chinese text — by weight-balanced splitting of the
 * ordered symbols (Mehlhorn's near-optimal alphabetic code). The weights are part of the stored
 * format: changing them changes every stored key, which needs a new INDEX_FORMAT.
 */
const enum KeyContext {
  /** the start of the string, or after an ASCII byte that is not a hex digit */
  Word = 0,
  /** after 0-9 or a-f */
  Hex = 1,
  /** after a byte of a multi-byte UTF-8 character */
  Wide = 2,
}

function contextAfter(b: number): KeyContext {
  if ((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)) return KeyContext.Hex;
  return b >= 0x80 ? KeyContext.Wide : KeyContext.Word;
}

/** The weight of each symbol (0: end of string; 1 + b: byte b) in a context. */
function contextWeight(context: KeyContext, symbol: number): number {
  const b = symbol - 1;
  const digit = b >= 0x30 && b <= 0x39;
  const hexLetter = b >= 0x61 && b <= 0x66;
  const lower = b >= 0x61 && b <= 0x7a;
  const continuation = b >= 0x80 && b <= 0xbf;
  const lead3 = b >= 0xe0 && b <= 0xef;
  const otherLead = (b >= 0xc2 && b <= 0xdf) || (b >= 0xf0 && b <= 0xf4);
  const c = String.fromCharCode(b);
  switch (context) {
    case KeyContext.Hex:
      if (symbol === 0) return 6;
      if (digit) return 20;
      if (hexLetter) return 14;
      if ('|-:_'.includes(c)) return 3;
      if ('.TZ'.includes(c)) return 2;
      if (lower || c === ' ') return 1;
      if (lead3) return 1;
      if (b >= 0x20 && b < 0x7f) return 0.2;
      return otherLead ? 0.05 : 0.005;
    case KeyContext.Wide:
      if (symbol === 0) return 8;
      if (continuation) return 4;
      if (lead3) return 2;
      if (digit) return 2;
      if (otherLead) return 0.2;
      if (b >= 0x20 && b < 0x7f) return 0.2;
      return 0.005;
    default:
      if (symbol === 0) return 4;
      if (lower) return 6;
      if (digit) return 4;
      if (c === '_') return 5;
      if ('|-: '.includes(c)) return 1;
      if (b >= 0x41 && b <= 0x5a) return 1;
      if (lead3) return 1;
      if (b >= 0x20 && b < 0x7f) return 0.3;
      return otherLead ? 0.05 : 0.005;
  }
}

/** Per context, code word and length (bits) of each symbol. */
const STRING_CODES = [KeyContext.Word, KeyContext.Hex, KeyContext.Wide].map((context) => {
  const n = 257;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + contextWeight(context, i);
  const code = new Uint32Array(n);
  const bits = new Uint8Array(n);
  const split = (lo: number, hi: number, word: number, depth: number): void => {
    if (hi - lo === 1) {
      if (depth > 24) throw new Error('string key code too long');
      code[lo] = word;
      bits[lo] = depth;
      return;
    }
    // the split that balances the two halves' weights best
    let best = lo + 1;
    let bestDiff = Infinity;
    for (let k = lo + 1; k < hi; k++) {
      const diff = Math.abs(prefix[k] - prefix[lo] - (prefix[hi] - prefix[k]));
      if (diff < bestDiff) {
        bestDiff = diff;
        best = k;
      }
    }
    split(lo, best, word * 2, depth + 1);
    split(best, hi, word * 2 + 1, depth + 1);
  };
  split(0, n, 0, 0);
  return { code, bits };
});

/** The order-preserving compact form of a string key: TAG_STRING, then the code words of its UTF-8 bytes and of the end. */
export function encodeKeyString(v: string): Buffer {
  const bytes = Buffer.from(v, 'utf8');
  let total = 0;
  let context = KeyContext.Word;
  for (let i = 0; i < bytes.length; i++) {
    total += STRING_CODES[context].bits[bytes[i] + 1];
    context = contextAfter(bytes[i]);
  }
  total += STRING_CODES[context].bits[0];
  const out = Buffer.allocUnsafe(1 + Math.ceil(total / 8));
  out[0] = TAG_STRING;
  let pos = 1;
  let acc = 0;
  let held = 0;
  const put = (table: { code: Uint32Array; bits: Uint8Array }, symbol: number): void => {
    // at most 7 bits held plus a code word of at most 24: within 31 bits
    acc = (acc << table.bits[symbol]) | table.code[symbol];
    held += table.bits[symbol];
    while (held >= 8) {
      held -= 8;
      out[pos++] = (acc >>> held) & 0xff;
    }
    acc &= (1 << held) - 1;
  };
  context = KeyContext.Word;
  for (let i = 0; i < bytes.length; i++) {
    put(STRING_CODES[context], bytes[i] + 1);
    context = contextAfter(bytes[i]);
  }
  put(STRING_CODES[context], 0);
  if (held > 0) out[pos++] = (acc << (8 - held)) & 0xff;
  return out;
}

/**
 * Recently encoded string keys: most strings an index row holds recur (place ids, statuses, kinds,
 * the ids of the documents being written), and a lookup costs a tenth of an encoding. The keys are
 * never modified, so one Buffer can serve every row.
 */
const KEY_CACHE = new Map<string, Buffer>();
const KEY_CACHE_MAX = 20_000;

function cachedKeyString(v: string): Buffer {
  let key = KEY_CACHE.get(v);
  if (key) return key;
  key = encodeKeyString(v);
  if (KEY_CACHE.size >= KEY_CACHE_MAX) KEY_CACHE.clear();
  KEY_CACHE.set(v, key);
  return key;
}

export function encodeIndexKey(v: unknown): IndexKey {
  if (v === null || v === undefined) return NULL_KEY;
  if (typeof v === 'number') return Number.isNaN(v) ? NULL_KEY : v === -Infinity ? -Number.MAX_VALUE : v;
  if (typeof v === 'string') return cachedKeyString(v);
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
  return typeof k === 'number' || typeof k === 'string' || (Buffer.isBuffer(k) && (k[0] === TAG_DATE || k[0] === TAG_STRING));
}

/** A key's type for range bounds: 'number', or the tag of a BLOB key. */
export function keyType(k: IndexKey): string {
  if (typeof k === 'number') return 'number';
  if (typeof k === 'string') return 'text';
  return `tag${k[0]}`;
}

export interface KeyBound {
  key: IndexKey;
  inclusive: boolean;
}

/**
 * The bounds of `k`'s type: a one-sided range such as `$gt: 5` must stop at the end of the numbers
 * instead of running on into strings and dates, and must not start at NULL_KEY. (A raw string —
 * the `_id` column, which holds the id's text — is bounded by the TEXT values.)
 */
export function typeBracket(k: IndexKey): { lo: KeyBound; hi: KeyBound } {
  if (typeof k === 'number') return { lo: { key: NULL_KEY, inclusive: false }, hi: { key: Buffer.alloc(0), inclusive: false } };
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
    else id += `b${k.length}:${k.toString('latin1')}`;
  }
  return id;
}
