/**
 * Administering the place hierarchy: what an admin sees of a place, the limits of names and
 * buildings, community settings (response deadlines, check-in slots), the tree import's columns and
 * row rules, and re-gridding jobs. Shared by the `hierarchy` function and the admin pages.
 */
import { DEFAULT_CHECKIN_SLOTS, type CheckinSlot } from './checkins';
import { PLACE_LEVEL_LABELS, type BuildingUnit, type PlaceLevel } from './places';
import { DEFAULT_SLA_MINUTES, type PriorityName } from './queue';

export const HIERARCHY_LIMITS = {
  placeName: 30,
  unitName: 10,
  units: 30,
  floors: 99,
  /** room numbers are floor × 100 + index: at most 99 a floor */
  roomsPerFloor: 99,
  /** children listed per page of the tree */
  childrenPage: 200,
  /** ids reordered at once */
  reorder: 500,
  /** places moved by one re-gridding job */
  moveMax: 200,
  /** rows of one import (a street of 452 grids has some thousands of buildings) */
  importRows: 20_000,
  /** row errors a preview lists (the count is always the full one) */
  previewErrors: 500,
  /** SLA minutes per urgency */
  slaMin: 1,
  slaMax: 7 * 24 * 60,
  checkinSlotsMax: 2,
} as const;

/** A place as the admin's tree shows it. */
export interface PlaceNode {
  id: string;
  name: string;
  level: PlaceLevel;
  code: string;
  parentId: string | null;
  sort: number;
  /** buildings */
  units?: BuildingUnit[];
  /** buildings: `101–1802` for each unit */
  roomRange?: string;
  gridId?: string;
  retired?: boolean;
}

/** `101–3002`: the first and the last room number of a unit. */
export function roomRange(unit: Pick<BuildingUnit, 'floors' | 'roomsPerFloor'>): string {
  return `101–${unit.floors * 100 + unit.roomsPerFloor}`;
}

/** Units `1单元`…`n单元` with the same floors and rooms per floor (an import row). */
export function uniformUnits(count: number, floors: number, roomsPerFloor: number): BuildingUnit[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${i + 1}单元`, floors, roomsPerFloor }));
}

export function sameUnits(a: readonly BuildingUnit[] | undefined, b: readonly BuildingUnit[]): boolean {
  const x = a ?? [];
  return (
    x.length === b.length && x.every((u, i) => u.name === b[i].name && u.floors === b[i].floors && u.roomsPerFloor === b[i].roomsPerFloor)
  );
}

// ---------------------------------------------------------------------------------------------
// community settings

export interface CommunitySettings {
  slaMinutes: Record<PriorityName, number>;
  checkinSlots: CheckinSlot[];
  /** whether each is the community's own or the default */
  custom: { slaMinutes: boolean; checkinSlots: boolean };
}

export const DEFAULT_SETTINGS = { slaMinutes: DEFAULT_SLA_MINUTES, checkinSlots: DEFAULT_CHECKIN_SLOTS } as const;

export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** slot keys go into check-in ids; `x…` is the off-slot readings' prefix */
export const SLOT_KEY_PATTERN = /^[a-w][a-z0-9]{0,5}$/;

/** Problems of a list of check-in slots (as `[field, message]`), none when it is fine. */
export function checkinSlotProblems(slots: readonly CheckinSlot[]): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const keys = new Set<string>();
  slots.forEach((s, i) => {
    if (keys.has(s.key)) problems.push([`checkinSlots.${i}.key`, '时段标识不能重复']);
    keys.add(s.key);
    if (s.opensAt >= s.closesAt) problems.push([`checkinSlots.${i}.closesAt`, '截止时间应晚于开始时间']);
  });
  const sorted = [...slots].sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].opensAt < sorted[i - 1].closesAt) problems.push([`checkinSlots.${slots.indexOf(sorted[i])}.opensAt`, '打卡时段不能重叠']);
  }
  return problems;
}

/** Ordered from the most urgent: an emergency may not be given more time than an urgent item. */
export function slaProblems(sla: Record<PriorityName, number>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (sla.emergency > sla.urgent) problems.push(['slaMinutes.emergency', '紧急事项的时限不能长于加急事项']);
  if (sla.urgent > sla.normal) problems.push(['slaMinutes.urgent', '加急事项的时限不能长于一般事项']);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// import of the tree: one row per building

export const IMPORT_COLUMNS = ['社区', '片区', '网格', '小区', '楼栋', '单元数', '层数', '每层户数'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The place levels the name columns create, in order. */
export const IMPORT_NAME_COLUMNS: Array<{ column: ImportColumn; level: PlaceLevel; required: boolean }> = [
  { column: '社区', level: 'community', required: false },
  { column: '片区', level: 'area', required: false },
  { column: '网格', level: 'grid', required: true },
  { column: '小区', level: 'compound', required: false },
  { column: '楼栋', level: 'building', required: true },
];

export const IMPORT_EXAMPLE_ROWS: string[][] = [
  ['祥云社区', '东片区', '第一网格', '祥云一区', '1号楼', '2', '18', '2'],
  ['祥云社区', '东片区', '第一网格', '祥云一区', '2号楼', '1', '6', '3'],
  ['祥云社区', '', '第五网格', '', '临街1号楼', '1', '4', '2'],
];

export interface ImportRowError {
  /** 1-based row number as the spreadsheet shows it (the header is row 1) */
  row: number;
  column?: ImportColumn;
  message: string;
}

export interface ImportPlan {
  rows: number;
  /** places the import would create, per level */
  create: Partial<Record<PlaceLevel, number>>;
  /** existing buildings whose units would change */
  updateUnits: number;
  /** rows whose building exists already as the row says */
  unchanged: number;
}

export interface ImportPreview extends ImportPlan {
  fileId: string;
  errorCount: number;
  /** the first `HIERARCHY_LIMITS.previewErrors` row errors, in row order */
  errors: ImportRowError[];
  /** the place every row is imported under */
  root: { id: string; name: string; level: PlaceLevel };
}

export function planSummary(plan: ImportPlan): string {
  const parts = (Object.keys(PLACE_LEVEL_LABELS) as PlaceLevel[])
    .filter((l) => plan.create[l])
    .map((l) => `${PLACE_LEVEL_LABELS[l]} ${plan.create[l]} 个`);
  const created = parts.length ? `新建${parts.join('、')}` : '无新建';
  return `${plan.rows} 行：${created}；更新单元 ${plan.updateUnits} 栋；不变 ${plan.unchanged} 栋`;
}

// ---------------------------------------------------------------------------------------------
// re-gridding

export const REGRID_JOB_STATUSES = ['running', 'done'] as const;
export type RegridJobStatus = (typeof REGRID_JOB_STATUSES)[number];

export interface RegridJobView {
  jobId: string;
  status: RegridJobStatus;
  /** what moves and where to: `祥云一区 → 第二网格` */
  title: string;
  /** records rewritten so far (every collection) */
  rewritten: number;
  /** open queue items under the moved places, before the move and now (they must match) */
  openItems: { before: number; after: number | null };
  /** households under the moved places, before and now */
  households: { before: number; after: number | null };
  steps: number;
  createdAt: string;
  finishedAt: string | null;
}
