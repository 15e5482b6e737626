/**
 * Who may see and change a household. A resident owns at most one: the one they created (its id is
 * derived from their openid), one a family member invited them to, or one a grid worker bound them
 * to. Nothing else — in particular no ID number — makes anyone an owner.
 */
import type { HouseholdDoc } from '../../src/domain/household';
import { Collections } from './collections';
import type { Database } from './cloud';
import { HashNamespaces, keyedHash } from './crypto';
import { first } from './db';

export async function findOwnHousehold(db: Database, openid: string): Promise<HouseholdDoc | null> {
  return first<HouseholdDoc>(db.collection(Collections.households).where({ ownerOpenids: openid }));
}

/** The id of the household a resident creates by filing: the same for every concurrent first filing. */
export function ownHouseholdId(openid: string): string {
  return `h_${keyedHash(HashNamespaces.owner, openid).slice(0, 32)}`;
}

/** The id of a household filed only by workers (代报), derived from its reporter's person id. */
export function proxyHouseholdId(reporterPersonId: string): string {
  return `h_${keyedHash(HashNamespaces.proxyHousehold, reporterPersonId).slice(0, 32)}`;
}
