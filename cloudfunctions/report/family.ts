/**
 * 邀请家人 — report.createFamilyInvite and report.acceptFamilyInvite. An owner of a household makes
 * a one-time code that expires in a day; a family member enters it on their own phone and becomes
 * an owner too (they see and file the same household). Only the code's keyed hash is stored.
 */
import type { FamilyInviteView, HouseholdView, ParsedOf } from '../../src/domain/contracts';
import { type FamilyInviteDoc, type HouseholdDoc } from '../../src/domain/household';
import { Collections } from '../common/collections';
import { first } from '../common/db';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { findOwnHousehold } from '../common/households';
import { inTransaction, txGet } from '../common/transaction';
import { loadHouseholdView } from './mine';
import { inviteDocId, issueFamilyInvite } from '../shared/familyInvites';

export async function createFamilyInvite(ctx: CallContext): Promise<FamilyInviteView> {
  const household = await findOwnHousehold(ctx.db, ctx.caller.openid);
  if (!household) return fail('HOUSEHOLD_NOT_OWNED');
  return issueFamilyInvite(ctx.db, household._id, { kind: 'owner', openid: ctx.caller.openid }, ctx.now);
}

/**
 * One transaction over the invite and the household: of two phones entering one code at once,
 * exactly one joins. A resident who owns a household already cannot join another (the grid worker
 * merges households); entering the code again after joining answers the household again.
 */
export async function acceptFamilyInvite(ctx: CallContext, p: ParsedOf<'report', 'acceptFamilyInvite'>): Promise<HouseholdView> {
  const { db, now } = ctx;
  const openid = ctx.caller.openid;
  const id = inviteDocId(p.code);
  const seen = await first<FamilyInviteDoc>(db.collection(Collections.familyInvites).where({ _id: id }));
  if (!seen) return fail('FAMILY_INVITE_INVALID', undefined, 'code');
  const own = await findOwnHousehold(db, openid);
  if (own && own._id === seen.householdId) return loadHouseholdView(db, own);
  if (own) return fail('ALREADY_IN_HOUSEHOLD', undefined, 'code');

  const householdId = await inTransaction(db, async (tx) => {
    const invalid = (): never => fail('FAMILY_INVITE_INVALID', undefined, 'code');
    const invite = await txGet<FamilyInviteDoc>(tx, Collections.familyInvites, id, invalid);
    if (invite.usedAt) return fail('FAMILY_INVITE_USED', undefined, 'code');
    if (new Date(invite.expiresAt).getTime() <= now.getTime()) return fail('FAMILY_INVITE_EXPIRED', undefined, 'code');
    const household = await txGet<HouseholdDoc>(tx, Collections.households, invite.householdId, invalid);
    if (household.mergedInto) return fail('FAMILY_INVITE_INVALID', '该家庭已与其他家庭合并，请让家人重新生成邀请码', 'code');
    await tx
      .collection(Collections.familyInvites)
      .doc(id)
      .update({ data: { usedAt: now, usedByOpenid: openid } });
    const owners = household.ownerOpenids.includes(openid) ? household.ownerOpenids : [...household.ownerOpenids, openid];
    await tx
      .collection(Collections.households)
      .doc(household._id)
      .update({ data: { ownerOpenids: owners, updatedAt: now } });
    return household._id;
  });
  const joined = await first<HouseholdDoc>(db.collection(Collections.households).where({ _id: householdId }));
  return loadHouseholdView(db, joined!);
}
