/**
 * Verification batches (核查批次): an upper-level list, its columns mapped to fields once per source
 * (a saved column profile), each row validated with the domain's rules and dispatched to its grid.
 * Unmapped columns are kept: the return file gives back every original column in its order.
 */
import type { ErrorCode } from './errors';
import type { ProtectedValue } from './household';
import { ErrorCodes } from './errors';
import { normalizeAddressText, parseAddress } from './addresses';
import { idCardCheckChar, parseIdCard, toHalfWidth } from './idcard';
import { isValidCalendarDate, shanghaiDateString } from './time';
import { parsePhone } from './validation';

export const BATCH_FIELDS = ['name', 'idNumber', 'phone', 'address', 'origin', 'arrivalAt', 'transport', 'note'] as const;
export type BatchField = (typeof BATCH_FIELDS)[number];

export const BATCH_FIELD_LABELS: Record<BatchField, string> = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  address: '居住地址',
  origin: '来源地',
  arrivalAt: '到达时间',
  transport: '交通方式',
  note: '备注',
};

/** Header texts upstream lists use for each field (normalised by `normalizeHeader`), most usual first. */
export const HEADER_SYNONYMS: Record<BatchField, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名', '被核查人', '被核查人姓名', '核查对象', '旅客姓名', '乘客姓名', '客户姓名', '户主姓名', '联系人'],
  idNumber: ['身份证号', '身份证号码', '身份证', '公民身份号码', '公民身份证号', '证件号码', '证件号', '身份证件号码', '证件编号', '身份证明号码'],
  phone: ['手机号', '手机号码', '手机', '联系电话', '电话', '电话号码', '联系方式', '联系手机', '本人电话', '移动电话'],
  address: ['居住地址', '现住址', '现居住地址', '现住地址', '住址', '地址', '详细地址', '居住地', '家庭住址', '现居地', '落脚点', '落脚地址', '常住地址', '居住小区'],
  origin: ['来源地', '来自', '来源', '出发地', '始发地', '从何地来', '来源城市', '来源地区', '途经地', '旅居地', '14天旅居史', '行程'],
  arrivalAt: ['到达时间', '抵达时间', '到达日期', '抵达日期', '返回时间', '返回日期', '入境时间', '来京时间', '返乡时间', '到达本地时间'],
  transport: ['交通方式', '交通工具', '出行方式', '车次航班', '车次/航班', '航班车次', '航班号', '车次', '车牌号'],
  note: ['备注', '说明', '备注信息', '其他', '其他情况'],
};

/** 姓名（必填）, * 身份证号：, "手机 号" → 姓名, 身份证号, 手机号. */
export function normalizeHeader(raw: string): string {
  return toHalfWidth(String(raw ?? ''))
    .replace(/\([^)]*\)|（[^）]*）|【[^】]*】|\[[^\]]*\]/g, '')
    .replace(/[\s*:：、,，。.]/g, '')
    .toLowerCase();
}

/** Column indexes of the fields (a field maps to at most one column, a column to at most one field). */
export type ColumnMapping = Partial<Record<BatchField, number>>;

/**
 * The mapping a list's headers suggest: an exact synonym first, then a header that contains a
 * synonym (the longest synonym wins, so 居住地址 is not taken for 地址 of something else).
 */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const norm = headers.map(normalizeHeader);
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  const assign = (field: BatchField, column: number) => {
    mapping[field] = column;
    taken.add(column);
  };
  for (const field of BATCH_FIELDS) {
    const column = norm.findIndex((h, i) => !taken.has(i) && HEADER_SYNONYMS[field].includes(h));
    if (column >= 0) assign(field, column);
  }
  const contained: Array<{ field: BatchField; column: number; length: number }> = [];
  for (const field of BATCH_FIELDS) {
    if (mapping[field] !== undefined) continue;
    norm.forEach((h, column) => {
      if (taken.has(column) || !h) return;
      const best = HEADER_SYNONYMS[field].filter((syn) => syn.length >= 2 && h.includes(syn)).sort((a, b) => b.length - a.length)[0];
      if (best) contained.push({ field, column, length: best.length });
    });
  }
  contained.sort((a, b) => b.length - a.length);
  for (const c of contained) if (mapping[c.field] === undefined && !taken.has(c.column)) assign(c.field, c.column);
  return mapping;
}

/** A saved profile maps fields to header texts (normalised): a reordered list still maps. */
export type ProfileMapping = Partial<Record<BatchField, string>>;

export function profileOf(headers: readonly string[], mapping: ColumnMapping): ProfileMapping {
  const out: ProfileMapping = {};
  for (const field of BATCH_FIELDS) {
    const column = mapping[field];
    if (column !== undefined) out[field] = normalizeHeader(headers[column]);
  }
  return out;
}

/** Fields a saved profile must find again to be used without asking (the rest may come and go). */
const CORE_FIELDS: readonly BatchField[] = ['name', 'idNumber', 'phone', 'address'];

/**
 * The mapping a saved profile gives these headers; `complete` when the profile's core columns
 * (name, ID, phone, address) are all found and no header is new to the source (a new header may be
 * the address under another name): then nobody needs to confirm it. Fields it does not map are guessed.
 */
export function mappingFromProfile(
  headers: readonly string[],
  profile: ProfileMapping,
  knownHeaders: readonly string[] = [],
): { mapping: ColumnMapping; complete: boolean } {
  const norm = headers.map(normalizeHeader);
  const mapping: ColumnMapping = {};
  let complete = true;
  for (const field of BATCH_FIELDS) {
    const header = profile[field];
    if (header === undefined) continue;
    const column = norm.indexOf(header);
    if (column >= 0) mapping[field] = column;
    else if (CORE_FIELDS.includes(field)) complete = false;
  }
  const known = new Set([...knownHeaders, ...Object.values(profile)]);
  if (norm.some((h) => h && !known.has(h))) complete = false;
  const guessed = guessMapping(headers);
  const used = new Set(Object.values(mapping));
  for (const field of BATCH_FIELDS) {
    const column = guessed[field];
    if (mapping[field] === undefined && profile[field] === undefined && column !== undefined && !used.has(column)) {
      mapping[field] = column;
      used.add(column);
    }
  }
  return { mapping, complete: complete && mappingProblem(mapping, headers.length) === null };
}

/** Why a mapping cannot be used (a message for the user), or null. */
export function mappingProblem(mapping: ColumnMapping, columnCount: number): string | null {
  const columns = Object.values(mapping);
  if (columns.some((c) => c === undefined || !Number.isInteger(c) || c < 0 || c >= columnCount)) return '映射的列不存在';
  if (new Set(columns).size !== columns.length) return '同一列不能对应两个字段';
  if (mapping.name === undefined) return '请指定“姓名”所在的列';
  if (mapping.idNumber === undefined && mapping.phone === undefined) return '请指定“身份证号”或“手机号”所在的列';
  return null;
}

// ---------------------------------------------------------------------------------------------
// row validation

/** Longest cell value a field keeps (a list's remark column can be long). */
export const BATCH_VALUE_MAX: Record<BatchField, number> = {
  name: 30,
  idNumber: 40,
  phone: 40,
  address: 120,
  origin: 100,
  arrivalAt: 40,
  transport: 60,
  note: 300,
};

export interface RowError {
  field: BatchField;
  code: ErrorCode;
  message: string;
}

export type BatchDocument = { idType: 'id_card' | 'passport'; number: string };

/**
 * A 15-digit ID card (issued before 1999: 6 region digits, YYMMDD born 19YY, 3 sequence digits) as
 * its 18-digit form: the century inserted and the check character appended.
 */
export function upgradeOldIdCard(raw: string): string | null {
  const s = toHalfWidth(raw).trim();
  if (!/^\d{15}$/.test(s)) return null;
  const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
  return first17 + idCardCheckChar(first17);
}

/** An ID card number (18 or old 15 digits, checked per GB 11643) or a passport number; an error code otherwise. */
export function parseBatchDocument(raw: string, today: Date): { ok: true; value: BatchDocument } | { ok: false; code: ErrorCode } {
  const s = toHalfWidth(raw).replace(/\s/g, '').toUpperCase();
  const upgraded = upgradeOldIdCard(s);
  if (upgraded) {
    const card = parseIdCard(upgraded, today);
    return card.ok ? { ok: true, value: { idType: 'id_card', number: card.value.number } } : card;
  }
  // a passport: a letter, then letters and digits (an ID card always starts with a digit)
  if (/^[A-Z][A-Z0-9]{4,16}$/.test(s)) return { ok: true, value: { idType: 'passport', number: s } };
  if (/^\d{15}$|^\d{17}[\dX]$/.test(s) || /^\d/.test(s)) {
    const card = parseIdCard(s, today);
    return card.ok ? { ok: true, value: { idType: 'id_card', number: card.value.number } } : card;
  }
  return { ok: false, code: 'ID_CARD_FORMAT' };
}

/**
 * A date (and time) as lists write it — 2022-05-01, 2022/5/1, 2022.5.1, 2022年5月1日, 5月1日 (this
 * year), with an optional 14:30 — as `YYYY-MM-DD` or `YYYY-MM-DD HH:mm`; null if it is none.
 */
export function parseListDate(raw: string, today: Date): string | null {
  const s = toHalfWidth(raw).trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]?(\d{1,2})[:时点](\d{2})(?::\d{2})?分?)?$/.exec(s);
  let year: number;
  if (m) year = Number(m[1]);
  else {
    m = /^()(\d{1,2})[-/.月](\d{1,2})日?(?:[ T]?(\d{1,2})[:时点](\d{2})(?::\d{2})?分?)?$/.exec(s);
    if (!m) return null;
    year = Number(shanghaiDateString(today).slice(0, 4));
  }
  const [mo, d] = [Number(m[2]), Number(m[3])];
  if (!isValidCalendarDate(year, mo, d)) return null;
  const date = `${year}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (m[4] === undefined) return date;
  const [h, min] = [Number(m[4]), Number(m[5])];
  if (h > 23 || min > 59) return null;
  return `${date} ${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** A row's values after validation (ID and phone normalised; the rest trimmed). */
export interface BatchRowValues {
  name: string;
  document?: BatchDocument;
  phone?: string;
  address?: string;
  origin?: string;
  arrivalAt?: string;
  transport?: string;
  note?: string;
}

const message = (field: BatchField, code: ErrorCode, detail?: string) => ({
  field,
  code,
  message: `${BATCH_FIELD_LABELS[field]}：${detail ?? ErrorCodes[code]}`,
});

/** The cell of a field in a row, trimmed ('' when unmapped or empty). */
export function cellOf(cells: readonly string[], mapping: ColumnMapping, field: BatchField): string {
  const column = mapping[field];
  return column === undefined ? '' : String(cells[column] ?? '').trim();
}

/**
 * Validates one row of a list. Every problem is listed (a row can have several); the values hold
 * what could be read, so a row with a bad phone still has its ID for dedupe.
 */
export function validateBatchRow(cells: readonly string[], mapping: ColumnMapping, today: Date): { values: BatchRowValues; errors: RowError[] } {
  const errors: RowError[] = [];
  const get = (field: BatchField) => cellOf(cells, mapping, field);
  const tooLong = (field: BatchField, value: string) => {
    if (Array.from(value).length <= BATCH_VALUE_MAX[field]) return false;
    errors.push(message(field, 'TOO_LONG', `内容过长（最多${BATCH_VALUE_MAX[field]}字）`));
    return true;
  };

  const name = get('name').replace(/\s+/g, '');
  if (!name) errors.push(message('name', 'BATCH_NAME_REQUIRED'));
  else tooLong('name', name);
  const values: BatchRowValues = { name };

  const idRaw = get('idNumber');
  if (idRaw && !tooLong('idNumber', idRaw)) {
    const doc = parseBatchDocument(idRaw, today);
    if (doc.ok) values.document = doc.value;
    else errors.push(message('idNumber', doc.code));
  }

  const phoneRaw = get('phone');
  if (phoneRaw && !tooLong('phone', phoneRaw)) {
    // lists put two numbers in one cell (138…/139…, 138…；139…): the first valid one is the contact
    const phones = phoneRaw.split(/[/／,，;；、\s]+/).map(parsePhone);
    const phone = phones.find((p): p is string => p !== null);
    if (phone) values.phone = phone;
    else errors.push(message('phone', 'PHONE_FORMAT'));
  }
  if (!idRaw && !phoneRaw) errors.push(message(mapping.idNumber !== undefined ? 'idNumber' : 'phone', 'BATCH_IDENTITY_REQUIRED'));

  const arrival = get('arrivalAt');
  if (arrival && !tooLong('arrivalAt', arrival)) {
    const parsed = parseListDate(arrival, today);
    if (parsed) {
      if (parsed.slice(0, 10) > shanghaiDateString(today)) errors.push(message('arrivalAt', 'DATE_IN_FUTURE', '到达时间晚于今天'));
      else values.arrivalAt = parsed;
    } else errors.push(message('arrivalAt', 'INVALID_DATE', '日期格式不正确（如 2022-05-01 或 2022/5/1 14:30）'));
  }
  for (const field of ['address', 'origin', 'transport', 'note'] as const) {
    const v = get(field);
    if (v && !tooLong(field, v)) values[field] = v;
  }
  return { values, errors };
}

/**
 * The plain identities of a row, strongest first (each is hashed with a key before it is stored):
 * its document, its phone with its name, its name with its normalised address. Two rows sharing one
 * are the same person, so a corrected file (an ID fixed, a phone fixed) finds the row it corrects.
 */
export function rowIdentities(values: BatchRowValues, addressKey: string | null): string[] {
  const out: string[] = [];
  if (values.document) out.push(`doc:${values.document.idType}:${values.document.number}`);
  if (values.phone && values.name) out.push(`pn:${values.phone}|${values.name}`);
  if (values.name && addressKey) out.push(`na:${values.name}|${addressKey}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// rows, passes, outcomes

/**
 * A row's way: `invalid` (errors: waits for a fix, or is dispatched flagged), `unplaced` (待分拨),
 * `placed` (a building, hence a grid, is known: waits for dispatch), `dispatched` (an open queue
 * item), `out_of_area` (a dispatcher marked it 不在辖区), `closed` (an outcome was recorded).
 */
export const BATCH_ROW_STATES = ['invalid', 'unplaced', 'placed', 'dispatched', 'out_of_area', 'closed'] as const;
export type BatchRowState = (typeof BATCH_ROW_STATES)[number];
export const BATCH_ROW_STATE_LABELS: Record<BatchRowState, string> = {
  invalid: '有错误',
  unplaced: '待分拨',
  placed: '待派发',
  dispatched: '核查中',
  out_of_area: '不在辖区',
  closed: '已办结',
};

export const PHONE_OUTCOMES = ['reached', 'not_reached', 'wrong_number', 'refused'] as const;
export type PhoneOutcome = (typeof PHONE_OUTCOMES)[number];
export const PHONE_OUTCOME_LABELS: Record<PhoneOutcome, string> = {
  reached: '已接通',
  not_reached: '未接通',
  wrong_number: '号码错误',
  refused: '拒绝配合',
};

export const ROW_OUTCOMES = ['managed', 'out_of_area', 'not_found', 'left'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];
export const ROW_OUTCOME_LABELS: Record<RowOutcome, string> = {
  managed: '纳管',
  out_of_area: '不在辖区',
  not_found: '查无此人',
  left: '已离开',
};

export const PASS_KINDS = ['check', 'phone', 'visit', 'daily'] as const;
export type PassKind = (typeof PASS_KINDS)[number];
/** A pass's place in the order of `PASS_KINDS`: a row's `stage` only moves forward. */
export const passRank = (kind: PassKind): number => PASS_KINDS.indexOf(kind);
export const PASS_KIND_LABELS: Record<PassKind, string> = {
  check: '核对上级数据',
  phone: '电话核查',
  visit: '入户走访',
  daily: '每日更新',
};

/** Columns the return file adds after the original ones, in this order. */
export const RETURN_COLUMNS = ['核查结果', '管控措施', '核查人', '核查时间', '所属网格', '备注'] as const;

/** Rows a list may have (a street's police list: 100,000). */
export const BATCH_MAX_ROWS = 100_000;
/** Rows kept in one stored chunk of an import (and processed by one step of its job). */
export const BATCH_CHUNK_ROWS = 500;

// ---------------------------------------------------------------------------------------------
// stored documents

/** A named batch: one upstream list (and the corrected versions of it) for one place. */
export interface BatchDoc {
  /** `bt_` + keyed hash of (place, source, subject): the same name is the same batch */
  _id: string;
  /** the community (or street, area) the list was sent to: rows are placed under it */
  placeId: string;
  placePath: string[];
  source: string;
  subject: string;
  deadline: Date;
  /** the original columns of the latest import, in order (the return file's first columns) */
  headers: string[];
  /** the latest import's mapping (which original column is the ID, the phone… for masking) */
  mapping: ColumnMapping;
  createdByStaffId: string;
  /** set on the first dispatch: rows placed later are dispatched as they are placed */
  dispatchedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type ImportStatus = 'mapping' | 'running' | 'done';

/** One file imported into a batch: a resumable job over its stored chunks. */
export interface BatchImportDoc {
  /** `bi_` + keyed hash of (place, file hash): the same file is the same import */
  _id: string;
  batchId: string;
  placeId: string;
  fileHash: string;
  fileName?: string;
  headers: string[];
  mapping: ColumnMapping;
  rowCount: number;
  chunkCount: number;
  /** rows processed so far (the next row index): advanced only with the rows of its chunk written */
  cursor: number;
  status: ImportStatus;
  createdByStaffId: string;
  createdAt: Date;
  updatedAt: Date;
  doneAt?: Date;
}

/** Rows of an import as read from the file, encrypted (they hold ID and phone numbers). */
export interface BatchChunkDoc {
  /** `${importId}_${n}` */
  _id: string;
  importId: string;
  n: number;
  /** file row number of the chunk's first row */
  firstRowNumber: number;
  /** encrypted JSON of string[][] */
  rowsCipher: string;
}

export interface ColumnProfileDoc {
  /** `cp_` + keyed hash of (place, source) */
  _id: string;
  placeId: string;
  source: string;
  mapping: ProfileMapping;
  /** every header (normalised) the source's lists had when the mapping was confirmed */
  headers: string[];
  updatedByStaffId: string;
  updatedAt: Date;
}

export interface AddressAliasDoc {
  /** `al_` + keyed hash of (place, text) */
  _id: string;
  placeId: string;
  text: string;
  compoundId?: string;
  buildingId?: string;
  /** the address it was learned from, as the list wrote it */
  example: string;
  createdByStaffId: string;
  createdAt: Date;
}

export interface PassRecord {
  kind: PassKind;
  at: Date;
  /** null: filled by the system (核对上级数据 from 一人一档) */
  staffId: string | null;
  staffName: string;
  /** 电话核查 */
  phoneOutcome?: PhoneOutcome;
  inArea?: boolean;
  whereNow?: string;
  /** 入户走访 */
  atHome?: boolean;
  measures?: string;
  note?: string;
}

export interface BatchRowDoc {
  /** `br_` + keyed hash of (batch, first identity) */
  _id: string;
  batchId: string;
  /** the import that last wrote the row, and the file row it came from */
  importId: string;
  rowNumber: number;
  /** later rows of the same person in the batch's files (dedupe within the batch) */
  duplicateRows: number[];
  /** keyed hashes of `rowIdentities`: dedupe within and across batches, corrected re-imports */
  keys: string[];
  /** encrypted JSON of the original cells, in the order of the import's headers */
  cellsCipher: string;
  name: string;
  idType?: 'id_card' | 'passport';
  id?: ProtectedValue;
  phone?: ProtectedValue;
  address?: string;
  origin?: string;
  arrivalAt?: string;
  transport?: string;
  note?: string;
  errors: RowError[];
  state: BatchRowState;
  /** why the address found no building (待分拨) */
  unplacedReason?: string;
  /** how the row found its building */
  placedBy?: 'address' | 'alias' | 'person' | 'staff';
  communityId?: string;
  gridId?: string;
  buildingId?: string;
  /** the batch place's path until placed, then the building's */
  placePath: string[];
  /** while unplaced: the batch's place, whose 待分拨 list shows the row (null otherwise) */
  unplacedPlaceId: string | null;
  /** `${deadline ISO}|${batchId}|${rowNumber padded}`: lists page by it */
  sortKey: string;
  /** 一人一档: the person this row names */
  person?: { personId: string; householdId: string | null; status: string; buildingId: string; gridId: string };
  /** the same person in an earlier batch */
  earlier?: { batchId: string; subject: string; source: string; state: BatchRowState; outcome?: RowOutcome; at: Date };
  /** dispatched with errors (the worker sees 数据有误) */
  flagged?: boolean;
  passes: PassRecord[];
  /** the furthest pass recorded, in `PASS_KINDS` order (import: 'check'): the dashboard counts rows by it */
  stage: PassKind;
  outcome?: { kind: RowOutcome; note?: string; where?: string; isolationId?: string; staffId: string; staffName: string; at: Date };
  /** an outcome being recorded (a short lease: of two workers closing the row at once, one writes) */
  closing?: { token: string; staffId: string; until: Date };
  createdAt: Date;
  updatedAt: Date;
}

// ---------------------------------------------------------------------------------------------
// views (what the desk sees: masked)

export interface ImportView {
  importId: string;
  batchId: string;
  status: ImportStatus;
  /** the same file was imported before: nothing was added */
  duplicateFile: boolean;
  headers: string[];
  mapping: ColumnMapping;
  /** a saved profile of the source mapped every column: no confirmation needed */
  fromProfile: boolean;
  /** first rows, ID and phone columns masked */
  samples: string[][];
  rowCount: number;
  processed: number;
}

export type BatchStateCounts = Record<BatchRowState, number>;

export interface BatchView {
  batchId: string;
  source: string;
  subject: string;
  deadline: string;
  placeId: string;
  headers: string[];
  counts: BatchStateCounts;
  total: number;
  dispatched: boolean;
  createdAt: string;
}

export interface BatchRowView {
  rowId: string;
  batchId: string;
  rowNumber: number;
  duplicateRows: number[];
  name: string;
  idMasked?: string;
  phoneMasked?: string;
  address?: string;
  origin?: string;
  arrivalAt?: string;
  transport?: string;
  note?: string;
  errors: RowError[];
  state: BatchRowState;
  unplacedReason?: string;
  placedBy?: BatchRowDoc['placedBy'];
  buildingId?: string;
  gridId?: string;
  person?: { personId: string; status: string; householdId: string | null };
  earlier?: { batchId: string; subject: string; source: string; state: BatchRowState; outcome?: RowOutcome; at: string };
  /** the queue item, once dispatched */
  itemId?: string;
  flagged?: boolean;
  passes: Array<Omit<PassRecord, 'at'> & { at: string }>;
  outcome?: { kind: RowOutcome; note?: string; where?: string; staffName: string; at: string };
}

/** A row as its queue item shows it: the upper-level data (every original column, masked) and the batch. */
export interface BatchRowDetailView extends BatchRowView {
  subject: string;
  source: string;
  deadline: string;
  columns: Array<{ header: string; value: string }>;
  /** the other rows of this batch of the same household (by 一人一档) or the same building and room */
  together?: RowTogether[];
  /** 纳管 of a person 一人一档 does not know: the building the row was placed in and what the worker fills */
  filing?: RowFilingHint;
}

// ---------------------------------------------------------------------------------------------
// rows handled together; 纳管 of a person 一人一档 does not know

/** Rows handled at once (a household): at most this many. */
export const BATCH_ROWS_TOGETHER_MAX = 20;

/** Unit and room an address names (`2`, `301`), the unit as its building calls it when it has one (`2单元`). */
export function roomOfAddress(address: string | undefined, unitNames: readonly string[] = []): { unit?: string; room: string } | null {
  if (!address) return null;
  const parsed = parseAddress(address);
  if (!parsed.room) return null;
  const unit = parsed.unit ? (unitNames.find((u) => normalizeAddressText(u).replace(/单元$|门$/, '') === parsed.unit) ?? `${parsed.unit}单元`) : undefined;
  return { ...(unit ? { unit } : {}), room: parsed.room };
}

/** Rows of one building that name the same room: `unit|room` of the address (null: no room named). */
export function roomKeyOf(address: string | undefined): string | null {
  if (!address) return null;
  const parsed = parseAddress(address);
  return parsed.room ? `${parsed.unit ?? ''}|${parsed.room}` : null;
}

/** Another row of the batch the worker may handle with this one. */
export interface RowTogether {
  rowId: string;
  rowNumber: number;
  name: string;
  state: BatchRowState;
  /** why it is shown here: the same household in 一人一档, or the same building and room */
  by: 'household' | 'address';
  known: boolean;
  /** the list gives no ID number: 纳管 of an unknown person needs it typed */
  needsId: boolean;
  /** why it cannot be handled now (closed, another grid); absent: it can */
  refusal?: string;
}

/** Present when this row's person, or one of the rows to handle with it, is in no household of 一人一档. */
export interface RowFilingHint {
  buildingId: string;
  buildingName: string;
  /** the building's address (小区 + 楼栋) */
  place: string;
  units: Array<{ name: string; floors: number; roomsPerFloor: number }>;
  /** as the row's address reads */
  unit?: string;
  room?: string;
  /** this row's person is known (only rows handled with it are filed) */
  known: boolean;
  /** the row has no ID number: the worker types it */
  needsId: boolean;
  hasPhone: boolean;
}

/** One row's answer when several are handled at once: done, or refused with the reason. */
export type RowResult = { rowId: string; name: string; ok: true } | { rowId: string; name: string; ok: false; code: ErrorCode; message: string };
export interface BatchRowsResult {
  results: RowResult[];
  done: number;
}

// ---------------------------------------------------------------------------------------------
// progress (the desk's batch page) and the desk's row detail

/**
 * The lines of a batch's progress table: first the rows no grid holds — 有错误 (state invalid, not
 * yet dispatched flagged), 待分拨 (unplaced), 分拨时不在辖区 (a dispatcher's 不在辖区 while placing) —
 * then one line per grid of the rows placed in it (待派发, 核查中, 已办结), and the batch's total.
 */
export const PROGRESS_LINE_KINDS = ['invalid', 'unplaced', 'out_of_area', 'grid', 'total'] as const;
export type ProgressLineKind = (typeof PROGRESS_LINE_KINDS)[number];
export const PROGRESS_LINE_LABELS: Record<'invalid' | 'unplaced' | 'out_of_area' | 'total', string> = {
  invalid: '有错误',
  unplaced: '待分拨',
  out_of_area: '分拨时不在辖区',
  total: '全部',
};
/** The states of the rows placed in a grid: its progress line counts only these. */
export const GRID_ROW_STATES: readonly BatchRowState[] = ['placed', 'dispatched', 'closed'];
/** The line a row counts in, by its state (a grid line: the row's grid). */
export function progressLineOf(state: BatchRowState): Exclude<ProgressLineKind, 'total'> {
  return state === 'invalid' || state === 'unplaced' || state === 'out_of_area' ? state : 'grid';
}

/** One line of a batch's progress: a grid's rows (or the batch's, `gridId` null), counted server-side. */
export interface BatchProgressLine {
  kind: ProgressLineKind;
  gridId: string | null;
  gridName: string;
  total: number;
  /** rows with at least one pass of each kind (核对上级数据 is filled at import) */
  passes: Record<PassKind, number>;
  states: Record<BatchRowState, number>;
  /** closed rows by outcome (a row a dispatcher marked 不在辖区 counts as out_of_area) */
  outcomes: Record<RowOutcome, number>;
  /** rows not closed once the deadline has passed */
  overdue: number;
}

export interface BatchProgressView {
  batch: BatchView;
  overdue: boolean;
  totals: BatchProgressLine;
  /** the lines of the rows no grid holds, shown first: 有错误, 待分拨, 分拨时不在辖区 (always all three) */
  special: BatchProgressLine[];
  grids: BatchProgressLine[];
}

/** Which rows a number of the progress page stands for (the desk's filtered row list). */
export interface BatchRowFilter {
  state?: BatchRowState;
  /** only rows placed in a grid (`GRID_ROW_STATES`) */
  inGrid?: boolean;
  gridId?: string;
  pass?: PassKind;
  outcome?: RowOutcome;
  overdue?: boolean;
}

/** Rows still open (not closed, not marked 不在辖区): overdue once the deadline passes. */
export const OPEN_ROW_STATES: readonly BatchRowState[] = ['invalid', 'unplaced', 'placed', 'dispatched'];

/** The rows a line of the progress table counts, as a `batch.rows` filter. */
export function lineFilter(line: Pick<BatchProgressLine, 'kind' | 'gridId'>): BatchRowFilter {
  switch (line.kind) {
    case 'total':
      return {};
    case 'grid':
      return { inGrid: true, gridId: line.gridId! };
    default:
      return { state: line.kind };
  }
}

export interface ProgressColumn {
  key: string;
  label: string;
  /** the lines that have this cell (the others show none) */
  lines: readonly ProgressLineKind[];
  count: (l: BatchProgressLine) => number;
  /** the column's part of the cell's filter (added to the line's) */
  filter: BatchRowFilter;
}

const GRID_LINES: readonly ProgressLineKind[] = ['grid', 'total'];
const ALL_LINES = PROGRESS_LINE_KINDS;

/** The progress table's columns, once: the desk console draws them and a function test checks each cell. */
export const PROGRESS_COLUMNS: readonly ProgressColumn[] = [
  { key: 'total', label: '人数', lines: ALL_LINES, count: (l) => l.total, filter: {} },
  ...(['placed', 'dispatched', 'closed'] as const).map((s) => ({ key: s, label: BATCH_ROW_STATE_LABELS[s], lines: GRID_LINES, count: (l: BatchProgressLine) => l.states[s], filter: { state: s } })),
  ...PASS_KINDS.map((k) => ({ key: `pass_${k}`, label: PASS_KIND_LABELS[k], lines: GRID_LINES, count: (l: BatchProgressLine) => l.passes[k], filter: { pass: k } })),
  { key: 'overdue', label: '逾期', lines: ['invalid', 'unplaced', 'grid', 'total'], count: (l) => l.overdue, filter: { overdue: true } },
  ...ROW_OUTCOMES.map((o) => ({ key: `outcome_${o}`, label: ROW_OUTCOME_LABELS[o], lines: GRID_LINES, count: (l: BatchProgressLine) => l.outcomes[o], filter: { outcome: o } })),
];

/** The `batch.rows` filter that opens exactly the rows a cell counts; null: the line has no such cell. */
export function cellFilter(line: Pick<BatchProgressLine, 'kind' | 'gridId'>, column: ProgressColumn): BatchRowFilter | null {
  if (!column.lines.includes(line.kind)) return null;
  return { ...lineFilter(line), ...column.filter };
}

/** A row at the desk: its detail, and the values of its fields in error as the list wrote them (to fix them). */
export interface BatchRowDeskView extends BatchRowDetailView {
  fix: Partial<Record<BatchField, string>>;
  /** the fields the row's import mapped (only those can be fixed) */
  fixable: BatchField[];
}
