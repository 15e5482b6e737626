/**
 * The payload schema of every cloud function action, and the field limits they share — stated once.
 * A function's router parses with these (`cloudfunctions/common/handler.ts`), the contract derives
 * each payload type from them (`PayloadOf` what a client sends, `ParsedOf` what a use case gets),
 * and the mini-program's forms pre-validate with the same ones, so client and server cannot drift.
 */
import { CONFLICT_RESOLUTIONS, FAMILY_INVITE_ALPHABET, FAMILY_INVITE_CODE_LENGTH, normalizeFamilyInviteCode } from './household';
import { householdReport, proxyHouseholdReport } from './householdSchema';
import { ISOLATION_KINDS, MAX_ISOLATION_DAYS, CHECKIN_LIMITS } from './checkins';
import { ErrorCodes } from './errors';
import { BASE64_PATTERN, FILE_KINDS, FILE_PURPOSE_NAMES, fileIdField, SHA256_PATTERN, UPLOAD_CHUNK_BASE64_MAX } from './files';
import { DESK_SESSION_PATTERN, DESK_TICKET_PATTERN } from './desk';
import { PLACE_CODE_PATTERN, PLACE_LEVELS } from './places';
import { HHMM_PATTERN, HIERARCHY_LIMITS, SLOT_KEY_PATTERN, checkinSlotProblems, slaProblems } from './hierarchy';
import { QUEUE_KINDS, QUEUE_SEARCH_MAX } from './queue';
import { BATCH_ROW_STATES, BATCH_ROWS_TOGETHER_MAX, BATCH_VALUE_MAX, PASS_KINDS, PHONE_OUTCOMES, ROW_OUTCOMES } from './batches';
import { GRID_SORTS } from './dashboard';
import { requestInput, STAFF_REQUEST_ACTIONS } from './requests';
import { REVEAL_FIELDS, VERIFY_METHODS, VERIFY_OUTCOMES } from './audit';
import { INVITE_MAX_HOURS, STAFF_ROLES } from './staff';
import { REPORT_CATEGORIES } from './household';
import { BLANK_FIELD, LEDGER_FIELD_KEYS, LEDGER_LAYOUTS, LEDGER_LIMITS, PERSON_STATUSES, type LedgerColumnField } from './ledger';
import {
  addError,
  arrayOf,
  bool,
  dateString,
  id,
  int,
  joinPath,
  map,
  num,
  object,
  oneOf,
  optional,
  parsePhone,
  str,
  withDefault,
  type Parser,
} from './validation';

// ---------------------------------------------------------------------------------------------
// limits shared by the schemas and the forms

export const LIMITS = {
  /** a worker's or resident's note on an action (reject reason, hand-over, verification…) */
  note: 200,
  /** why a full ID or phone number is revealed (audited) */
  revealReason: { min: 2, max: 100 },
  /** a staff member's name, as the inviting admin types it (the staff list's cursor carries it) */
  staffName: 30,
  /** places one staff member is responsible for */
  staffScope: 20,
  /** why an isolation starts, or ends early */
  isolationReason: 200,
  /** reports verified at once (批量核实): a page of the queue */
  batchVerify: 50,
  /** persons put under isolation at once: a household */
  batchIsolation: 20,
  /** why a place's QR code is rotated (泄露, 印错…) */
  rotateReason: 100,
  /** a verification batch's source (下发单位) or subject (机场专项) */
  batchName: 40,
} as const;

export { ID_MAX_LENGTH, ID_PATTERN, id } from './validation';

/**
 * The one limit on an opaque list cursor (cloudfunctions/common/cursors.ts makes them all). Every
 * cursor codec computes its longest possible cursor when it is declared and refuses to exist above
 * this, so a real cursor always fits: the longest is the staff list's (a 30-character name of 6-byte
 * JSON escapes, then an id) at 346; the queue's is at most 138.
 */
export const CURSOR_MAX_LENGTH = 512;
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;
export const BAD_CURSOR_MESSAGE = '分页参数无效，请刷新后重试';

/** A cursor is only ever one the server made: anything else is a bad request, not a "too long" field. */
const cursorText: Parser<string | null> = (input, path, ctx) =>
  typeof input === 'string' && input.length <= CURSOR_MAX_LENGTH && CURSOR_PATTERN.test(input)
    ? { ok: true, value: input }
    : addError(ctx, path, 'BAD_REQUEST', BAD_CURSOR_MESSAGE);

/** The page after `cursor`; absent or null: the first page. */
export const cursor = withDefault(cursorText, () => null);

const note = optional(str({ max: LIMITS.note }));
const empty = object({});
const cursorOnly = object({ cursor });

// ---------------------------------------------------------------------------------------------
// staff payloads with rules of their own

/** Who is invited as staff; the invite form pre-validates with this. */
export const staffInvite = object({
  role: oneOf(STAFF_ROLES),
  name: str({ max: LIMITS.staffName }),
  workPhone: optional(str({ max: 20, normalize: (p) => parsePhone(p) ?? p, pattern: /^1[3-9]\d{9}$/, patternCode: 'PHONE_FORMAT' })),
  scope: arrayOf(id(), { min: 1, max: LIMITS.staffScope }),
  expiresInHours: optional(int({ min: 1, max: INVITE_MAX_HOURS })),
});

export const revealReason = str(LIMITS.revealReason);

/** How a report was verified: one way or several (听声 and 验码 on one call), each once. */
export const verifyMethods = map(arrayOf(oneOf(VERIFY_METHODS), { min: 1, max: 2 * VERIFY_METHODS.length }), (list) => [...new Set(list)]);

/** What an isolation start says, for one person or several. */
const isolationStart = {
  kind: oneOf(ISOLATION_KINDS),
  startDate: dateString(),
  plannedDays: int({ min: 1, max: MAX_ISOLATION_DAYS }),
  reason: str({ max: LIMITS.isolationReason }),
};

/** Ids of a batch, each once. */
const idBatch = (max: number) => map(arrayOf(id(), { min: 1, max }), (list) => [...new Set(list)]);

const isolationLookup = object({ personId: optional(id()), isolationId: optional(id()) }, (draft, _raw, path, ctx) => {
  if (!draft.personId && !draft.isolationId) addError(ctx, joinPath(path, 'personId'), 'REQUIRED');
});

const checkinSubmit = object({
  personId: id(),
  temperature: num({
    min: CHECKIN_LIMITS.TEMPERATURE_MIN,
    max: CHECKIN_LIMITS.TEMPERATURE_MAX,
    decimals: 1,
    rangeCode: 'TEMPERATURE_RANGE',
  }),
  // each symptom once, however often it was ticked
  symptoms: withDefault(
    map(arrayOf(oneOf(CHECKIN_LIMITS.SYMPTOMS), { max: CHECKIN_LIMITS.SYMPTOMS.length }), (list) => [...new Set(list)]),
    () => [],
  ),
});

// ---------------------------------------------------------------------------------------------
// the place hierarchy (admin)

const placeName = str({ max: HIERARCHY_LIMITS.placeName });
const buildingUnit = object({
  name: str({ max: HIERARCHY_LIMITS.unitName }),
  floors: int({ min: 1, max: HIERARCHY_LIMITS.floors }),
  roomsPerFloor: int({ min: 1, max: HIERARCHY_LIMITS.roomsPerFloor }),
});
/** A building's units: one at least, each name once. */
export const buildingUnits: Parser<Array<{ name: string; floors: number; roomsPerFloor: number }>> = (input, path, ctx) => {
  const parsed = arrayOf(buildingUnit, { min: 1, max: HIERARCHY_LIMITS.units })(input, path, ctx);
  if (!parsed.ok) return parsed;
  const seen = new Set<string>();
  for (const [i, u] of parsed.value.entries()) {
    if (seen.has(u.name)) return addError(ctx, joinPath(joinPath(path, i), 'name'), 'INVALID_TYPE', '单元名称不能重复');
    seen.add(u.name);
  }
  return parsed;
};
const hhmm = str({ max: 5, pattern: HHMM_PATTERN, patternMessage: '时间应为 HH:mm，例如 08:30' });
const checkinSlot = object({
  key: str({ max: 6, pattern: SLOT_KEY_PATTERN, patternMessage: '时段标识应为小写字母开头的1-6位字母或数字' }),
  label: str({ max: 10 }),
  opensAt: hhmm,
  closesAt: hhmm,
});
const slaMinutes = int({ min: HIERARCHY_LIMITS.slaMin, max: HIERARCHY_LIMITS.slaMax });
export const communitySettingsInput = object(
  {
    communityId: id(),
    slaMinutes: optional(object({ emergency: slaMinutes, urgent: slaMinutes, normal: slaMinutes })),
    checkinSlots: optional(arrayOf(checkinSlot, { min: 1, max: HIERARCHY_LIMITS.checkinSlotsMax })),
  },
  (draft, _raw, path, ctx) => {
    const problems = [
      ...(draft.slaMinutes ? slaProblems(draft.slaMinutes) : []),
      ...(draft.checkinSlots ? checkinSlotProblems(draft.checkinSlots) : []),
    ];
    for (const [field, message] of problems) addError(ctx, joinPath(path, field), 'OUT_OF_RANGE', message);
  },
);
const moveIds = map(arrayOf(id(), { min: 1, max: HIERARCHY_LIMITS.moveMax }), (list) => [...new Set(list)]);
// ledger export (issue 14)

/** Each value once. */
const setOf = <T extends string>(values: readonly T[]) => map(arrayOf(oneOf(values), { min: 1, max: values.length }), (list) => [...new Set(list)]);

/** What an export covers; the profile's layout must be `layout`. */
export const exportRequest = object(
  {
    layout: oneOf(LEDGER_LAYOUTS),
    profileId: id(),
    /** places under the caller's scope (default: all of it) */
    scope: optional(map(arrayOf(id(), { min: 1, max: LEDGER_LIMITS.scope }), (list) => [...new Set(list)])),
    /** 人员类别 of the household's latest filing */
    categories: optional(setOf(REPORT_CATEGORIES)),
    /** 管控状态 of the person (一户一账: of any member) */
    statuses: optional(setOf(PERSON_STATUSES)),
    /** 填报时间 (the latest filing), Shanghai calendar days, inclusive */
    from: optional(dateString()),
    to: optional(dateString()),
    /** only rows new or changed since the caller's last export of this profile and scope */
    onlyChanges: withDefault(bool(), () => false),
    /** full ID and phone numbers: audited with the reason */
    full: optional(object({ reason: revealReason })),
  },
  (draft, _raw, path, ctx) => {
    if (draft.from && draft.to && draft.from > draft.to) addError(ctx, joinPath(path, 'to'), 'OUT_OF_RANGE', '结束日期不能早于开始日期');
  },
);

const ledgerColumn = object({
  field: oneOf<LedgerColumnField>([...LEDGER_FIELD_KEYS, BLANK_FIELD]),
  header: str({ max: LEDGER_LIMITS.header, normalize: (h) => h.trim() }),
});

export const ledgerProfileInput = object({
  /** absent: a new profile */
  profileId: optional(id()),
  name: str({ max: LEDGER_LIMITS.profileName, normalize: (n) => n.trim() }),
  layout: oneOf(LEDGER_LAYOUTS),
  columns: arrayOf(ledgerColumn, { min: 1, max: LEDGER_LIMITS.columns }),
});

// verification batches

/** Which column (0-based) each field is in; a list has at most 200 columns. */
const column = optional(int({ min: 0, max: 199 }));
const batchMapping = object({
  name: column,
  idNumber: column,
  phone: column,
  address: column,
  origin: column,
  arrivalAt: column,
  transport: column,
  note: column,
});
/** A row's corrected values (empty clears a cell). */
const fixValue = (max: number) => optional(str({ min: 0, max }));
const batchValues = object({
  name: fixValue(BATCH_VALUE_MAX.name),
  idNumber: fixValue(BATCH_VALUE_MAX.idNumber),
  phone: fixValue(BATCH_VALUE_MAX.phone),
  address: fixValue(BATCH_VALUE_MAX.address),
  origin: fixValue(BATCH_VALUE_MAX.origin),
  arrivalAt: fixValue(BATCH_VALUE_MAX.arrivalAt),
  transport: fixValue(BATCH_VALUE_MAX.transport),
  note: fixValue(BATCH_VALUE_MAX.note),
});

/** A grid worker's pass on a row (or on several rows of one household at once). */
const batchPass = {
  kind: oneOf(['phone', 'visit', 'daily'] as const),
  phoneOutcome: optional(oneOf(PHONE_OUTCOMES)),
  inArea: optional(bool()),
  whereNow: optional(str({ max: LIMITS.note })),
  atHome: optional(bool()),
  measures: optional(str({ max: LIMITS.note })),
  note,
};
/**
 * 纳管 of persons 一人一档 does not know: the room of the building the row was placed in, what the
 * list lacks (an ID number, a phone) per row, and that the person was told of the filing.
 */
const rowFiling = object({
  unit: str({ max: 20 }),
  room: str({ max: 20 }),
  informed: bool(),
  members: withDefault(
    arrayOf(
      object({
        rowId: id(),
        idNumber: optional(str({ max: BATCH_VALUE_MAX.idNumber })),
        phone: optional(str({ max: 20, normalize: (p) => parsePhone(p) ?? p, pattern: /^1[3-9]\d{9}$/, patternCode: 'PHONE_FORMAT' })),
      }),
      { max: BATCH_ROWS_TOGETHER_MAX },
    ),
    () => [],
  ),
});
const batchOutcome = {
  outcome: oneOf(ROW_OUTCOMES),
  where: optional(str({ max: LIMITS.note })),
  note,
  /** 纳管: start home isolation or health monitoring for the person the row names */
  isolation: optional(object(isolationStart)),
  /** 纳管 of a person 一人一档 does not know: filed (person and household) from the row first */
  filing: optional(rowFiling),
};

// ---------------------------------------------------------------------------------------------
// every action

/** A place code as printed (upper-cased; the alphabet of PLACE_CODE_PATTERN). */
const placeCode = str({
  max: 32,
  normalize: (c) => c.toUpperCase(),
  pattern: PLACE_CODE_PATTERN,
  patternCode: 'PLACE_CODE_INVALID',
  patternMessage: ErrorCodes.PLACE_CODE_INVALID,
});

export const ActionSchemas = {
  place: {
    resolve: object({ code: placeCode }),
    buildings: object({ communityId: id(), cursor }),
  },
  report: {
    submit: householdReport,
    myHousehold: empty,
    myReports: cursorOnly,
    createFamilyInvite: empty,
    acceptFamilyInvite: object({
      code: str({
        max: 20,
        normalize: normalizeFamilyInviteCode,
        pattern: new RegExp(`^[${FAMILY_INVITE_ALPHABET}]{${FAMILY_INVITE_CODE_LENGTH}}$`),
        patternCode: 'FAMILY_INVITE_INVALID',
      }),
    }),
  },
  staff: {
    me: empty,
    queue: object({
      kind: optional(oneOf(QUEUE_KINDS)),
      status: withDefault(oneOf(['open', 'in_progress'] as const), () => 'open' as const),
      /** one building of the caller's scope */
      buildingId: optional(id()),
      /** a name, a room or a phone's last four digits (`searchKeyOf`) */
      search: optional(str({ max: QUEUE_SEARCH_MAX })),
      cursor,
      // the dashboard's numbers open these lists (issue 14): a place of the scope (grid, area…), one urgency, past due
      placeId: optional(id()),
      priority: optional(oneOf(['emergency', 'urgent', 'normal'] as const)),
      overdue: optional(bool()),
    }),
    item: object({ itemId: id() }),
    reveal: object({ personId: id(), field: oneOf(REVEAL_FIELDS), reason: revealReason }),
    call: object({ itemId: id(), personId: id() }),
    verify: object({ itemId: id(), outcome: oneOf(VERIFY_OUTCOMES), methods: verifyMethods, note }),
    verifyMany: object({ itemIds: idBatch(LIMITS.batchVerify), outcome: oneOf(VERIFY_OUTCOMES), methods: verifyMethods, note }),
    requestAction: object({ itemId: id(), action: oneOf(STAFF_REQUEST_ACTIONS), note }),
    assignees: object({ itemId: id() }),
    reassign: object({
      itemId: id(),
      toStaffId: id(),
      // the assignee the caller saw (NO_ASSIGNEE: none): a hand-over made meanwhile by someone else wins
      expectedAssignee: optional(id()),
      note,
    }),
    proxyReport: proxyHouseholdReport,
    buildings: cursorOnly,
    places: object({ parentId: optional(id()) }),
    createInvite: staffInvite,
    acceptInvite: object({ inviteCode: str({ max: 32, normalize: (c) => c.toUpperCase().replace(/\s/g, '') }) }),
    listStaff: cursorOnly,
    // a member's activation, scope or role (a worker made a dispatcher for the data desk, and back)
    updateStaff: object({
      staffId: id(),
      active: optional(bool()),
      scope: optional(arrayOf(id(), { min: 1, max: LIMITS.staffScope })),
      role: optional(oneOf(STAFF_ROLES)),
    }),
    startIsolation: object({ personId: id(), ...isolationStart }),
    startIsolations: object({ personIds: idBatch(LIMITS.batchIsolation), ...isolationStart }),
    extendIsolation: object({ isolationId: id(), days: int({ min: 1, max: MAX_ISOLATION_DAYS }), note }),
    endIsolation: object({ isolationId: id(), reason: optional(str({ max: LIMITS.isolationReason })) }),
    // placeId: one place of the scope (the dashboard's numbers of a grid open its roster)
    roster: object({ date: optional(dateString()), cursor, placeId: optional(id()) }),
    isolation: isolationLookup,
    acknowledge: object({ itemId: id(), note }),
    resolveConflict: object({ itemId: id(), resolution: oneOf(CONFLICT_RESOLUTIONS), note }),
    householdInvite: object({ householdId: id() }),
  },
  checkin: {
    today: empty,
    submit: checkinSubmit,
    subscribe: object({ enabled: bool() }),
  },
  file: {
    prepareUpload: object({ purpose: oneOf(FILE_PURPOSE_NAMES), kind: oneOf(FILE_KINDS), size: int({ min: 1, max: 1024 * 1024 * 1024 }) }),
    check: object({ fileId: fileIdField() }),
    url: object({ fileId: fileIdField() }),
    // the desk's chunked upload through the HTTP access path (see UPLOAD_CHUNK_BYTES)
    beginUpload: object({
      purpose: oneOf(FILE_PURPOSE_NAMES),
      name: str({ max: 200 }),
      size: int({ min: 1, max: 1024 * 1024 * 1024 }),
      sha256: str({ pattern: SHA256_PATTERN, max: 64, normalize: (s) => s.toLowerCase() }),
    }),
    uploadChunk: object({
      uploadId: id(),
      index: int({ min: 0, max: 1_000_000 }),
      data: str({ pattern: BASE64_PATTERN, max: UPLOAD_CHUNK_BASE64_MAX }),
    }),
    finishUpload: object({ uploadId: id() }),
  },
  desk: {
    createTicket: empty,
    poll: object({ ticketId: str({ pattern: DESK_TICKET_PATTERN, max: 26 }), pollSecret: str({ pattern: /^[0-9a-f]{64}$/, max: 64 }) }),
    ticket: object({ ticketId: str({ pattern: DESK_TICKET_PATTERN, max: 26 }) }),
    confirm: object({ ticketId: str({ pattern: DESK_TICKET_PATTERN, max: 26 }) }),
    sessions: empty,
    end: object({ sessionId: str({ pattern: DESK_SESSION_PATTERN, max: 26 }) }),
  },
  request: {
    create: requestInput,
    mine: cursorOnly,
    detail: object({ requestId: id() }),
    cancel: object({ requestId: id(), note }),
  },
  hierarchy: {
    children: object({ parentId: optional(id()), includeRetired: optional(bool()), cursor }),
    create: object({ parentId: id(), level: oneOf(PLACE_LEVELS), name: placeName, units: optional(buildingUnits) }),
    rename: object({ placeId: id(), name: placeName }),
    reorder: object({
      parentId: id(),
      orderedIds: map(arrayOf(id(), { min: 1, max: HIERARCHY_LIMITS.reorder }), (list) => [...new Set(list)]),
    }),
    retire: object({ placeId: id() }),
    setUnits: object({ buildingId: id(), units: buildingUnits }),
    settings: object({ communityId: id() }),
    updateSettings: communitySettingsInput,
    importTemplate: object({ format: withDefault(oneOf(['xlsx', 'csv'] as const), () => 'xlsx' as const) }),
    importPreview: object({ fileId: fileIdField(), rootId: optional(id()) }),
    importApply: object({ fileId: fileIdField(), rootId: optional(id()) }),
    move: object({ placeIds: moveIds, toParentId: id() }),
    split: object({ gridId: id(), name: placeName, placeIds: moveIds }),
    job: object({ jobId: id() }),
    runJob: object({ jobId: id() }),
  },
  poster: {
    /** the caller's scope places (no parentId), or the children of one of them, with their codes */
    codes: object({ parentId: optional(id()), cursor }),
    /** the code the admin saw: a rotation made meanwhile by someone else wins */
    rotateCode: object({ placeId: id(), code: placeCode, reason: optional(str({ max: LIMITS.rotateReason })) }),
    poster: object({ placeId: id() }),
  },
  ledger: {
    profiles: object({ layout: optional(oneOf(LEDGER_LAYOUTS)) }),
    saveProfile: ledgerProfileInput,
    deleteProfile: object({ profileId: id() }),
    templateProfile: object({ fileId: fileIdField(), layout: oneOf(LEDGER_LAYOUTS) }),
    start: exportRequest,
    step: object({ jobId: id() }),
    job: object({ jobId: id() }),
    jobs: empty,
  },
  // 数据看板 (issue 14 §2): the caller's scope, or one place of it
  dashboard: {
    overview: object({ placeId: optional(id()) }),
    grids: object({ placeId: optional(id()), sort: optional(oneOf(GRID_SORTS)), ascending: optional(bool()), cursor }),
  },
  batch: {
    upload: object({
      fileId: fileIdField(),
      source: str({ max: LIMITS.batchName }),
      subject: str({ max: LIMITS.batchName }),
      /** ISO 8601 date-time */
      deadline: str({ max: 40, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, patternCode: 'INVALID_DATE' }),
      placeId: optional(id()),
    }),
    confirmMapping: object({ importId: id(), mapping: batchMapping }),
    run: object({ importId: id() }),
    importStatus: object({ importId: id() }),
    list: cursorOnly,
    batch: object({ batchId: id() }),
    rows: object({
      batchId: id(),
      state: optional(oneOf(BATCH_ROW_STATES)),
      // a grid line of the progress page: only rows placed in a grid (待派发, 核查中, 已办结)
      inGrid: optional(bool()),
      // the progress page's numbers: a grid's rows, rows with a pass, closed by an outcome, overdue
      gridId: optional(id()),
      pass: optional(oneOf(PASS_KINDS)),
      outcome: optional(oneOf(ROW_OUTCOMES)),
      overdue: optional(bool()),
      cursor,
    }),
    unplaced: object({ placeId: optional(id()), cursor }),
    // the dashboard's per-pass numbers: rows under a place of the scope (else the scope) being checked, by furthest pass
    stageRows: object({ stage: oneOf(PASS_KINDS), placeId: optional(id()), cursor }),
    place: object({ rowId: id(), buildingId: optional(id()), outOfArea: optional(bool()), note }),
    fixRow: object({ rowId: id(), values: batchValues }),
    errorFile: object({ batchId: id() }),
    dispatch: object({ batchId: id(), withErrors: optional(bool()) }),
    call: object({ rowId: id() }),
    pass: object({ rowId: id(), ...batchPass }),
    outcome: object({ rowId: id(), ...batchOutcome }),
    returnFile: object({ batchId: id(), full: optional(bool()), reason: optional(revealReason) }),
    // several rows of one household at once: each row its own pass or outcome, refused row by row
    passRows: object({ rowIds: idBatch(BATCH_ROWS_TOGETHER_MAX), ...batchPass }),
    outcomeRows: object({ rowIds: idBatch(BATCH_ROWS_TOGETHER_MAX), ...batchOutcome }),
    // the desk console (issue 13 §4–5): a batch's progress, one row's detail (with its wrong values, to fix them)
    progress: object({ batchId: id() }),
    row: object({ rowId: id() }),
  },
} as const;
