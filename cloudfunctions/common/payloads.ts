/** Parsers for the small payloads shared by several actions (list cursors, ids, empty payloads). */
import { addError, object, optional, parseWith, str, type ParseResult, type Parser } from '../../src/domain/validation';

/** Every document id the functions make: a short prefix and hex, e.g. `q_rq_<32 hex>_<slot>`. */
export const ID_MAX_LENGTH = 64;
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const idField = (): Parser<string> => str({ max: ID_MAX_LENGTH, pattern: ID_PATTERN });

/**
 * The one limit on an opaque list cursor (common/cursors.ts makes them all). Every cursor codec
 * computes its longest possible cursor when it is declared and refuses to exist above this, so a
 * real cursor always fits: the longest is the staff list's (a 30-character name of 6-byte JSON
 * escapes, then an id) at 346; the queue's is at most 138 (100–124 with today's ids).
 */
export const CURSOR_MAX_LENGTH = 512;
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;
export const BAD_CURSOR_MESSAGE = '分页参数无效，请刷新后重试';

/** A cursor is only ever one the server made: anything else is a bad request, not a "too long" field. */
const cursorText: Parser<string> = (input, path, ctx) =>
  typeof input === 'string' && input.length <= CURSOR_MAX_LENGTH && CURSOR_PATTERN.test(input)
    ? { ok: true, value: input }
    : addError(ctx, path, 'BAD_REQUEST', BAD_CURSOR_MESSAGE);

export const cursorField = optional(cursorText);

const empty = object({});
const cursorOnly = object({ cursor: cursorField });

export function parseEmpty(input: unknown, now: Date): ParseResult<Record<string, never>> {
  return parseWith(empty, input, now) as ParseResult<Record<string, never>>;
}

export function parseCursor(input: unknown, now: Date): ParseResult<{ cursor: string | null }> {
  const parsed = parseWith(cursorOnly, input, now);
  return parsed.ok ? { ok: true, value: { cursor: parsed.value.cursor ?? null } } : parsed;
}
