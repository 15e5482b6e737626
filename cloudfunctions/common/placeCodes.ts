/**
 * Place codes: fresh ones (never a current or a retired code), and what a scanned code is — a place,
 * a code that was rotated away (its own record, looked up by id), or nothing.
 */
import { randomInt } from 'crypto';
import { PLACE_CODE_ALPHABET, type Place } from '../../src/domain/places';
import type { RetiredCodeDoc } from '../../src/domain/posters';
import { Collections } from './collections';
import type { Database } from './cloud';
import { first } from './db';
import { findPlaceByCode } from './places';

export function randomPlaceCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += PLACE_CODE_ALPHABET[randomInt(PLACE_CODE_ALPHABET.length)];
  return code;
}

export async function findRetiredCode(db: Pick<Database, 'collection'>, code: string): Promise<RetiredCodeDoc | null> {
  return first<RetiredCodeDoc>(db.collection(Collections.retiredCodes).where({ _id: code }));
}

/**
 * A code no place has and none had: a retired code stays retired, so a poster printed with it can
 * never point at another place. (The unique `code` index still decides between two writers.)
 */
export async function freshPlaceCode(db: Database): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = randomPlaceCode();
    if (!(await findPlaceByCode(db, code)) && !(await findRetiredCode(db, code))) return code;
  }
  throw new Error('no free place code after 8 attempts');
}

export type ScannedCode = { kind: 'place'; place: Place } | { kind: 'retired'; retired: RetiredCodeDoc } | { kind: 'unknown' };

export async function lookUpCode(db: Database, code: string): Promise<ScannedCode> {
  const place = await findPlaceByCode(db, code);
  if (place) return { kind: 'place', place };
  const retired = await findRetiredCode(db, code);
  return retired ? { kind: 'retired', retired } : { kind: 'unknown' };
}
