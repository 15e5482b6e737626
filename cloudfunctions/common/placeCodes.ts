/**
 * Writing new places: each with a short unique code (the unique index on `code` decides; a clash
 * draws again) and an id derived from its parent, level and name, so two imports of the same tree
 * racing each other write each place once.
 */
import { createHash, randomInt } from 'crypto';
import { PLACE_CODE_ALPHABET, type Place, type PlaceLevel } from '../../src/domain/places';
import { Collections } from './collections';
import type { Database } from './cloud';
import { first } from './db';
import { isDuplicateKeyError } from './errors';

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

/** One place; false when a place with its id exists already. */
export async function insertPlace(db: Database, place: Place): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    if (await first<Place>(db.collection(Collections.places).where({ _id: place._id }))) return false;
    try {
      await db.collection(Collections.places).add({ data: place });
      return true;
    } catch (e) {
      if (!isDuplicateKeyError(e) || attempt >= 5) throw e;
      place.code = newPlaceCode();
    }
  }
}
