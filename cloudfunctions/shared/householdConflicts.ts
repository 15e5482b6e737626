/**
 * Household conflicts: a filing listed a person who belongs to another household. The person stays
 * where they are; one conflict (per person and claiming household, however often it is filed) goes
 * into the queue of the grid worker responsible for the household the person is in.
 */
import type { HouseholdConflictDoc, PersonDoc, ReportMemberEntry } from '../../src/domain/household';
import { maskName } from '../../src/domain/masking';
import type { PriorityName } from '../../src/domain/queue';
import { RELATION_LABELS } from '../../src/domain/household';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash } from '../common/crypto';
import { isDuplicateKeyError } from '../common/errors';
import { ensureQueueItem, newQueueItem } from '../common/queue';

export interface ConflictClaim {
  /** the person as the filer typed them */
  member: ReportMemberEntry;
  /** the stored person (never shown to the filer) */
  person: PersonDoc;
  existingHouseholdId: string;
}

export function conflictId(personId: string, claimantHouseholdId: string): string {
  return `hc_${keyedHash(HashNamespaces.householdConflict, `${personId}:${claimantHouseholdId}`).slice(0, 32)}`;
}

export const conflictItemId = (id: string) => `q_${id}`;

export async function fileConflicts(
  db: Database,
  a: { conflicts: ConflictClaim[]; claimantHouseholdId: string; reportId: string; sla: Record<PriorityName, number>; now: Date },
): Promise<void> {
  for (const c of a.conflicts) {
    const id = conflictId(c.person._id, a.claimantHouseholdId);
    const doc: HouseholdConflictDoc = {
      _id: id,
      personId: c.person._id,
      existingHouseholdId: c.existingHouseholdId,
      claimantHouseholdId: a.claimantHouseholdId,
      claimantReportId: a.reportId,
      claimed: {
        name: c.member.name,
        relation: c.member.relation,
        idType: c.member.idType,
        idMasked: c.member.idMasked,
        ...(c.member.phoneMasked ? { phoneMasked: c.member.phoneMasked } : {}),
      },
      communityId: c.person.communityId,
      gridId: c.person.gridId,
      placePath: c.person.placePath,
      status: 'open',
      createdAt: a.now,
      updatedAt: a.now,
    };
    try {
      await db.collection(Collections.householdConflicts).add({ data: doc });
    } catch (e) {
      // Filed before (a re-filing or a retry): the worker has it, or has decided it already.
      if (!isDuplicateKeyError(e)) throw e;
    }
    // Always ensured (a no-op when it exists): a retry after a crash between the two writes adds it.
    await ensureQueueItem(
      db,
      newQueueItem({
        _id: conflictItemId(id),
        kind: 'household_conflict',
        refId: id,
        // the person in dispute, whom the worker looks up and calls
        place: { ...doc, householdId: c.existingHouseholdId, personName: c.person.name, phoneMasked: c.person.phone?.masked },
        priority: 'normal',
        sla: a.sla,
        title: `家庭成员冲突 · ${maskName(c.person.name)}`,
        summary: `另一户将其登记为「${RELATION_LABELS[c.member.relation]}」，请核实归属`,
        at: a.now,
      }),
    );
  }
}
