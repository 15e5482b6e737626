/**
 * Display copies of personal data for lists and receipts. Every masked value hides at least one
 * character, so a masked copy never equals the original. Characters are counted as code points so
 * rare CJK characters (outside the BMP) are not split.
 */
import type { IdType } from './household';

/** Keep `head` and `tail` characters, one `*` for each character between; shrinks the kept ends for short values. */
function maskMiddle(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length === 0) return '';
  // keep at most half of the value on each side, so something is always masked
  const keep = Math.floor((chars.length - 1) / 2);
  const h = Math.min(head, keep);
  const t = Math.min(tail, keep);
  return chars.slice(0, h).join('') + '*'.repeat(chars.length - h - t) + chars.slice(chars.length - t).join('');
}

/** ID card → `110105********002X`; passport/other → first 2 and last 2 kept. */
export function maskIdNumber(idType: IdType, number: string): string {
  return idType === 'id_card' ? maskMiddle(number, 6, 4) : maskMiddle(number, 2, 2);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4);
}

/** `张三` → `张*`, `欧阳娜娜` → `欧***`; a one-character name still gets one `*`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
