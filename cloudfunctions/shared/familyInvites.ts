/** Family invite codes (邀请家人): made by an owner (report.createFamilyInvite) or a grid worker (staff.householdInvite). */
import { randomInt } from 'crypto';
import type { FamilyInviteView } from '../../src/domain/contracts';
import { FAMILY_INVITE_ALPHABET, FAMILY_INVITE_CODE_LENGTH, FAMILY_INVITE_HOURS, type FamilyInviteDoc } from '../../src/domain/household';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash } from '../common/crypto';

export const inviteDocId = (code: string) => `fi_${keyedHash(HashNamespaces.familyInvite, code).slice(0, 32)}`;

/** `ABCD-EFGH`: easier to read out over the phone. */
const grouped = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export async function issueFamilyInvite(
  db: Database,
  householdId: string,
  createdBy: FamilyInviteDoc['createdBy'],
  now: Date,
): Promise<FamilyInviteView> {
  const code = Array.from(
    { length: FAMILY_INVITE_CODE_LENGTH },
    () => FAMILY_INVITE_ALPHABET[randomInt(FAMILY_INVITE_ALPHABET.length)],
  ).join('');
  const invite: FamilyInviteDoc = {
    _id: inviteDocId(code),
    householdId,
    createdBy,
    expiresAt: new Date(now.getTime() + FAMILY_INVITE_HOURS * 3600_000),
    usedAt: null,
    createdAt: now,
  };
  await db.collection(Collections.familyInvites).add({ data: invite });
  return { code: grouped(code), expiresAt: invite.expiresAt.toISOString() };
}
