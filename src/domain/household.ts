/** Households, persons and household reports (报备): what a resident files. */
import type { VerifyMethod, VerifyOutcome } from './audit';

export const ID_TYPES = ['id_card', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_LABELS: Record<IdType, string> = {
  id_card: '居民身份证',
  passport: '护照',
  other: '其他证件',
};

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_LABELS: Record<Relation, string> = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const REPORT_CATEGORIES = ['returning', 'home_isolation', 'health_monitoring', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export const REPORT_CATEGORY_LABELS: Record<ReportCategory, string> = {
  returning: '返回人员',
  home_isolation: '居家隔离',
  health_monitoring: '健康监测',
  other: '其他',
};

export const TRANSPORTS = ['train', 'plane', 'car', 'bus', 'ship', 'other'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const TRANSPORT_LABELS: Record<Transport, string> = {
  train: '火车/高铁',
  plane: '飞机',
  car: '自驾',
  bus: '大巴',
  ship: '轮船',
  other: '其他',
};

export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'fatigue', 'loss_of_smell', 'diarrhea', 'breathing_difficulty'] as const;
export type Symptom = (typeof SYMPTOMS)[number];
export const SYMPTOM_LABELS: Record<Symptom, string> = {
  fever: '发热',
  cough: '咳嗽',
  sore_throat: '咽痛',
  fatigue: '乏力',
  loss_of_smell: '嗅觉/味觉减退',
  diarrhea: '腹泻',
  breathing_difficulty: '呼吸困难',
};

export const HEALTH_CODES = ['green', 'yellow', 'red'] as const;
export type HealthCode = (typeof HEALTH_CODES)[number];
export const HEALTH_CODE_LABELS: Record<HealthCode, string> = { green: '绿码', yellow: '黄码', red: '红码' };

export const NUCLEIC_RESULTS = ['negative', 'positive', 'pending'] as const;
export type NucleicResult = (typeof NUCLEIC_RESULTS)[number];
export const NUCLEIC_RESULT_LABELS: Record<NucleicResult, string> = { negative: '阴性', positive: '阳性', pending: '待出结果' };

/** Fever threshold used everywhere (check-ins, reports): ≥ 37.3 °C. */
export const FEVER_THRESHOLD = 37.3;
export const TEMPERATURE_MIN = 35.0;
export const TEMPERATURE_MAX = 42.0;
/** Children under this age may be filed without a phone number. */
export const PHONE_OPTIONAL_UNDER_AGE = 14;
export const MAX_MEMBERS = 20;

// What a resident files (members, health, travel, consent, the whole report) is stated once, by
// its schema in householdSchema.ts; the types are read back from it.
export type { ConsentInput, HouseholdReportInput, MemberHealthInput, MemberInput, TravelInput } from './householdSchema';
import type { MemberHealthInput, ConsentInput, TravelInput } from './householdSchema';

export const PRIVACY_NOTICE_VERSION = '2026-11-01';

/** Stored identity document: never the plaintext. */
export interface ProtectedValue {
  /** keyed hash (HMAC-SHA256) for lookup and dedupe */
  hash: string;
  /** AES-256-GCM ciphertext, base64 `iv.tag.data` */
  cipher: string;
  /** display copy, e.g. `110105********002X` */
  masked: string;
}

export type PersonStatus = 'normal' | 'health_monitoring' | 'home_isolation';

export interface PersonDoc {
  _id: string;
  /** null once they left the household (not listed in a later filing of it) */
  householdId: string | null;
  /** the household they left: listing them again is a conflict for anyone but its owners */
  formerHouseholdId?: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  placePath: string[];
  name: string;
  relation: Relation;
  idType: IdType;
  id: ProtectedValue;
  phone?: ProtectedValue;
  gender?: 'male' | 'female';
  birthDate?: string;
  status: PersonStatus;
  /** category of the household's latest filing (absent on persons filed before it was kept) */
  category?: ReportCategory;
  /** the isolation or monitoring under way: set and cleared with it, at most one at a time */
  activeIsolationId?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface HouseholdDoc {
  _id: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  placePath: string[];
  unit: string;
  room: string;
  address: string;
  /**
   * openids of the residents who may see and change this household (never shown to staff): its
   * creator, family members who accepted an invite, residents a grid worker bound to it. A unique
   * index: a WeChat user owns at most one household.
   */
  ownerOpenids: string[];
  reporterPersonId: string;
  personIds: string[];
  /** filed by a grid worker on the resident's behalf (代报) */
  proxyStaffId?: string;
  consent: ConsentInput & { at: Date };
  lastReportId: string;
  /**
   * `reportKey` of `lastReportId`: filings update the household only with a newer key, so concurrent
   * filings converge on the newest whatever order their writes land in
   */
  lastReportKey?: string;
  /** merged into another household by a grid worker: no owners, no persons, kept for history */
  mergedInto?: string;
  /** the resident subscribed to check-in reminders */
  checkinReminders?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReportMemberEntry {
  personId: string;
  name: string;
  relation: Relation;
  idType: IdType;
  idMasked: string;
  phoneMasked?: string;
  health?: MemberHealthInput;
  /** listed, but belongs to another household: 待网格员确认 (not part of this household yet) */
  pending?: true;
}

export type ReportStatus = 'submitted' | 'verified' | 'superseded';

export interface ReportVerification {
  outcome: VerifyOutcome;
  /** every way it was checked (听声 and 验码 on one call), at least one */
  methods: VerifyMethod[];
  /** verifications recorded before `methods` had one method only: read them with `verificationMethods` */
  method?: VerifyMethod;
  note?: string;
  staffId: string;
  staffName: string;
  at: Date;
}

/** How a verification was made, old single-method records included. */
export function verificationMethods(v: Pick<ReportVerification, 'method'> & { methods?: VerifyMethod[] }): VerifyMethod[] {
  if (v.methods?.length) return v.methods;
  return v.method ? [v.method] : [];
}

export interface ReportDoc {
  _id: string;
  householdId: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  placePath: string[];
  address: string;
  category: ReportCategory;
  members: ReportMemberEntry[];
  travel?: TravelInput;
  note?: string;
  status: ReportStatus;
  filedBy: { kind: 'resident' } | { kind: 'staff'; staffId: string };
  verification?: ReportVerification;
  createdAt: Date;
}

// ---------------------------------------------------------------------------------------------
// Who owns a household (SPEC: an ID number is not a secret: knowing one grants nothing)

/**
 * A person listed in a filing who already belongs to a household the filer may not change. The
 * filing goes ahead without them; the grid worker of the existing household decides.
 */
export const CONFLICT_RESOLUTIONS = ['move', 'keep', 'merge'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];
export const CONFLICT_RESOLUTION_LABELS: Record<ConflictResolution, string> = {
  move: '移入新登记的家庭',
  keep: '保留在原家庭',
  merge: '两户合并为一户',
};

export interface HouseholdConflictDoc {
  /** `hc_` + keyed hash of (person, claiming household): one conflict per pair, however often filed */
  _id: string;
  personId: string;
  /** the household the person belongs to (the one whose worker decides) */
  existingHouseholdId: string;
  /** the household of the filing that listed them */
  claimantHouseholdId: string;
  claimantReportId: string;
  /** what the filer typed about the person: shown to the filer as 待网格员确认, never the stored record */
  claimed: { name: string; relation: Relation; idType: IdType; idMasked: string; phoneMasked?: string };
  communityId: string;
  gridId: string;
  /** the existing household's place path: the conflict is in its grid worker's queue */
  placePath: string[];
  status: 'open' | 'resolved';
  resolution?: ConflictResolution;
  resolvedBy?: { staffId: string; name: string };
  note?: string;
  resolvedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** 邀请家人: a one-time, expiring code that makes another WeChat user an owner of the household. */
export interface FamilyInviteDoc {
  /** `fi_` + keyed hash of the code: the code itself is never stored */
  _id: string;
  householdId: string;
  createdBy: { kind: 'owner'; openid: string } | { kind: 'staff'; staffId: string };
  expiresAt: Date;
  usedAt: Date | null;
  usedByOpenid?: string;
  createdAt: Date;
}

export const FAMILY_INVITE_CODE_LENGTH = 8;
/** Unambiguous on a phone screen and when read aloud: no 0/O, 1/I/L. */
export const FAMILY_INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const FAMILY_INVITE_HOURS = 24;

/** An invite code as typed: spaces and dashes dropped, letters upper-cased. */
export function normalizeFamilyInviteCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** What a filing of household `householdId` may do with a listed person it found stored (or not). */
export type MemberClaim = { kind: 'new' } | { kind: 'claim' } | { kind: 'conflict'; householdId: string };

/**
 * A filing may add a person to its household when the person is unknown, already in it, or in no
 * household and never left another one. Anyone else's person stays where they are: knowing an ID
 * number grants nothing, so a person in (or who left) another household is a conflict for that
 * household's grid worker.
 */
export function claimOf(person: Pick<PersonDoc, 'householdId' | 'formerHouseholdId'> | null, householdId: string): MemberClaim {
  if (!person) return { kind: 'new' };
  if (person.householdId === householdId) return { kind: 'claim' };
  if (person.householdId) return { kind: 'conflict', householdId: person.householdId };
  if (person.formerHouseholdId && person.formerHouseholdId !== householdId)
    return { kind: 'conflict', householdId: person.formerHouseholdId };
  return { kind: 'claim' };
}

/**
 * Orders filings of one household: `createdAt` then id. A filing writes the household and its verify
 * item only over an older key, so concurrent filings all end on the newest one.
 */
export function reportKeyOf(report: Pick<ReportDoc, '_id' | 'createdAt'>): string {
  return `${new Date(report.createdAt).toISOString()}|${report._id}`;
}
