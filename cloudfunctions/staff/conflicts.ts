/**
 * staff.resolveConflict — the grid worker of a household decides a household conflict (a person of
 * theirs listed by another household's filing): move the person to the other household, keep them,
 * or merge the other household into theirs. One transaction over the conflict, its queue item, both
 * households and the persons, with the audit entry: of two workers deciding at once exactly one
 * wins, and nothing is half done. staff.householdInvite — a code that binds a resident to a household
 * of the worker's scope (e.g. one filed by 代报).
 */
import type { FamilyInviteView, HouseholdConflictView, MaskedHouseholdView, QueueItemDetail, ParsedOf } from '../../src/domain/contracts';
import type { HouseholdConflictDoc, HouseholdDoc, PersonDoc } from '../../src/domain/household';
import { maskName } from '../../src/domain/masking';
import type { Place } from '../../src/domain/places';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { StaffDoc } from '../../src/domain/staff';

import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';

import { type StaffAccess, type StaffContext, requireInScope } from '../common/staffAccess';
import { inTransaction, txGet, type Tx } from '../common/transaction';
import { issueFamilyInvite } from '../shared/familyInvites';
import { verifyItemId } from '../shared/householdFiling';
import { itemDetail, itemInScope, maskedPerson } from './items';

const AUDIT_ACTION = { move: 'household_move', keep: 'household_keep', merge: 'household_merge' } as const;
/** Persons per household are at most MAX_MEMBERS, and a transaction reads each by id. */
const HOUSEHOLD_PERSONS_MAX = 40;

async function maskedHousehold(db: Database, household: HouseholdDoc): Promise<MaskedHouseholdView> {
  const persons = await rows<PersonDoc>(
    db.collection(Collections.persons).where({ householdId: household._id }).limit(HOUSEHOLD_PERSONS_MAX),
  );
  const grid = await first<Place>(db.collection(Collections.places).where({ _id: household.gridId }));
  return {
    householdId: household._id,
    address: household.address,
    gridName: grid?.name ?? '',
    members: persons.map((p) => ({ name: maskName(p.name), relation: p.relation, idMasked: p.id.masked })),
    hasOwners: household.ownerOpenids.length > 0,
    updatedAt: new Date(household.updatedAt).toISOString(),
  };
}

/** The conflict section of an item's detail: the person and both households, masked. */
export async function conflictView(db: Database, conflictId: string): Promise<HouseholdConflictView> {
  const conflict = await first<HouseholdConflictDoc>(db.collection(Collections.householdConflicts).where({ _id: conflictId }));
  if (!conflict) return fail('NOT_FOUND');
  const _ = db.command;
  const households = await rows<HouseholdDoc>(
    db
      .collection(Collections.households)
      .where({ _id: _.in([conflict.existingHouseholdId, conflict.claimantHouseholdId]) })
      .limit(2),
  );
  const byId = new Map(households.map((h) => [h._id, h]));
  const existing = byId.get(conflict.existingHouseholdId);
  const claimant = byId.get(conflict.claimantHouseholdId);
  const person = await first<PersonDoc>(db.collection(Collections.persons).where({ _id: conflict.personId }));
  if (!existing || !claimant || !person) return fail('NOT_FOUND');
  return {
    conflictId: conflict._id,
    person: maskedPerson(person),
    claimed: { name: maskName(conflict.claimed.name), relation: conflict.claimed.relation, idMasked: conflict.claimed.idMasked },
    existing: await maskedHousehold(db, existing),
    claimant: await maskedHousehold(db, claimant),
    status: conflict.status,
    ...(conflict.resolution ? { resolution: conflict.resolution } : {}),
    ...(conflict.resolvedBy ? { resolvedBy: conflict.resolvedBy.name } : {}),
    ...(conflict.note ? { note: conflict.note } : {}),
  };
}

export async function resolveConflict(ctx: StaffContext, p: ParsedOf<'staff', 'resolveConflict'>): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const { access } = ctx;
  const item = await itemInScope(db, access, p.itemId);
  if (item.kind !== 'household_conflict') return fail('BAD_REQUEST', '该事项不是家庭成员冲突', 'itemId');
  const conflict = await inTransaction(db, (tx) => decide(tx, access, item, p, now));
  if (p.resolution === 'merge') await followMerge(db, conflict, now);
  const fresh = await first<QueueItemDoc>(db.collection(Collections.queueItems).where({ _id: item._id }));
  return itemDetail(ctx, access, fresh ?? item);
}

async function decide(
  tx: Tx,
  access: StaffAccess,
  item: QueueItemDoc,
  p: ParsedOf<'staff', 'resolveConflict'>,
  now: Date,
): Promise<HouseholdConflictDoc> {
  const notFound = (): never => fail('NOT_FOUND', '冲突记录不存在', 'itemId');
  const conflict = await txGet<HouseholdConflictDoc>(tx, Collections.householdConflicts, item.refId, notFound);
  if (conflict.status !== 'open') return fail('CONFLICT_RESOLVED');
  const existing = await txGet<HouseholdDoc>(tx, Collections.households, conflict.existingHouseholdId, notFound);
  const claimant = await txGet<HouseholdDoc>(tx, Collections.households, conflict.claimantHouseholdId, notFound);
  const person = await txGet<PersonDoc>(tx, Collections.persons, conflict.personId, notFound);
  // Decided on the state now: the person must still be where the conflict found them.
  const stillThere = person.householdId === existing._id || (person.householdId === null && person.formerHouseholdId === existing._id);
  if (!stillThere || existing.mergedInto || claimant.mergedInto) return fail('CONFLICT', '该成员的归属已变化，请刷新后查看');
  requireInScope(access, existing, '事项不存在或不在您的管辖范围内', 'itemId');

  const persons = tx.collection(Collections.persons);
  const households = tx.collection(Collections.households);
  if (p.resolution === 'move') {
    await persons.doc(person._id).update({
      data: {
        householdId: claimant._id,
        communityId: claimant.communityId,
        gridId: claimant.gridId,
        buildingId: claimant.buildingId,
        placePath: claimant.placePath,
        relation: conflict.claimed.relation,
        formerHouseholdId: existing._id,
        updatedAt: now,
      },
    });
    await households
      .doc(existing._id)
      .update({ data: { personIds: existing.personIds.filter((id) => id !== person._id), updatedAt: now } });
    if (!claimant.personIds.includes(person._id)) {
      await households.doc(claimant._id).update({ data: { personIds: [...claimant.personIds, person._id], updatedAt: now } });
    }
  } else if (p.resolution === 'merge') {
    // The claimant household joins the existing one: its persons and owners move, it stays as history.
    for (const id of claimant.personIds.slice(0, HOUSEHOLD_PERSONS_MAX)) {
      const member = id === person._id ? person : await txGet<PersonDoc>(tx, Collections.persons, id, notFound);
      if (member.householdId !== claimant._id && member._id !== person._id) continue;
      await persons.doc(member._id).update({
        data: {
          householdId: existing._id,
          communityId: existing.communityId,
          gridId: existing.gridId,
          buildingId: existing.buildingId,
          placePath: existing.placePath,
          updatedAt: now,
        },
      });
    }
    const joined = [...existing.personIds, ...claimant.personIds.filter((id) => !existing.personIds.includes(id))];
    const owners = [...existing.ownerOpenids, ...claimant.ownerOpenids.filter((o) => !existing.ownerOpenids.includes(o))];
    // Owners leave the claimant first: at no point does one resident own two households.
    await households.doc(claimant._id).update({ data: { ownerOpenids: [], personIds: [], mergedInto: existing._id, updatedAt: now } });
    await households.doc(existing._id).update({ data: { ownerOpenids: owners, personIds: joined, updatedAt: now } });
    await tx
      .collection(Collections.queueItems)
      .doc(verifyItemId(claimant._id))
      .update({ data: { status: 'closed', closedReason: 'merged', closedAt: now, updatedAt: now } });
  }
  const resolved: Partial<HouseholdConflictDoc> = {
    status: 'resolved',
    resolution: p.resolution,
    resolvedBy: { staffId: access.staff._id, name: access.staff.name },
    ...(p.note ? { note: p.note } : {}),
    resolvedAt: now,
    updatedAt: now,
  };
  await tx.collection(Collections.householdConflicts).doc(conflict._id).update({ data: resolved });
  await tx
    .collection(Collections.queueItems)
    .doc(item._id)
    .update({
      data: {
        status: 'closed',
        closedReason: `conflict_${p.resolution}`,
        closedAt: now,
        updatedAt: now,
        assigneeStaffId: access.staff._id,
      },
    });
  await appendAudit(tx, {
    action: AUDIT_ACTION[p.resolution],
    staff: access.staff,
    target: { collection: Collections.householdConflicts, id: conflict._id, field: `person:${person._id}` },
    ...(p.note ? { reason: p.note } : {}),
    at: now,
  });
  return { ...conflict, ...resolved } as HouseholdConflictDoc;
}

/**
 * After a merge, what else belonged to the merged household follows it: its requests, reports,
 * isolations and schedules, and the other open conflicts between the same two households. Each
 * write is idempotent, so running it again (a retry after a crash) completes it.
 */
async function followMerge(db: Database, conflict: HouseholdConflictDoc, now: Date): Promise<void> {
  const from = conflict.claimantHouseholdId;
  const to = conflict.existingHouseholdId;
  for (const collection of [Collections.requests, Collections.reports, Collections.isolations, Collections.requestSchedules]) {
    await db
      .collection(collection)
      .where({ householdId: from })
      .update({ data: { householdId: to } });
  }
  const _ = db.command;
  const siblings = await rows<HouseholdConflictDoc>(
    db.collection(Collections.householdConflicts).where({ claimantHouseholdId: from, status: 'open' }).limit(HOUSEHOLD_PERSONS_MAX),
  );
  for (const s of siblings.filter((c) => c.existingHouseholdId === to)) {
    await db
      .collection(Collections.householdConflicts)
      .where({ _id: s._id, status: 'open' })
      .update({ data: { status: 'resolved', resolution: 'merge', resolvedBy: conflict.resolvedBy, resolvedAt: now, updatedAt: now } });
    await db
      .collection(Collections.queueItems)
      .where({ refId: s._id, kind: 'household_conflict', status: _.neq('closed') })
      .update({ data: { status: 'closed', closedReason: 'conflict_merge', closedAt: now, updatedAt: now } });
  }
}

/** The worker binds a resident to a household they are responsible for: the resident enters the code. */
export async function householdInvite(ctx: StaffContext, p: ParsedOf<'staff', 'householdInvite'>): Promise<FamilyInviteView> {
  const { access } = ctx;
  const found = await first<HouseholdDoc>(ctx.db.collection(Collections.households).where({ _id: p.householdId }));
  const household = requireInScope(access, found?.mergedInto ? null : found, '家庭不存在或不在您的管辖范围内', 'householdId');
  const invite = await issueFamilyInvite(ctx.db, household._id, { kind: 'staff', staffId: access.staff._id }, ctx.now);
  await appendAudit(ctx.db, {
    action: 'household_invite',
    staff: access.staff as StaffDoc,
    target: { collection: Collections.households, id: household._id },
    at: ctx.now,
  });
  return invite;
}
