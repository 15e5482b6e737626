/**
 * The request form as the resident fills it (strings for what is typed), and its translation into
 * the `request.create` payload. Validation is the domain's `parseRequestInput`; nothing here
 * re-implements its rules.
 */
import {
  MAX_COMPANIONS,
  REQUEST_KINDS,
  SHANGHAI_OFFSET_MINUTES,
  type FieldError,
  type HouseholdView,
  type RequestKind,
  type Urgency,
} from '../../domain';

export interface ItemDraft {
  /** stable React key: indexes shift when a row is removed */
  key: number;
  name: string;
  /** as typed; a number is sent when it reads as one */
  quantity: string;
  unit: string;
}

export interface RequestDraft {
  kind: RequestKind;
  personId: string | null;
  urgency: Urgency;
  items: ItemDraft[];
  drug: string;
  drugQuantity: string;
  /** the prescription photo, once uploaded and checked by the server */
  prescriptionFileId: string | null;
  reason: string;
  hospital: string;
  /** 'YYYY-MM-DD' (Shanghai) or '' */
  pickupDate: string;
  /** 'HH:mm' or '' */
  pickupTime: string;
  companions: number;
  recurring: boolean;
  /** as typed, like a quantity */
  everyDays: string;
  /** 'YYYY-MM-DD' or '' */
  until: string;
  description: string;
  note: string;
}

/** The transport fields, edited together by their own component. */
export type TransportDraft = Pick<
  RequestDraft,
  'reason' | 'hospital' | 'pickupDate' | 'pickupTime' | 'companions' | 'recurring' | 'everyDays' | 'until'
>;

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 99;
export const MIN_EVERY_DAYS = 1;
export const MAX_EVERY_DAYS = 14;
/** dialysis, the commonest recurring trip, is every two days */
const DEFAULT_EVERY_DAYS = 2;
export const COMPANION_COUNTS = Array.from({ length: MAX_COMPANIONS + 1 }, (_, i) => i);

let nextKey = 1;

export function emptyItem(): ItemDraft {
  return { key: nextKey++, name: '', quantity: String(MIN_QUANTITY), unit: '' };
}

export function parseKind(raw: string | null): RequestKind {
  return (REQUEST_KINDS as readonly string[]).includes(raw ?? '') ? (raw as RequestKind) : 'supplies';
}

/** The request is for the resident (本人) unless they pick someone else. */
export function defaultPersonId(household: HouseholdView | null): string | null {
  const members = household?.members ?? [];
  const self = members.find((m) => m.relation === 'self') ?? (members.length === 1 ? members[0] : undefined);
  return self?.personId ?? null;
}

/** A fresh form for a kind. */
export function initialDraft(kind: RequestKind, household: HouseholdView | null): RequestDraft {
  return {
    kind,
    personId: defaultPersonId(household),
    urgency: 'normal',
    items: [emptyItem()],
    drug: '',
    drugQuantity: '',
    prescriptionFileId: null,
    reason: '',
    hospital: '',
    pickupDate: '',
    pickupTime: '',
    companions: 0,
    recurring: false,
    everyDays: String(DEFAULT_EVERY_DAYS),
    until: '',
    description: '',
    note: '',
  };
}

function offsetSuffix(): string {
  const h = Math.floor(SHANGHAI_OFFSET_MINUTES / 60);
  const m = SHANGHAI_OFFSET_MINUTES % 60;
  return `+${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Pickers give 'H:mm' on some platforms and 'HH:mm' on others. */
export function normalizeTime(raw: string): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(raw.trim());
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : '';
}

/** The pick-up instant in Shanghai time, e.g. `2026-11-24T08:30:00+08:00`; '' until both parts are chosen. */
export function pickupInstant(date: string, time: string): string {
  return date && time ? `${date}T${time}:00${offsetSuffix()}` : '';
}

function quantityValue(typed: string): number | string {
  const trimmed = typed.trim();
  // a non-integer is passed on as typed so validation names it
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

const blankToUndefined = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

function detailsPayload(d: RequestDraft, sentItems: readonly ItemDraft[]): Record<string, unknown> {
  switch (d.kind) {
    case 'supplies':
      return {
        kind: 'supplies',
        items: sentItems.map((i) => ({ name: i.name, quantity: quantityValue(i.quantity), unit: blankToUndefined(i.unit) })),
      };
    case 'medicine':
      return { kind: 'medicine', drug: d.drug, quantity: d.drugQuantity, ...(d.prescriptionFileId ? { prescriptionFileId: d.prescriptionFileId } : {}) };
    case 'transport':
      return {
        kind: 'transport',
        reason: d.reason,
        hospital: d.hospital,
        pickupAt: pickupInstant(d.pickupDate, d.pickupTime),
        companions: d.companions,
        recurrence: d.recurring ? { everyDays: quantityValue(d.everyDays), until: d.until } : undefined,
      };
    case 'other':
      return { kind: 'other', description: d.description };
  }
}

export interface BuiltPayload {
  payload: Record<string, unknown>;
  /** draft row key of each item sent, to put `details.items.N.*` errors on the right row */
  itemKeys: number[];
}

/**
 * The `request.create` payload, before validation. Rows left completely blank are not items: a
 * list of only blank rows is an empty list, which validation names as such.
 */
export function buildPayload(d: RequestDraft, clientRequestId: string, subscribed: boolean): BuiltPayload {
  const sentItems = d.items.filter((i) => i.name.trim() !== '' || i.unit.trim() !== '');
  const payload: Record<string, unknown> = {
    clientRequestId,
    personId: d.personId ?? '',
    urgency: d.urgency,
    details: detailsPayload(d, sentItems),
  };
  if (d.note.trim()) payload.note = d.note.trim();
  if (subscribed) payload.subscribed = true;
  return { payload, itemKeys: sentItems.map((i) => i.key) };
}

/** What to do, rather than the generic 必填项未填写, for a field left empty. */
const REQUIRED_HINTS: Record<string, string> = {
  personId: '请选择为谁求助',
  'details.drug': '请填写药品名称',
  'details.quantity': '请填写数量，如“2盒”',
  'details.reason': '请填写就医事由，如“血液透析”',
  'details.hospital': '请填写医院名称',
  'details.pickupAt': '请选择接送日期和时间',
  'details.recurrence.until': '请选择周期接送的结束日期',
  'details.description': '请说明需要什么帮助',
  name: '请填写物品名称',
  quantity: '请填写数量',
};

export type ShownError = Pick<FieldError, 'field' | 'message'> & { code?: string };

export interface ShownErrors {
  /** form field key → message shown under it; item rows use `items.<key>.<field>` */
  byField: Record<string, string>;
  /** messages with no field on screen */
  unplaced: string[];
}

/** Fields the form shows an error under; anything else goes to the banner at the top. */
const PLACED =
  /^(personId|urgency|note|details\.(items|drug|quantity|prescriptionFileId|reason|hospital|pickupAt|companions|recurrence\.everyDays|recurrence\.until|description))$/;
const ITEM_FIELD = /^details\.items\.(\d+)\.(name|quantity|unit)$/;

export function placeErrors(errors: readonly ShownError[], itemKeys: readonly number[]): ShownErrors {
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const e of errors) {
    const item = ITEM_FIELD.exec(e.field);
    const key = item ? itemKeys[Number(item[1])] : undefined;
    const field = item && key !== undefined ? `items.${key}.${item[2]}` : e.field;
    const hint = e.code === 'REQUIRED' ? REQUIRED_HINTS[item ? item[2] : e.field] : undefined;
    if ((item && key !== undefined) || PLACED.test(field)) byField[field] ??= hint ?? e.message;
    else unplaced.push(e.message);
  }
  return { byField, unplaced };
}
