/**
 * Place codes and new places. Each place has a short unique code (the unique index on `code`
 * decides; a clash draws again) — fresh ones are never a current or a retired code — and an id
 * derived from its parent, level and name, so two imports of the same tree racing each other write
 * each place once. A scanned code is a place, a code that was rotated away (its own record, looked
 * up by id), or nothing.
 */
import { createHash, randomInt } from 'crypto';
import { PLACE_CODE_ALPHABET, type Place, type PlaceLevel } from '../../src/domain/places';
import type { RetiredCodeDoc } from '../../src/domain/posters';
import { Collections } from './collections';
import type { Database } from './cloud';
import { first, rows } from './db';
import { isDuplicateKeyError } from './errors';
import { findPlaceByCode } from './places';

export function newPlaceCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += PLACE_CODE_ALPHABET[randomInt(PLACE_CODE_ALPHABET.length)];
  return code;
}

/** The id a place named `name` of `level` under `parentId` gets when it is first created. */
export function placeIdFor(parentId: string | null, level: PlaceLevel, name: string): string {
  return `pl_${createHash('sha256')
    .update(`${parentId ?? ''}\u0000${level}\u0000${name}`)
    .digest('hex')
    .slice(0, 24)}`;
}

/** Sibling positions of places created now: after every place created before, in creation order. */
export const sortBase = (now: Date): number => Math.floor(now.getTime() / 1000) * 1_000_000;

const BATCH = 100;

/**
 * Inserts places in batches. A batch that meets a duplicate key goes one by one: a place whose id
 * exists already was written by a concurrent import (kept as it is), a code clash draws a new code.
 * Returns how many were inserted.
 */
export async function insertPlaces(db: Database, places: Place[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < places.length; i += BATCH) {
    const batch = places.slice(i, i + BATCH);
    await avoidRetiredCodes(db, batch);
    try {
      await db.collection(Collections.places).add({ data: batch as never });
      inserted += batch.length;
      continue;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
    for (const place of batch) if (await insertPlace(db, place)) inserted++;
  }
  return inserted;
}

/**
 * A retired code stays retired: a new place drawn one (a chance of about one in 700 million per
 * place) draws again, so an old poster can never open a place it was not printed for.
 */
async function avoidRetiredCodes(db: Database, places: Place[]): Promise<void> {
  const _ = db.command;
  for (let round = 0; round < 5; round++) {
    const retired = await rows<RetiredCodeDoc>(db.collection(Collections.retiredCodes).where({ _id: _.in(places.map((p) => p.code)) }));
    if (retired.length === 0) return;
    const taken = new Set(retired.map((r) => r._id));
    for (const p of places) if (taken.has(p.code)) p.code = newPlaceCode();
  }
}

/** One place; false when a place with its id exists already. */
export async function insertPlace(db: Database, place: Place): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    if (await first<Place>(db.collection(Collections.places).where({ _id: place._id }))) return false;
    await avoidRetiredCodes(db, [place]);
    try {
      await db.collection(Collections.places).add({ data: place });
      return true;
    } catch (e) {
      if (!isDuplicateKeyError(e) || attempt >= 5) throw e;
      place.code = newPlaceCode();
    }
  }
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
    const code = newPlaceCode();
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
