/**
 * Chinese residential addresses as upper-level lists write them, normalised and matched to a
 * building of the place tree (hence its grid). Both sides go through the same normalisation —
 * full-width to half-width, traditional forms of 楼/栋/号, Chinese numerals to digits (三号楼 → 3号楼,
 * 祥云一区 → 祥云1区) — so a compound named 祥云一区 is found as 祥云1区 or 祥云一区 alike.
 *
 * An address is read from its end: room (301 / 301室 / 301号), unit (2单元 / 2门), building
 * (3号楼 / 3栋 / 3幢 / 3座 / 3# / A座), or the dash forms 3-2-301, 3#2-301, 3号楼2-301, 3-301; what
 * stands before the building is where the compound name is looked for (administrative prefixes such
 * as 北京市朝阳区锦绣街道祥云社区 may stay: the longest known compound name inside it wins).
 */
import { toHalfWidth } from './idcard';

// ---------------------------------------------------------------------------------------------
// normalisation

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 三 → 3, 十二 → 12, 二十一 → 21, 一百零五 → 105, 三〇一 → 301 (digit by digit when no 十/百/千). */
export function chineseNumberToDigits(run: string): string {
  if (!/[十百千]/.test(run)) return Array.from(run, (c) => String(DIGITS[c])).join('');
  let total = 0;
  let digit = 0;
  for (const c of run) {
    if (c in DIGITS) digit = DIGITS[c];
    else {
      total += (digit === 0 ? 1 : digit) * UNITS[c];
      digit = 0;
    }
  }
  return String(total + digit);
}

const VARIANTS: Record<string, string> = { 樓: '楼', 棟: '栋', 號: '号', 單: '单', 區: '区', 門: '门', 層: '层', 幢: '幢', 座: '座' };

/**
 * The normalised text of an address or a place name: half-width, upper case letters, no spaces or
 * brackets (a bracketed remark is dropped), one kind of dash, simplified 楼/栋/号, digits for numerals.
 */
export function normalizeAddressText(raw: string): string {
  let s = toHalfWidth(raw).toUpperCase();
  s = s.replace(/[樓棟號單區門層]/g, (c) => VARIANTS[c] ?? c);
  s = s.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|（[^）]*）/g, '');
  s = s.replace(/[\s,.;:，。；：、"'“”‘’]/g, '');
  s = s.replace(/[－—–‐‑_~～]/g, '-').replace(/-+/g, '-');
  s = s.replace(/[零〇一二两三四五六七八九十百千]+/g, chineseNumberToDigits);
  // 第3栋 → 3栋; leading zeros of a number (03栋, 0301) carry nothing
  s = s.replace(/第(?=\d)/g, '').replace(/(^|\D)0+(?=\d)/g, '$1');
  return s;
}

// ---------------------------------------------------------------------------------------------
// parsing

export interface ParsedAddress {
  /** normalised full text */
  text: string;
  /** what stands before the building: where a compound name is looked for (may be empty) */
  head: string;
  /** building number or letter as the tree names it: `3`, `12`, `A`, `A1` */
  building?: string;
  unit?: string;
  room?: string;
}

const B = '([A-Z]?\\d+|[A-Z])';
/** 3-2-301, 3#2-301, 3号楼2-301, 3栋2单元301 … anchored at the end */
const DASH3 = new RegExp(`${B}(?:号楼|栋|幢|座|#|-)(\\d+)-(\\d+)(?:室|号|户)?$`);
/** 3-301 (the second part a room: three digits or more) */
const DASH2 = new RegExp(`${B}[-#](\\d{3,})(?:室|号|户)?$`);
const BUILDING = new RegExp(`${B}(号楼|栋楼|栋|幢|座|#|楼|号(?=\\d+(?:单元|门)))`);
const UNIT = /^-?(\d+)(?:单元|门|单)/;
const ROOM = /^-?(?:(\d+)(?:层|楼)-?)?(\d+)(?:室|号|户)?/;

/** Reads building, unit and room of an address (each may be missing). */
export function parseAddress(raw: string): ParsedAddress {
  const text = normalizeAddressText(raw);
  let m = DASH3.exec(text);
  if (m) return { text, head: trimHead(text.slice(0, m.index)), building: m[1], unit: m[2], room: m[3] };
  m = BUILDING.exec(text);
  if (m) {
    const out: ParsedAddress = { text, head: trimHead(text.slice(0, m.index)), building: m[1] };
    let rest = text.slice(m.index + m[0].length);
    const unit = UNIT.exec(rest);
    if (unit) {
      out.unit = unit[1];
      rest = rest.slice(unit[0].length);
    } else {
      // 3号楼2-301: unit and room by a dash
      const pair = /^-?(\d+)-(\d+)/.exec(rest);
      if (pair) {
        out.unit = pair[1];
        out.room = pair[2];
        return out;
      }
    }
    const room = ROOM.exec(rest);
    if (room) out.room = room[2];
    return out;
  }
  m = DASH2.exec(text);
  if (m) return { text, head: trimHead(text.slice(0, m.index)), building: m[1], room: m[2] };
  return { text, head: trimHead(text) };
}

const trimHead = (s: string): string => s.replace(/-+$/, '');

/** The number or letter of a building as its name says it: `3号楼` → `3`, `A座` → `A`; null if none. */
export function buildingNumberOf(name: string): string | null {
  const text = normalizeAddressText(name);
  const m = new RegExp(`^${B}(?:号楼|栋楼|栋|幢|座|#|楼|号)?$`).exec(text);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------------------------
// matching to the place tree

export interface AddressPlace {
  _id: string;
  level: string;
  name: string;
  parentId: string | null;
}

/** An address a dispatcher taught: a compound name as lists write it, or a whole address head + building. */
export interface AddressAlias {
  /** normalised text */
  text: string;
  compoundId?: string;
  buildingId?: string;
}

export type AddressMatch =
  | { placed: true; buildingId: string; compoundId: string | null; via: 'name' | 'alias' | 'only_building' }
  | { placed: false; reason: UnplacedReason; parsed: ParsedAddress };

export const UNPLACED_REASONS = ['empty', 'no_building', 'unknown_compound', 'unknown_building', 'ambiguous'] as const;
export type UnplacedReason = (typeof UNPLACED_REASONS)[number];
export const UNPLACED_REASON_LABELS: Record<UnplacedReason, string> = {
  empty: '没有地址',
  no_building: '地址中没有楼栋',
  unknown_compound: '小区不在辖区名单中',
  unknown_building: '小区中没有该楼栋',
  ambiguous: '多个小区有同号楼栋',
};

/** Generic suffixes a list may add or drop: 枫林小区 / 枫林. */
const COMPOUND_SUFFIX = /(小区|社区|花园|家园|新村|公寓)$/;

/** The key an alias of a whole address is stored under: its head and building, normalised. */
export const addressAliasKey = (parsed: ParsedAddress): string => `${parsed.head}|${parsed.building ?? ''}`;

/**
 * The compounds and buildings under a place, indexed for matching many addresses: built once per
 * batch (or chunk), each address then costs a few string searches.
 */
export class AddressIndex {
  /** normalised compound name (and its suffix-less form, and aliases) → compound ids */
  private compoundKeys = new Map<string, Set<string>>();
  /** compound id → building number → building id */
  private buildings = new Map<string, Map<string, string>>();
  /** building number → building ids over all compounds (addresses without a compound) */
  private byNumber = new Map<string, string[]>();
  private aliasBuildings = new Map<string, string>();
  private keysLongestFirst: string[] = [];
  /** keys that only taught aliases gave (not a compound's own name) */
  private aliasKeys = new Set<string>();
  private compoundOf = new Map<string, string>();

  constructor(places: readonly AddressPlace[], aliases: readonly AddressAlias[] = []) {
    const compounds = new Set(places.filter((p) => p.level === 'compound').map((p) => p._id));
    for (const p of places) {
      if (p.level === 'compound') {
        const key = normalizeAddressText(p.name);
        this.addKey(key, p._id);
        const bare = key.replace(COMPOUND_SUFFIX, '');
        if (bare.length >= 2) this.addKey(bare, p._id);
      }
    }
    for (const p of places) {
      if (p.level !== 'building') continue;
      const number = buildingNumberOf(p.name);
      if (!number) continue;
      // a building straight under a grid (no compound) is found by its number alone
      const compoundId = p.parentId && compounds.has(p.parentId) ? p.parentId : '';
      this.compoundOf.set(p._id, compoundId);
      let map = this.buildings.get(compoundId);
      if (!map) this.buildings.set(compoundId, (map = new Map()));
      map.set(number, p._id);
      this.byNumber.set(number, [...(this.byNumber.get(number) ?? []), p._id]);
    }
    for (const a of aliases) {
      if (a.buildingId) this.aliasBuildings.set(a.text, a.buildingId);
      else if (a.compoundId && !this.compoundKeys.has(a.text)) {
        this.addKey(a.text, a.compoundId);
        this.aliasKeys.add(a.text);
      }
    }
    this.keysLongestFirst = [...this.compoundKeys.keys()].sort((a, b) => b.length - a.length);
  }

  private addKey(key: string, compoundId: string): void {
    if (!key) return;
    let set = this.compoundKeys.get(key);
    if (!set) this.compoundKeys.set(key, (set = new Set()));
    set.add(compoundId);
  }

  /** The compound an address head names: the longest known name inside it; null if none, 'ambiguous' if two tie. */
  private compoundIn(head: string): { id: string; key: string } | null | 'ambiguous' {
    for (const key of this.keysLongestFirst) {
      if (!head.includes(key)) continue;
      const ids = this.compoundKeys.get(key)!;
      return ids.size === 1 ? { id: [...ids][0], key } : 'ambiguous';
    }
    return null;
  }

  match(raw: string): AddressMatch {
    const parsed = parseAddress(raw);
    if (!parsed.text) return { placed: false, reason: 'empty', parsed };
    const taught = this.aliasBuildings.get(addressAliasKey(parsed));
    if (taught) return { placed: true, buildingId: taught, compoundId: this.compoundOf.get(taught) || null, via: 'alias' };
    const compound = this.compoundIn(parsed.head);
    if (compound === 'ambiguous') return { placed: false, reason: 'ambiguous', parsed };
    if (!parsed.building) return { placed: false, reason: compound ? 'no_building' : 'unknown_compound', parsed };
    if (compound) {
      const id = this.buildings.get(compound.id)?.get(parsed.building);
      if (!id) return { placed: false, reason: 'unknown_building', parsed };
      return { placed: true, buildingId: id, compoundId: compound.id, via: this.aliasKeys.has(compound.key) ? 'alias' : 'name' };
    }
    // no compound named at all: a building number found in exactly one compound of the place
    const candidates = this.byNumber.get(parsed.building) ?? [];
    if (candidates.length === 1 && parsed.head === '') {
      return { placed: true, buildingId: candidates[0], compoundId: this.compoundOf.get(candidates[0]) || null, via: 'only_building' };
    }
    // a head that names nothing we know (a typo, another name) is not guessed at
    return { placed: false, reason: candidates.length > 1 && parsed.head === '' ? 'ambiguous' : 'unknown_compound', parsed };
  }
}

/** Builds the index of a place tree (compounds and buildings) with the aliases taught for it. */
export function addressIndexOf(places: readonly AddressPlace[], aliases: readonly AddressAlias[] = []): AddressIndex {
  return new AddressIndex(places, aliases);
}

/**
 * What a dispatcher's placing of an unplaced address teaches: when the address named a compound we
 * did not know and its building number is the chosen building's, that compound text is an alias
 * of the chosen building's compound; otherwise the address head + building is an alias of the building.
 */
export function aliasFromPlacing(
  raw: string,
  chosen: { buildingId: string; buildingName: string; compoundId: string | null },
): AddressAlias | null {
  const parsed = parseAddress(raw);
  if (!parsed.text) return null;
  const number = buildingNumberOf(chosen.buildingName);
  const compoundText = parsed.head.replace(/^.*(?:街道|社区|镇|乡|[市县])/, '');
  if (chosen.compoundId && parsed.building && number === parsed.building && compoundText.length >= 2) {
    return { text: compoundText, compoundId: chosen.compoundId };
  }
  return { text: addressAliasKey(parsed), buildingId: chosen.buildingId };
}
