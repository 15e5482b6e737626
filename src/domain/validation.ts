/**
 * A small strict schema toolkit (the action schemas built with it are in schemas.ts), and the
 * phone and identity-document rules.
 *
 * Parsers never throw on bad input: they push every problem they find into the context (with the
 * dotted path of the field) and keep going, so a form can show all of its errors at once. Objects
 * reject keys they do not declare, which keeps stored data to what the schema collects.
 */
import { ErrorCodes, type ErrorCode, type FieldError } from './errors';
import type { IdType } from './household';
import { parseIdCard, toHalfWidth, type IdCardInfo } from './idcard';
import { daysBetween, parseDateString, shanghaiDateString } from './time';

// ---------------------------------------------------------------------------------------------
// toolkit

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export interface ParseContext {
  /** time of the request; date rules use its calendar day in Shanghai */
  readonly now: Date;
  /** 'YYYY-MM-DD' of `now` in Shanghai */
  readonly today: string;
  readonly errors: FieldError[];
}

/** Outcome of one parser; on failure the reasons are already in the context. */
export type Check<T> = { ok: true; value: T } | { ok: false };
declare const INPUT: unique symbol;
/**
 * A parser from what a client sends (`I`, a type only: the phantom `INPUT` key never exists at run
 * time) to what a function receives (`T`). The two differ where a field has a default or is
 * normalised; `InputOf` and `Infer` read them back, so a payload type is stated once, by its schema.
 */
export type Parser<T, I = T> = ((input: unknown, path: string, ctx: ParseContext) => Check<T>) & { readonly [INPUT]?: I };
/** What a parser yields. */
export type Infer<P> = P extends (input: unknown, path: string, ctx: ParseContext) => Check<infer T> ? T : never;
/** What a client may send to a parser. */
export type InputOf<P> = P extends { readonly [INPUT]?: infer I } ? (unknown extends I ? Infer<P> : I) : never;
/** A field `object` may leave out of its result when absent. */
export type Optional<T, I = T> = Parser<T, I> & { readonly absent: 'omit' };
/** A field `object` fills with a default when absent. */
export type Defaulted<T, I = T> = Parser<T, I> & { readonly absent: () => T };

type Field = Parser<unknown, unknown> & { readonly absent?: 'omit' | (() => unknown) };
export type Shape = Record<string, Field>;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { absent: 'omit' } ? K : never }[keyof S];
/** Keys a client may leave out: optional ones and those with a default. */
type AbsentKeys<S extends Shape> = { [K in keyof S]: S[K] extends { absent: 'omit' | (() => unknown) } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOut<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;
export type ObjectIn<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, AbsentKeys<S>>]: InputOf<S[K]> } & { [K in AbsentKeys<S>]?: InputOf<S[K]> }
>;
/**
 * Cross-field rules of an object. Runs even when some fields failed, with the fields that parsed
 * (and the raw input), so its errors show up together with theirs; it may normalise `draft` in place.
 */
export type Refine<O> = (draft: Partial<O>, raw: Readonly<Record<string, unknown>>, path: string, ctx: ParseContext) => void;

const FAILED: { ok: false } = { ok: false };
const pass = <T>(value: T): Check<T> => ({ ok: true, value });

export function createContext(now: Date): ParseContext {
  return { now, today: shanghaiDateString(now), errors: [] };
}

/** Runs a parser on a whole payload. */
export function parseWith<T, I>(parser: Parser<T, I>, input: unknown, now: Date): ParseResult<T> {
  const ctx = createContext(now);
  const result = parser(input, '', ctx);
  return result.ok && ctx.errors.length === 0 ? { ok: true, value: result.value } : { ok: false, errors: ctx.errors };
}

export function joinPath(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/** Records an error and returns a failed check, for `return addError(...)` in parsers. */
export function addError(ctx: ParseContext, path: string, code: ErrorCode, message: string = ErrorCodes[code]): { ok: false } {
  ctx.errors.push({ code, field: path, message });
  return FAILED;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Missing, null, or a blank string: what a form sends for a field left empty. */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export interface StrOptions {
  /** in characters (code points); default 1 */
  min?: number;
  max?: number;
  /** applied after trimming and before the length and pattern checks */
  normalize?: (s: string) => string;
  pattern?: RegExp;
  patternCode?: ErrorCode;
  patternMessage?: string;
}

/** A trimmed string. */
export function str(opts: StrOptions = {}): Parser<string> {
  const { min = 1, max = Infinity, normalize, pattern, patternCode = 'INVALID_TYPE', patternMessage } = opts;
  return (input, path, ctx) => {
    if (typeof input !== 'string') return addError(ctx, path, 'INVALID_TYPE');
    const trimmed = input.trim();
    const value = normalize ? normalize(trimmed) : trimmed;
    const length = Array.from(value).length;
    if (length === 0 && min > 0) return addError(ctx, path, 'REQUIRED');
    if (length < min) return addError(ctx, path, 'TOO_SHORT', `${ErrorCodes.TOO_SHORT}（至少${min}个字）`);
    if (length > max) return addError(ctx, path, 'TOO_LONG', `${ErrorCodes.TOO_LONG}（最多${max}个字）`);
    if (pattern && !pattern.test(value)) return addError(ctx, path, patternCode, patternMessage);
    return pass(value);
  };
}

/** Every document id the functions make: a short prefix and hex, e.g. `q_rq_<32 hex>_<slot>`. */
export const ID_MAX_LENGTH = 64;
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const id = (): Parser<string> => str({ max: ID_MAX_LENGTH, pattern: ID_PATTERN });

export interface NumOptions {
  min?: number;
  max?: number;
  /** most digits allowed after the decimal point */
  decimals?: number;
  /** code for a value outside [min, max]; default OUT_OF_RANGE */
  rangeCode?: ErrorCode;
}

function rangeError(ctx: ParseContext, path: string, code: ErrorCode, min: number, max: number): { ok: false } {
  return addError(ctx, path, code, code === 'OUT_OF_RANGE' ? `${ErrorCodes.OUT_OF_RANGE}（${min}至${max}）` : undefined);
}

/** A finite JSON number (numeric strings are refused: the client sends numbers). */
export function num(opts: NumOptions = {}): Parser<number> {
  const { min = -Infinity, max = Infinity, decimals, rangeCode = 'OUT_OF_RANGE' } = opts;
  return (input, path, ctx) => {
    if (typeof input !== 'number' || !Number.isFinite(input)) return addError(ctx, path, 'INVALID_TYPE');
    if (decimals !== undefined) {
      // exact for decimal literals: rounding to `decimals` places gives back the same double
      const f = 10 ** decimals;
      if (Math.round(input * f) / f !== input) return addError(ctx, path, 'INVALID_TYPE', `最多保留${decimals}位小数`);
    }
    if (input < min || input > max) return rangeError(ctx, path, rangeCode, min, max);
    return pass(input);
  };
}

export function int(opts: Omit<NumOptions, 'decimals'> = {}): Parser<number> {
  const { min = -Infinity, max = Infinity, rangeCode = 'OUT_OF_RANGE' } = opts;
  return (input, path, ctx) => {
    if (typeof input !== 'number' || !Number.isInteger(input)) return addError(ctx, path, 'INVALID_TYPE', '应为整数');
    if (input < min || input > max) return rangeError(ctx, path, rangeCode, min, max);
    return pass(input);
  };
}

export function bool(): Parser<boolean> {
  return (input, path, ctx) => (typeof input === 'boolean' ? pass(input) : addError(ctx, path, 'INVALID_TYPE'));
}

/** One of a fixed list of string values (exact match). */
export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  const isMember = (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
  return (input, path, ctx) => (isMember(input) ? pass(input) : addError(ctx, path, 'INVALID_ENUM'));
}

export interface ArrayOptions {
  min?: number;
  max?: number;
  /** default REQUIRED for an empty array, TOO_SHORT otherwise */
  minCode?: ErrorCode;
  /** default TOO_LONG */
  maxCode?: ErrorCode;
}

/** An array whose items all parse; items are not looked at when the length is wrong (bounds the work). */
export function arrayOf<T, I>(item: Parser<T, I>, opts: ArrayOptions = {}): Parser<T[], I[]> {
  const { min = 0, max = Infinity, minCode, maxCode } = opts;
  return (input, path, ctx) => {
    if (!Array.isArray(input)) return addError(ctx, path, 'INVALID_TYPE');
    if (input.length < min) return addError(ctx, path, minCode ?? (input.length === 0 ? 'REQUIRED' : 'TOO_SHORT'));
    if (input.length > max) return maxCode ? addError(ctx, path, maxCode) : addError(ctx, path, 'TOO_LONG', `最多${max}项`);
    const mark = ctx.errors.length;
    const values: T[] = [];
    input.forEach((raw, i) => {
      const result = item(raw, joinPath(path, i), ctx);
      if (result.ok) values.push(result.value);
    });
    return ctx.errors.length === mark ? pass(values) : FAILED;
  };
}

/** Marks an object field as optional: when absent (see `isAbsent`) it is left out of the result. */
export function optional<T, I>(parser: Parser<T, I>): Optional<T, I> {
  return Object.assign((input: unknown, path: string, ctx: ParseContext) => parser(input, path, ctx), { absent: 'omit' as const });
}

/** An object field that takes `make()` when absent; a factory so results never share a default array. */
export function withDefault<T, I>(parser: Parser<T, I>, make: () => T): Defaulted<T, I> {
  return Object.assign((input: unknown, path: string, ctx: ParseContext) => parser(input, path, ctx), { absent: make });
}

export function map<T, U, I>(parser: Parser<T, I>, f: (value: T) => U): Parser<U, I> {
  return (input, path, ctx) => {
    const result = parser(input, path, ctx);
    return result.ok ? pass(f(result.value)) : FAILED;
  };
}

export interface DateOptions {
  notAfterToday?: boolean;
  /** oldest allowed, in days before today */
  maxDaysAgo?: number;
}

/** A strict 'YYYY-MM-DD' calendar date, compared with today in Shanghai. */
export function dateString(opts: DateOptions = {}): Parser<string> {
  return (input, path, ctx) => {
    if (typeof input !== 'string') return addError(ctx, path, 'INVALID_TYPE');
    const value = input.trim();
    if (!parseDateString(value)) return addError(ctx, path, 'INVALID_DATE');
    if (opts.notAfterToday && value > ctx.today) return addError(ctx, path, 'DATE_IN_FUTURE');
    if (opts.maxDaysAgo !== undefined && daysBetween(value, ctx.today) > opts.maxDaysAgo) return addError(ctx, path, 'DATE_TOO_OLD');
    return pass(value);
  };
}

/** An object with exactly the keys of `shape` (others are UNKNOWN_FIELD); absent required keys are REQUIRED. */
export function object<S extends Shape>(shape: S, refine?: Refine<ObjectOut<S>>): Parser<ObjectOut<S>, ObjectIn<S>> {
  return (input, path, ctx) => {
    if (!isRecord(input)) return addError(ctx, path, 'INVALID_TYPE');
    const mark = ctx.errors.length;
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) {
        addError(ctx, joinPath(path, key), 'UNKNOWN_FIELD', `${ErrorCodes.UNKNOWN_FIELD}：${key}`);
      }
    }
    const draft: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const raw = Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined;
      const fieldPath = joinPath(path, key);
      if (isAbsent(raw)) {
        if (typeof field.absent === 'function') draft[key] = field.absent();
        else if (field.absent !== 'omit') addError(ctx, fieldPath, 'REQUIRED');
        continue;
      }
      const result = field(raw, fieldPath, ctx);
      if (result.ok) draft[key] = result.value;
    }
    // the draft holds exactly the fields that parsed, keyed as in the shape
    refine?.(draft as Partial<ObjectOut<S>>, input, path, ctx);
    return ctx.errors.length === mark ? pass(draft as ObjectOut<S>) : FAILED;
  };
}

// ---------------------------------------------------------------------------------------------
// phones and documents

/** Mainland mobile number: spaces, dashes and a `+86` prefix are dropped; null unless 11 digits `1[3-9]…`. */
export function parsePhone(raw: string): string | null {
  const compact = toHalfWidth(raw).replace(/[\s-]/g, '');
  const digits = compact.startsWith('+86') ? compact.slice(3) : compact;
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

export type DocumentNumberResult = { ok: true; value: string; idCard?: IdCardInfo } | { ok: false; code: ErrorCode };

/** Normalised document number (half-width, upper case); ID cards also give what they encode. */
export function normalizeDocumentNumber(idType: IdType, raw: string, today: Date): DocumentNumberResult {
  if (idType === 'id_card') {
    const card = parseIdCard(raw, today);
    return card.ok ? { ok: true, value: card.value.number, idCard: card.value } : card;
  }
  const value = toHalfWidth(raw).trim().toUpperCase();
  if (idType === 'passport') return /^[A-Z0-9]{5,17}$/.test(value) ? { ok: true, value } : { ok: false, code: 'PASSPORT_FORMAT' };
  return /^[A-Z0-9-]{4,30}$/.test(value) ? { ok: true, value } : { ok: false, code: 'DOC_NUMBER_FORMAT' };
}
