/** Parsers for the small payloads shared by several actions (list cursors, ids, empty payloads). */
import { object, optional, parseWith, str, type ParseResult, type Parser } from '../../src/domain/validation';

export const cursorField = optional(str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ }));
export const idField = (): Parser<string> => str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ });

const empty = object({});
const cursorOnly = object({ cursor: cursorField });

export function parseEmpty(input: unknown, now: Date): ParseResult<Record<string, never>> {
  return parseWith(empty, input, now) as ParseResult<Record<string, never>>;
}

export function parseCursor(input: unknown, now: Date): ParseResult<{ cursor: string | null }> {
  const parsed = parseWith(cursorOnly, input, now);
  return parsed.ok ? { ok: true, value: { cursor: parsed.value.cursor ?? null } } : parsed;
}
