/**
 * The household form as the resident fills it (strings and nulls for untouched fields), and its
 * translation into the `report.submit` payload. Validation is the domain's `parseHouseholdReport`;
 * nothing here re-implements its rules.
 */
import {
  PRIVACY_NOTICE_VERSION,
  type FieldError,
  type HealthCode,
  type HouseholdView,
  type IdType,
  type NucleicResult,
  type Relation,
  type ReportCategory,
  type Symptom,
  type Transport,
  type TravelInput,
} from '../../domain';

export interface HealthDraft {
  /** as typed; converted to a number on submit */
  temperature: string;
  /** null until answered: 无症状 is an answer (`[]`), a skipped question is not */
  symptoms: Symptom[] | null;
  healthCode: HealthCode | null;
  vaccineDoses: number | null;
  nucleicAcidDate: string;
  nucleicAcidResult: NucleicResult | null;
}

export interface MemberDraft {
  /** stable React key: indexes shift when a member is removed */
  key: number;
  name: string;
  relation: Relation | null;
  idType: IdType;
  idNumber: string;
  phone: string;
  health: HealthDraft;
  /**
   * A member filed before: the form refers to the stored person (the client never receives full
   * numbers) and keeps their ID and phone unless the resident chooses to change them.
   */
  filed?: { personId: string; idMasked: string; phoneMasked?: string };
  /** the resident chose to type a new document / phone for a member filed before */
  changeId: boolean;
  changePhone: boolean;
}

export interface TravelDraft {
  fromRegion: string[];
  fromDetail: string;
  arrivalDate: string;
  transport: Transport | null;
  transportNo: string;
}

export interface FormDraft {
  buildingId: string | null;
  unit: string | null;
  room: string | null;
  category: ReportCategory | null;
  members: MemberDraft[];
  /** travel opened by hand for a category that does not require it */
  travelOpen: boolean;
  travel: TravelDraft;
  note: string;
  privacy: boolean;
  healthTravel: boolean;
}

let nextKey = 1;

/** Health questions start unanswered: nothing is preselected (a skipped answer must not become a fact). */
export function emptyHealth(): HealthDraft {
  return { temperature: '', symptoms: null, healthCode: null, vaccineDoses: null, nucleicAcidDate: '', nucleicAcidResult: null };
}

export function emptyMember(relation: Relation | null): MemberDraft {
  return { key: nextKey++, name: '', relation, idType: 'id_card', idNumber: '', phone: '', health: emptyHealth(), changeId: false, changePhone: false };
}

/** A restored draft with fresh React keys (the counter starts again after a reload). */
export function rekeyed(draft: FormDraft): FormDraft {
  return { ...draft, members: draft.members.map((m) => ({ ...m, key: nextKey++ })) };
}

/** What the household's last filing said, offered as the starting point of the next one. */
export interface LastAnswers {
  category: ReportCategory;
  travel?: TravelInput;
}

/** The privacy notice must be accepted before the first report and again when its version changes. */
export function noticeNeeded(household: HouseholdView | null): boolean {
  return !household || !household.consent.privacy || household.consent.version !== PRIVACY_NOTICE_VERSION;
}

/** A fresh form, prefilled with the household's people and its last answers when it has filed before. */
export function initialDraft(household: HouseholdView | null, buildingId: string | null, last: LastAnswers | null = null): FormDraft {
  const filed = household?.members ?? [];
  const ordered = [...filed.filter((m) => m.relation === 'self'), ...filed.filter((m) => m.relation !== 'self')];
  const members = ordered.map((m) => ({
    ...emptyMember(m.relation),
    name: m.name,
    idType: m.idType,
    filed: { personId: m.personId, idMasked: m.idMasked, phoneMasked: m.phoneMasked },
  }));
  const sameHome = household !== null && household.buildingId === buildingId;
  const travel = last?.travel;
  return {
    buildingId,
    unit: sameHome ? household.unit : null,
    room: sameHome ? household.room : null,
    category: last?.category ?? null,
    // the first card is always the reporter
    members: members[0]?.relation === 'self' ? members : [emptyMember('self'), ...members],
    travelOpen: !!travel && last?.category !== 'returning',
    travel: {
      fromRegion: travel?.fromRegion ?? [],
      fromDetail: travel?.fromDetail ?? '',
      arrivalDate: travel?.arrivalDate ?? '',
      transport: travel?.transport ?? null,
      transportNo: travel?.transportNo ?? '',
    },
    note: '',
    privacy: !noticeNeeded(household),
    healthTravel: noticeNeeded(household) ? false : (household?.consent.healthTravel ?? false),
  };
}

export function travelVisible(draft: FormDraft): boolean {
  return draft.healthTravel && (draft.category === 'returning' || draft.travelOpen);
}

/**
 * Builds an object from entries. Object.fromEntries is missing on the older iOS WeChat engines and
 * the weapp build adds no polyfills.
 */
function fromEntries<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** Leaves out blank optional values, as an untouched field is not an answer. */
function compact(entries: Record<string, unknown>): Record<string, unknown> {
  return fromEntries(Object.entries(entries).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

function temperatureValue(typed: string): number | string {
  const trimmed = typed.trim();
  const n = Number(trimmed);
  // a non-number is passed on as typed so validation names it
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

function healthPayload(h: HealthDraft): Record<string, unknown> {
  return compact({
    temperature: temperatureValue(h.temperature),
    symptoms: h.symptoms,
    healthCode: h.healthCode,
    vaccineDoses: h.vaccineDoses,
    nucleicAcidDate: h.nucleicAcidDate,
    nucleicAcidResult: h.nucleicAcidResult,
  });
}

/**
 * The `report.submit` payload, before validation. Health and travel are left out entirely without
 * the separate consent: sensitive data the resident did not agree to is never sent.
 */
export function buildPayload(draft: FormDraft, clientRequestId: string): Record<string, unknown> {
  return compact({
    clientRequestId,
    buildingId: draft.buildingId,
    unit: draft.unit,
    room: draft.room,
    category: draft.category,
    members: draft.members.map((m) => {
      const health = draft.healthTravel ? healthPayload(m.health) : undefined;
      // a member filed before is referred to: their stored ID and phone stay unless changed here
      const kept = m.filed && !m.changeId;
      return compact({
        ...(kept ? { personId: m.filed!.personId } : { idType: m.idType, idNumber: m.idNumber }),
        name: m.name,
        relation: m.relation,
        phone: !kept || m.changePhone || !m.filed?.phoneMasked ? m.phone.trim() : '',
        health,
      });
    }),
    travel: travelVisible(draft)
      ? compact({
          fromRegion: draft.travel.fromRegion,
          fromDetail: draft.travel.fromDetail.trim(),
          arrivalDate: draft.travel.arrivalDate,
          transport: draft.travel.transport,
          transportNo: draft.travel.transportNo.trim(),
        })
      : undefined,
    note: draft.note.trim(),
    consent: { privacy: draft.privacy, healthTravel: draft.healthTravel, version: PRIVACY_NOTICE_VERSION },
  });
}

/** Fields the form shows an error under; anything else goes to the banner at the top. */
const PLACED_FIELDS = [
  /^(buildingId|unit|room|category|note|members|travel|consent\.privacy)$/,
  /^members\.\d+\.(name|relation|idType|idNumber|phone)$/,
  // a member referred to by personId who is not the household's: shown at their document
  /^members\.\d+\.personId$/,
  /^members\.\d+\.health\.(temperature|symptoms|healthCode|vaccineDoses|nucleicAcidDate|nucleicAcidResult)$/,
  /^travel\.(fromRegion|fromDetail|arrivalDate|transport|transportNo)(\.\d+)?$/,
];

export interface ShownErrors {
  /** field path → message shown under the field (without the member ordinal: it sits in that member's card) */
  byField: Record<string, string>;
  /** messages with no field on screen */
  unplaced: string[];
}

export type ShownError = Pick<FieldError, 'field' | 'message'> & { code?: string };

/** What to do, rather than the generic 必填项未填写, for a field left empty. */
const REQUIRED_HINTS: Record<string, string> = {
  buildingId: '请选择楼栋',
  unit: '请选择单元',
  room: '请选择房号',
  category: '请选择报备类别',
  name: '请填写姓名',
  relation: '请选择与填报人的关系',
  idNumber: '请填写证件号码',
  fromRegion: '请填写从哪里来',
  arrivalDate: '请选择到达日期',
  transport: '请选择交通方式',
  symptoms: '请选择有无症状',
  healthCode: '请选择健康码颜色',
};

function fieldMessage(e: ShownError, field: string): string {
  const hint = e.code === 'REQUIRED' ? REQUIRED_HINTS[field.slice(field.lastIndexOf('.') + 1)] : undefined;
  return hint ?? e.message.replace(/^第\d+位成员：/, '');
}

export function placeErrors(errors: readonly ShownError[]): ShownErrors {
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const e of errors) {
    // a region part (travel.fromRegion.1) is shown under the region field
    const field = e.field.replace(/^(travel\.fromRegion)\.\d+$/, '$1');
    if (PLACED_FIELDS.some((p) => p.test(field))) byField[field] ??= fieldMessage(e, field);
    else unplaced.push(e.message);
  }
  return { byField, unplaced };
}
