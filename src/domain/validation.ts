/**
 * A small strict schema toolkit, and the parser of the household report (`report.submit`).
 *
 * Parsers never throw on bad input: they push every problem they find into the context (with the
 * dotted path of the field) and keep going, so a form can show all of its errors at once. Objects
 * reject keys they do not declare, which keeps stored data to what the schema collects.
 */
import { ErrorCodes, type ErrorCode, type FieldError } from './errors';
import {
  HEALTH_CODES,
  ID_TYPES,
  MAX_MEMBERS,
  NUCLEIC_RESULTS,
  PHONE_OPTIONAL_UNDER_AGE,
  RELATIONS,
  REPORT_CATEGORIES,
  SYMPTOMS,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  TRANSPORTS,
  type HouseholdReportInput,
  type IdType,
  type MemberInput,
} from './household';
import { parseIdCard, toHalfWidth, type IdCardInfo } from './idcard';
import { ageOn, daysBetween, parseDateString, shanghaiDateString } from './time';

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
export type Parser<T> = (input: unknown, path: string, ctx: ParseContext) => Check<T>;
/** A field `object` may leave out of its result when absent. */
export type Optional<T> = Parser<T> & { readonly absent: 'omit' };
/** A field `object` fills with a default when absent. */
export type Defaulted<T> = Parser<T> & { readonly absent: () => T };

type Field = Parser<unknown> & { readonly absent?: 'omit' | (() => unknown) };
export type Shape = Record<string, Field>;

type FieldOut<F> = F extends Parser<infer T> ? T : never;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { absent: 'omit' } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOut<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: FieldOut<S[K]> } & { [K in OptionalKeys<S>]?: FieldOut<S[K]> }
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
export function parseWith<T>(parser: Parser<T>, input: unknown, now: Date): ParseResult<T> {
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
export function arrayOf<T>(item: Parser<T>, opts: ArrayOptions = {}): Parser<T[]> {
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
export function optional<T>(parser: Parser<T>): Optional<T> {
  return Object.assign((input: unknown, path: string, ctx: ParseContext) => parser(input, path, ctx), { absent: 'omit' as const });
}

/** An object field that takes `make()` when absent; a factory so results never share a default array. */
export function withDefault<T>(parser: Parser<T>, make: () => T): Defaulted<T> {
  return Object.assign((input: unknown, path: string, ctx: ParseContext) => parser(input, path, ctx), { absent: make });
}

export function map<T, U>(parser: Parser<T>, f: (value: T) => U): Parser<U> {
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
export function object<S extends Shape>(shape: S, refine?: Refine<ObjectOut<S>>): Parser<ObjectOut<S>> {
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

// ---------------------------------------------------------------------------------------------
// the household report

const phone: Parser<string> = (input, path, ctx) => {
  if (typeof input !== 'string') return addError(ctx, path, 'INVALID_TYPE');
  const value = parsePhone(input);
  return value === null ? addError(ctx, path, 'PHONE_FORMAT') : pass(value);
};

const personName = str({
  max: 30,
  // IMEs offer several look-alikes of the 间隔号 used in transliterated names
  normalize: (s) => s.replace(/\s+/g, ' ').replace(/[•・‧]/g, '·'),
  pattern: /^[\p{L}\p{M}·]+(?: [\p{L}\p{M}·]+)*$/u,
  patternMessage: '姓名只能包含汉字、字母、间隔号“·”和空格',
});

const recentDate = dateString({ notAfterToday: true, maxDaysAgo: 365 });

const health = object({
  temperature: optional(num({ min: TEMPERATURE_MIN, max: TEMPERATURE_MAX, decimals: 1, rangeCode: 'TEMPERATURE_RANGE' })),
  symptoms: withDefault(
    map(arrayOf(oneOf(SYMPTOMS)), (list) => [...new Set(list)]),
    () => [],
  ),
  healthCode: oneOf(HEALTH_CODES),
  vaccineDoses: optional(int({ min: 0, max: 4 })),
  nucleicAcidDate: optional(recentDate),
  nucleicAcidResult: optional(oneOf(NUCLEIC_RESULTS)),
});

const member: Parser<MemberInput> = object(
  {
    name: personName,
    relation: oneOf(RELATIONS),
    idType: oneOf(ID_TYPES),
    // checked against idType below
    idNumber: str(),
    phone: optional(phone),
    health: optional(health),
  },
  (m, raw, path, ctx) => {
    if (m.idType === undefined || m.idNumber === undefined) return;
    const doc = normalizeDocumentNumber(m.idType, m.idNumber, ctx.now);
    if (!doc.ok) {
      addError(ctx, joinPath(path, 'idNumber'), doc.code);
      return;
    }
    m.idNumber = doc.value;
    // children may go without a phone: by the age on their ID card, else by relation
    const exempt = doc.idCard ? ageOn(doc.idCard.birthDate, ctx.today) < PHONE_OPTIONAL_UNDER_AGE : m.relation === 'child';
    // without an ID card the rule needs the relation; an invalid one is reported already
    const decidable = doc.idCard !== undefined || m.relation !== undefined;
    if (decidable && !exempt && isAbsent(raw.phone)) addError(ctx, joinPath(path, 'phone'), 'PHONE_REQUIRED');
  },
);

/** `idType:number` of a raw member, or null when its document does not parse (reported elsewhere). */
function documentKey(raw: unknown, now: Date): string | null {
  if (!isRecord(raw) || typeof raw.idNumber !== 'string') return null;
  const idType = ID_TYPES.find((t) => t === raw.idType);
  if (!idType) return null;
  const doc = normalizeDocumentNumber(idType, raw.idNumber, now);
  return doc.ok ? `${idType}:${doc.value}` : null;
}

const memberList = arrayOf(member, { min: 1, max: MAX_MEMBERS, minCode: 'MEMBERS_EMPTY', maxCode: 'MEMBERS_TOO_MANY' });

/** Members plus the household rules; those read the raw items so they are reported even while a member has other errors. */
const members: Parser<MemberInput[]> = (input, path, ctx) => {
  const mark = ctx.errors.length;
  const list = memberList(input, path, ctx);
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_MEMBERS) return list;

  const selves = input.flatMap((m, i) => (isRecord(m) && m.relation === 'self' ? [i] : []));
  if (selves.length === 0) addError(ctx, path, 'REPORTER_REQUIRED');
  for (const i of selves.slice(1)) {
    addError(ctx, joinPath(joinPath(path, i), 'relation'), 'REPORTER_REQUIRED', '只能有一位成员的关系为“本人”');
  }

  const firstIndex = new Map<string, number>();
  input.forEach((m, i) => {
    const key = documentKey(m, ctx.now);
    if (key === null) return;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else
      addError(
        ctx,
        joinPath(joinPath(path, i), 'idNumber'),
        'DUPLICATE_MEMBER',
        `${ErrorCodes.DUPLICATE_MEMBER}（与第${first + 1}位成员相同）`,
      );
  });
  return list.ok && ctx.errors.length === mark ? list : FAILED;
};

const travel = object({
  fromRegion: arrayOf(str({ max: 20 }), { min: 1, max: 3 }),
  fromDetail: optional(str({ max: 100 })),
  arrivalDate: recentDate,
  transport: oneOf(TRANSPORTS),
  transportNo: optional(str({ max: 20 })),
});

const consent = object({ privacy: bool(), healthTravel: bool(), version: str({ max: 32 }) });

const householdReport: Parser<HouseholdReportInput> = object(
  {
    clientRequestId: str({ min: 8, max: 64, pattern: /^[A-Za-z0-9_-]+$/ }),
    buildingId: str({ max: 64 }),
    unit: str({ max: 20 }),
    room: str({ max: 20 }),
    category: oneOf(REPORT_CATEGORIES),
    members,
    travel: optional(travel),
    note: optional(str({ max: 500 })),
    consent,
  },
  (report, raw, path, ctx) => {
    const agreed = report.consent;
    if (!agreed) return; // its own errors are reported; the rules below depend on it
    if (!agreed.privacy) addError(ctx, joinPath(path, 'consent.privacy'), 'CONSENT_REQUIRED');
    if (agreed.healthTravel) {
      if (report.category === 'returning' && isAbsent(raw.travel)) addError(ctx, joinPath(path, 'travel'), 'TRAVEL_REQUIRED');
      return;
    }
    // sensitive personal information needs its own consent: refuse it rather than drop it silently
    if (!isAbsent(raw.travel)) addError(ctx, joinPath(path, 'travel'), 'HEALTH_CONSENT_REQUIRED');
    if (Array.isArray(raw.members)) {
      raw.members.slice(0, MAX_MEMBERS).forEach((m, i) => {
        if (isRecord(m) && !isAbsent(m.health)) addError(ctx, joinPath(path, `members.${i}.health`), 'HEALTH_CONSENT_REQUIRED');
      });
    }
  },
);

/** Prefixes member errors with the member's ordinal, e.g. `第2位成员：身份证号校验位不正确`. */
function withMemberOrdinal(e: FieldError): FieldError {
  const m = /^members\.(\d+)(?:\.|$)/.exec(e.field);
  return m ? { ...e, message: `第${Number(m[1]) + 1}位成员：${e.message}` } : e;
}

/** Validates the whole payload of `report.submit`; on failure returns every field error. */
export function parseHouseholdReport(input: unknown, now: Date): ParseResult<HouseholdReportInput> {
  const result = parseWith(householdReport, input, now);
  return result.ok ? result : { ok: false, errors: result.errors.map(withMemberOrdinal) };
}
