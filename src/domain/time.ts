/**
 * Calendar helpers for Asia/Shanghai. China has used a fixed UTC+8 without DST since 1991, so plain
 * offset arithmetic is exact for every date this app handles and needs no Intl time-zone data
 * (which some WeChat base libraries lack).
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const SHANGHAI_OFFSET_MINUTES = 480;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' of the Shanghai calendar day the instant falls on. */
export function shanghaiDateString(d: Date): string {
  const shifted = new Date(d.getTime() + OFFSET_MS);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1, 2)}-${pad(shifted.getUTCDate(), 2)}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function isValidCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** Strict 'YYYY-MM-DD' of a real date → the instant of that day's midnight in Shanghai; else null. */
export function parseDateString(s: string): Date | null {
  const m = DATE_PATTERN.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidCalendarDate(y, mo, d)) return null;
  // setUTCFullYear, unlike Date.UTC, does not remap years 0-99 to 1900-1999
  const utcMidnight = new Date(0);
  utcMidnight.setUTCFullYear(y, mo - 1, d);
  return new Date(utcMidnight.getTime() - OFFSET_MS);
}

function requireDate(s: string): Date {
  const d = parseDateString(s);
  if (!d) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
  return d;
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. Throws on bad input. */
/** 'YYYY-MM-DD' `days` after `date` (Shanghai calendar; negative goes back). */
export function addDays(date: string, days: number): string {
  return shanghaiDateString(new Date(Date.parse(`${date}T12:00:00+08:00`) + days * 86_400_000));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((requireDate(to).getTime() - requireDate(from).getTime()) / DAY_MS);
}

/**
 * Age in completed years on `today`. Someone born on 29 February turns a year older on 1 March in
 * common years. Throws on malformed dates (a programming error, not user input).
 */
export function ageOn(birthDate: string, today: string): number {
  requireDate(birthDate);
  requireDate(today);
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

/**
 * Display an instant (Date or ISO 8601 string as sent over the wire) in Shanghai time. A bare
 * 'YYYY-MM-DD' is read as a Shanghai calendar day. Unreadable input gives '' so a page never shows
 * "Invalid Date".
 */
export function formatShanghai(d: Date | string, pattern = 'YYYY-MM-DD HH:mm'): string {
  const date = typeof d === 'string' ? (DATE_PATTERN.test(d) ? parseDateString(d) : new Date(d)) : d;
  if (!date || Number.isNaN(date.getTime())) return '';
  return dayjs(date).utcOffset(SHANGHAI_OFFSET_MINUTES).format(pattern);
}
