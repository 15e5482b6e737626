/**
 * The household report (报备): what a resident (or a worker, 代报) files for the whole household.
 * The schema is the one statement of the payload: its types are read back from it.
 */
import { ErrorCodes, type FieldError } from './errors';
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
} from './household';
import { ageOn } from './time';
import {
  addError,
  arrayOf,
  bool,
  dateString,
  id,
  int,
  isAbsent,
  isRecord,
  joinPath,
  map,
  normalizeDocumentNumber,
  num,
  object,
  oneOf,
  optional,
  parsePhone,
  parseWith,
  str,
  type Infer,
  type InputOf,
  type ParseResult,
  type Parser,
} from './validation';

const FAILED: { ok: false } = { ok: false };
const pass = <T>(value: T) => ({ ok: true as const, value });

const phone: Parser<string> = (input, path, ctx) => {
  if (typeof input !== 'string') return addError(ctx, path, 'INVALID_TYPE');
  const value = parsePhone(input);
  return value === null ? addError(ctx, path, 'PHONE_FORMAT') : pass(value);
};

/** The longest name a household report takes (the form shows the count as the resident types). */
export const PERSON_NAME_MAX = 30;
const personName = str({
  max: PERSON_NAME_MAX,
  // IMEs offer several look-alikes of the 间隔号 used in transliterated names
  normalize: (s) => s.replace(/\s+/g, ' ').replace(/[•・‧]/g, '·'),
  pattern: /^[\p{L}\p{M}·]+(?: [\p{L}\p{M}·]+)*$/u,
  patternMessage: '姓名只能包含汉字、字母、间隔号“·”和空格',
});

/** Arrival and test dates: not in the future, at most this many days back (the forms' date pickers start there). */
export const RECENT_DATE_MAX_DAYS = 365;
const recentDate = dateString({ notAfterToday: true, maxDaysAgo: RECENT_DATE_MAX_DAYS });

/** Health questions start unanswered: a skipped answer must not be recorded as a fact (无症状 is an answer, `[]`). */
const health = object({
  /** °C, one decimal */
  temperature: optional(num({ min: TEMPERATURE_MIN, max: TEMPERATURE_MAX, decimals: 1, rangeCode: 'TEMPERATURE_RANGE' })),
  symptoms: map(arrayOf(oneOf(SYMPTOMS)), (list) => [...new Set(list)]),
  healthCode: oneOf(HEALTH_CODES),
  vaccineDoses: optional(int({ min: 0, max: 4 })),
  nucleicAcidDate: optional(recentDate),
  nucleicAcidResult: optional(oneOf(NUCLEIC_RESULTS)),
});

/** Who files: a resident (phones are required from 14), or a worker for a resident without a phone (代报). */
export type FilerKind = 'resident' | 'proxy';

/**
 * One member. A person filed before may be referred to by `personId` instead of their document: the
 * client never receives the full ID or phone, so a re-filing keeps the stored ones unless the
 * resident types new ones (the function checks the person is the caller's own).
 */
function memberOf(filer: FilerKind) {
  return object(
    {
      /** a person of this household filed before (their stored ID and phone are kept) */
      personId: optional(id()),
      name: personName,
      relation: oneOf(RELATIONS),
      idType: optional(oneOf(ID_TYPES)),
      // checked against idType below
      idNumber: optional(str()),
      phone: optional(phone),
      /** present only when the health/travel consent was given */
      health: optional(health),
    },
    (m, raw, path, ctx) => {
      const referred = !isAbsent(raw.personId);
      if (isAbsent(raw.idNumber)) {
        // a member not filed before needs a document
        if (!referred) addError(ctx, joinPath(path, 'idNumber'), 'REQUIRED');
        return;
      }
      if (m.idType === undefined) {
        if (isAbsent(raw.idType)) addError(ctx, joinPath(path, 'idType'), 'REQUIRED');
        return;
      }
      if (m.idNumber === undefined) return;
      const doc = normalizeDocumentNumber(m.idType, m.idNumber, ctx.now);
      if (!doc.ok) {
        addError(ctx, joinPath(path, 'idNumber'), doc.code);
        return;
      }
      m.idNumber = doc.value;
      // a new document is a new identity: it does not refer to the person filed before
      delete m.personId;
      // 代报 is for residents without a phone: the worker's work phone is the contact
      if (filer === 'proxy') return;
      // children may go without a phone: by the age on their ID card, else by relation
      const exempt = doc.idCard ? ageOn(doc.idCard.birthDate, ctx.today) < PHONE_OPTIONAL_UNDER_AGE : m.relation === 'child';
      // without an ID card the rule needs the relation; an invalid one is reported already
      const decidable = doc.idCard !== undefined || m.relation !== undefined;
      if (decidable && !exempt && isAbsent(raw.phone)) addError(ctx, joinPath(path, 'phone'), 'PHONE_REQUIRED');
    },
  );
}

/** `idType:number` of a raw member, or null when its document does not parse (reported elsewhere). */
function documentKey(raw: unknown, now: Date): string | null {
  if (isRecord(raw) && isAbsent(raw.idNumber) && typeof raw.personId === 'string') return `person:${raw.personId}`;
  if (!isRecord(raw) || typeof raw.idNumber !== 'string') return null;
  const idType = ID_TYPES.find((t) => t === raw.idType);
  if (!idType) return null;
  const doc = normalizeDocumentNumber(idType, raw.idNumber, now);
  return doc.ok ? `${idType}:${doc.value}` : null;
}

const memberListOf = (filer: FilerKind) =>
  arrayOf(memberOf(filer), { min: 1, max: MAX_MEMBERS, minCode: 'MEMBERS_EMPTY', maxCode: 'MEMBERS_TOO_MANY' });
type MemberList = ReturnType<typeof memberListOf>;

/** Members plus the household rules; those read the raw items so they are reported even while a member has other errors. */
const membersOf = (filer: FilerKind): Parser<Infer<MemberList>, InputOf<MemberList>> => {
  const memberList = memberListOf(filer);
  return (input, path, ctx) => {
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
};

const travel = object({
  /** province, city, district as picked in the region picker */
  fromRegion: arrayOf(str({ max: 20 }), { min: 1, max: 3 }),
  fromDetail: optional(str({ max: 100 })),
  arrivalDate: recentDate,
  transport: oneOf(TRANSPORTS),
  transportNo: optional(str({ max: 20 })),
});

/** The privacy notice (required), the separate consent to sensitive health and travel data, and the notice's version. */
const consent = object({ privacy: bool(), healthTravel: bool(), version: str({ max: 32 }) });

function householdReportObjectOf(filer: FilerKind) {
  return object(
  {
    /** client-generated id of this submission: a retry with the same id never duplicates */
    clientRequestId: str({ min: 8, max: 64, pattern: /^[A-Za-z0-9_-]+$/ }),
    buildingId: str({ max: 64 }),
    unit: str({ max: 20 }),
    room: str({ max: 20 }),
    category: oneOf(REPORT_CATEGORIES),
    members: membersOf(filer),
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
}
type HouseholdReportObject = ReturnType<typeof householdReportObjectOf>;

/** Prefixes member errors with the member's ordinal, e.g. `第2位成员：身份证号校验位不正确`. */
function withMemberOrdinal(e: FieldError): FieldError {
  const m = /^members\.(\d+)(?:\.|$)/.exec(e.field);
  return m ? { ...e, message: `第${Number(m[1]) + 1}位成员：${e.message}` } : e;
}

/** The payload of `report.submit` (`filer` resident) and `staff.proxyReport` (`proxy`): member errors name the member. */
export function householdReportFor(filer: FilerKind): Parser<Infer<HouseholdReportObject>, InputOf<HouseholdReportObject>> {
  const report = householdReportObjectOf(filer);
  return (input, path, ctx) => {
    const mark = ctx.errors.length;
    const result = report(input, path, ctx);
    ctx.errors.splice(mark, ctx.errors.length - mark, ...ctx.errors.slice(mark).map(withMemberOrdinal));
    return result;
  };
}
export const householdReport = householdReportFor('resident');
export const proxyHouseholdReport = householdReportFor('proxy');

export type MemberHealthInput = Infer<typeof health>;
/** One person of the household, as submitted (plaintext, never stored as-is). */
export type MemberInput = Infer<ReturnType<typeof memberOf>>;
export type TravelInput = Infer<typeof travel>;
export type ConsentInput = Infer<typeof consent>;
/** The payload of `report.submit` as a use case receives it. */
export type HouseholdReportInput = Infer<HouseholdReportObject>;

/** Validates the whole payload of `report.submit`; on failure returns every field error. */
export function parseHouseholdReport(input: unknown, now: Date, filer: FilerKind = 'resident'): ParseResult<HouseholdReportInput> {
  return parseWith(filer === 'proxy' ? proxyHouseholdReport : householdReport, input, now);
}
