/**
 * QR posters and place codes: which places have a poster, which codes an admin may rotate, what a
 * poster says, and the record a rotated (retired) code leaves behind.
 */
import type { PlaceLevel } from './places';

/** Places an admin can print: a building's or a community's own poster; the others bundle their buildings. */
export const POSTER_LEVELS = ['community', 'area', 'grid', 'compound', 'building'] as const satisfies readonly PlaceLevel[];
/** Places whose code is on a poster of its own, and so may be rotated when it leaks or is misprinted. */
export const ROTATABLE_LEVELS = ['community', 'building'] as const satisfies readonly PlaceLevel[];
/** Most buildings one PDF holds (a grid or compound; 鲤城's largest grid has about 120). */
export const POSTER_MAX_BUILDINGS = 500;

export const isRotatable = (level: PlaceLevel): boolean => (ROTATABLE_LEVELS as readonly string[]).includes(level);
/** A building's or a community's poster is one page; a compound, grid or area gives one page per building. */
export const isBundle = (level: PlaceLevel): boolean => level !== 'building' && level !== 'community';

/** The three instruction lines under the QR code. */
export function posterInstructions(level: 'building' | 'community'): [string, string, string] {
  return [
    '打开微信，扫一扫上方二维码',
    level === 'building' ? '选择单元和房号，为全家一次报备' : '选择楼栋、单元和房号，为全家一次报备',
    '信息有变化时再次扫码更新，无需重复登记',
  ];
}

/** WeChat's `scene` of a mini-program code: at most 32 visible characters; ours is the bare place code. */
export const SCENE_MAX_LENGTH = 32;
export function sceneOf(code: string): string {
  if (code.length > SCENE_MAX_LENGTH || !/^[0-9A-Za-z]+$/.test(code)) throw new Error(`place code ${code} cannot be a scene`);
  return code;
}

/**
 * A code that was rotated away: its own document, keyed by the code itself, so a scan of it is one
 * lookup by id (places keep only their current code under the unique `code` index).
 */
export interface RetiredCodeDoc {
  /** the retired code */
  _id: string;
  placeId: string;
  level: PlaceLevel;
  /** the code that replaced it (the place may have been rotated again since: the place has the current one) */
  replacedBy: string;
  reason?: string;
  retiredAt: Date;
  retiredByStaffId: string;
}
