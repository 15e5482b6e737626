/** 居民身份证 numbers per GB 11643-1999. */
import type { ErrorCode } from './errors';
import { isValidCalendarDate, shanghaiDateString } from './time';

export type IdCardErrorCode = Extract<
  ErrorCode,
  'ID_CARD_FORMAT' | 'ID_CARD_REGION' | 'ID_CARD_BIRTH_DATE' | 'ID_CARD_FUTURE_BIRTH' | 'ID_CARD_CHECKSUM'
>;

export interface IdCardInfo {
  /** normalised: 18 ASCII characters, check character upper case */
  number: string;
  /** the 6-digit administrative division code */
  regionCode: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  gender: 'male' | 'female';
}

export type IdCardParseResult = { ok: true; value: IdCardInfo } | { ok: false; code: IdCardErrorCode };

/**
 * Province-level codes: mainland 11-65, 71 Taiwan, and 81/82/83 which prefix the residence permits
 * of Hong Kong, Macao and Taiwan residents (same 18-character format).
 */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
  83,
]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH = '1900-01-01';

/**
 * Full-width ASCII (U+FF01-FF5E) and the ideographic space to their half-width forms: Chinese IMEs
 * in full-width mode produce "１１０１…Ｘ".
 */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** ISO 7064 MOD 11-2 check character of the first 17 digits. Throws unless given exactly 17 digits. */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCardCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Validates and normalises an ID card number; `today` bounds the birth date (Shanghai calendar). */
export function parseIdCard(raw: string, today: Date): IdCardParseResult {
  const number = toHalfWidth(raw).trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, code: 'ID_CARD_FORMAT' };
  if (!PROVINCE_CODES.has(Number(number.slice(0, 2)))) return { ok: false, code: 'ID_CARD_REGION' };

  const [y, m, d] = [Number(number.slice(6, 10)), Number(number.slice(10, 12)), Number(number.slice(12, 14))];
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isValidCalendarDate(y, m, d) || birthDate < EARLIEST_BIRTH) return { ok: false, code: 'ID_CARD_BIRTH_DATE' };
  if (birthDate > shanghaiDateString(today)) return { ok: false, code: 'ID_CARD_FUTURE_BIRTH' };

  if (idCardCheckChar(number.slice(0, 17)) !== number[17]) return { ok: false, code: 'ID_CARD_CHECKSUM' };

  return {
    ok: true,
    value: {
      number,
      regionCode: number.slice(0, 6),
      birthDate,
      // the last digit of the sequence code is odd for men, even for women
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}
