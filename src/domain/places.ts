/** The place hierarchy: street 街道 > community 社区 > area 片区 > grid 网格 > compound 小区 > building 楼栋. */
export const PLACE_LEVELS = ['street', 'community', 'area', 'grid', 'compound', 'building'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

export const PLACE_LEVEL_LABELS: Record<PlaceLevel, string> = {
  street: '街道',
  community: '社区',
  area: '片区',
  grid: '网格',
  compound: '小区',
  building: '楼栋',
};

export interface BuildingUnit {
  /** e.g. `1单元` */
  name: string;
  floors: number;
  roomsPerFloor: number;
}

export interface Place {
  _id: string;
  level: PlaceLevel;
  name: string;
  parentId: string | null;
  /** ids of every ancestor, root first, and the place itself last (materialized path) */
  path: string[];
  /** short code printed in the place's QR code; unique */
  code: string;
  /** buildings only */
  units?: BuildingUnit[];
  /** compounds and buildings: the grid on their path, kept on the document for direct reads */
  gridId?: string;
  sort?: number;
  /** communities: daily check-in slots (one or two a day); the defaults otherwise */
  checkinSlots?: Array<{ key: string; label: string; opensAt: string; closesAt: string }>;
  /** communities: SLA minutes per urgency, overriding the defaults */
  slaMinutes?: Partial<Record<'emergency' | 'urgent' | 'normal', number>>;
  /** retired by an admin (with everything below it): its code no longer opens anything */
  retired?: boolean;
  retiredAt?: Date;
}

/** Ancestors of a place by level, read from the documents of its path. */
export interface PlaceChain {
  street?: Place;
  community?: Place;
  area?: Place;
  grid?: Place;
  compound?: Place;
  building?: Place;
}

export function levelIndex(level: PlaceLevel): number {
  return PLACE_LEVELS.indexOf(level);
}

/** A place's level may only sit under a higher level (levels may be skipped). */
export function canBeChildOf(child: PlaceLevel, parent: PlaceLevel): boolean {
  return levelIndex(child) > levelIndex(parent);
}

/** Room numbers of a unit: floor × 100 + index, e.g. 101, 102, 201 … */
export function roomsOfUnit(unit: BuildingUnit): string[] {
  const rooms: string[] = [];
  for (let floor = 1; floor <= unit.floors; floor++) {
    for (let i = 1; i <= unit.roomsPerFloor; i++) rooms.push(String(floor * 100 + i));
  }
  return rooms;
}

/** Human address of a room: `3号楼 2单元 301`. */
export function formatAddress(parts: { compound?: string; building?: string; unit?: string; room?: string }): string {
  return [parts.compound, parts.building, parts.unit, parts.room].filter(Boolean).join(' ');
}

/** Place codes are short, unambiguous and upper case (no 0/O, 1/I/L). */
export const PLACE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PLACE_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

export function normalizePlaceCode(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const code = raw.trim().toUpperCase();
  return PLACE_CODE_PATTERN.test(code) ? code : null;
}
