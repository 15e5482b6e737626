/**
 * List cursors: one format for every paged list, opaque to the client. A cursor is the base64url
 * of a JSON tuple — the list it belongs to, then the sort key of the last item of the page — and
 * decoding checks every part, so a garbage, truncated, forged-shape or other list's cursor is
 * refused with BAD_REQUEST rather than read as some other position.
 *
 * Each codec knows the longest cursor it can make (from its parts' bounds) and is refused at
 * declaration if that could exceed CURSOR_MAX_LENGTH: the payload limit can never again cut a list
 * off after its first page.
 */
import { DomainError } from '../../src/domain/errors';
import { BAD_CURSOR_MESSAGE, CURSOR_MAX_LENGTH, ID_MAX_LENGTH, ID_PATTERN } from '../../src/domain/schemas';

export interface CursorPart<T> {
  /** longest JSON text of the part, in UTF-8 bytes */
  readonly maxBytes: number;
  write(value: T): string | number;
  /** the value, or undefined when `json` is not one this part writes */
  read(json: unknown): T | undefined;
}

/** JavaScript dates span ±8.64e15 ms. */
const MAX_DATE_MS = 8.64e15;

export const cursorParts = {
  /** a document id of the functions' own format */
  id: {
    maxBytes: ID_MAX_LENGTH + 2,
    write: (id: string) => id,
    read: (json: unknown) => (typeof json === 'string' && json.length <= ID_MAX_LENGTH && ID_PATTERN.test(json) ? json : undefined),
  } satisfies CursorPart<string>,
  /** a stored date, as epoch milliseconds */
  date: {
    maxBytes: String(-MAX_DATE_MS).length,
    write: (d: Date) => d.getTime(),
    read: (json: unknown) => (Number.isSafeInteger(json) && Math.abs(json as number) <= MAX_DATE_MS ? new Date(json as number) : undefined),
  } satisfies CursorPart<Date>,
  /** a calendar day, YYYY-MM-DD */
  day: {
    maxBytes: 'YYYY-MM-DD'.length + 2,
    write: (day: string) => day,
    read: (json: unknown) => (typeof json === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(json) ? json : undefined),
  } satisfies CursorPart<string>,
  int: (min: number, max: number): CursorPart<number> => ({
    maxBytes: Math.max(String(min).length, String(max).length),
    write: (n) => n,
    read: (json) => (Number.isSafeInteger(json) && (json as number) >= min && (json as number) <= max ? (json as number) : undefined),
  }),
  /** any finite number (a sibling position) */
  number: {
    // the longest form JSON gives a double: 17 significant digits after -0.00000
    maxBytes: 25,
    write: (n: number) => n,
    read: (json: unknown) => (typeof json === 'number' && Number.isFinite(json) ? json : undefined),
  } satisfies CursorPart<number>,
  /** free text of at most `maxLength` code points (a name, a date string) */
  text: (maxLength: number): CursorPart<string> => ({
    // JSON escapes a control character or lone surrogate as \uXXXX: 6 bytes, the most any code point takes
    maxBytes: 6 * maxLength + 2,
    write: (s) => s,
    read: (json) => (typeof json === 'string' && Array.from(json).length <= maxLength ? json : undefined),
  }),
};

export interface CursorCodec<T extends unknown[]> {
  /** longest cursor this codec can produce */
  readonly maxLength: number;
  encode(key: T): string;
  /** the key of a cursor this codec made, null for none; anything else throws BAD_REQUEST */
  decode(cursor: string | null | undefined): T | null;
}

export function badCursor(): DomainError {
  return new DomainError('BAD_REQUEST', BAD_CURSOR_MESSAGE, 'cursor');
}

/** Every codec declared, by list name: one name, one codec, so no list reads another's cursor. */
export const declaredCursors = new Map<string, CursorCodec<unknown[]>>();

const base64urlLength = (bytes: number) => Math.ceil((bytes * 4) / 3);

export function cursorCodec<T extends unknown[]>(list: string, ...parts: { [I in keyof T]: CursorPart<T[I]> }): CursorCodec<T> {
  const all = parts as ReadonlyArray<CursorPart<unknown>>;
  // `["list",a,b]`: brackets, commas, the quoted list name, the parts
  const maxBytes = 2 + all.length + JSON.stringify(list).length + all.reduce((sum, p) => sum + p.maxBytes, 0);
  const maxLength = base64urlLength(maxBytes);
  if (maxLength > CURSOR_MAX_LENGTH) throw new Error(`cursor of ${list} may reach ${maxLength} characters, over ${CURSOR_MAX_LENGTH}`);
  if (declaredCursors.has(list)) throw new Error(`cursor of ${list} declared twice`);
  const codec: CursorCodec<T> = {
    maxLength,
    encode(key) {
      // a key outside its part's bounds would make a cursor the next call refuses: fail here, loudly
      const json = all.map((p, i) => {
        const written = p.write(key[i]);
        if (p.read(written) === undefined) throw new DomainError('INTERNAL', `分页键超出范围：${list}`);
        return written;
      });
      return Buffer.from(JSON.stringify([list, ...json]), 'utf8').toString('base64url');
    },
    decode(cursor) {
      if (!cursor) return null;
      let tuple: unknown;
      try {
        tuple = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw badCursor();
      }
      if (!Array.isArray(tuple) || tuple.length !== all.length + 1 || tuple[0] !== list) throw badCursor();
      const key = all.map((p, i) => p.read(tuple[i + 1]));
      if (key.some((v) => v === undefined)) throw badCursor();
      return key as T;
    },
  };
  declaredCursors.set(list, codec as CursorCodec<unknown[]>);
  return codec;
}
