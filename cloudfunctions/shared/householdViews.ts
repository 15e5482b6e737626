/** Turning stored documents into what residents see: masked, named, dated. */
import type { GridWorkerContact, HouseholdView, MemberView, PendingMemberView, ReportView } from '../../src/domain/contracts';
import type { HouseholdConflictDoc, HouseholdDoc, PersonDoc, ReportDoc } from '../../src/domain/household';
import type { PlaceChain } from '../../src/domain/places';

/**
 * A report as its household sees it. `currentReportId` (the household's newest filing) makes every
 * other unverified filing show as superseded: derived, so concurrent filings cannot leave two current.
 */
export function reportView(report: ReportDoc, chain: PlaceChain, currentReportId?: string): ReportView {
  const superseded = report.status === 'submitted' && currentReportId !== undefined && currentReportId !== report._id;
  return {
    reportId: report._id,
    householdId: report.householdId,
    communityName: chain.community?.name ?? '',
    gridName: chain.grid?.name ?? '',
    address: report.address,
    category: report.category,
    members: report.members.map((m) => ({ ...m })),
    travel: report.travel,
    note: report.note,
    status: superseded ? 'superseded' : report.status,
    createdAt: new Date(report.createdAt).toISOString(),
  };
}

export function memberView(person: PersonDoc): MemberView {
  return {
    personId: person._id,
    name: person.name,
    relation: person.relation,
    idType: person.idType,
    idMasked: person.id.masked,
    phoneMasked: person.phone?.masked,
  };
}

export function pendingMemberView(conflict: HouseholdConflictDoc): PendingMemberView {
  return { name: conflict.claimed.name, relation: conflict.claimed.relation, idMasked: conflict.claimed.idMasked };
}

export function householdView(
  household: HouseholdDoc,
  persons: PersonDoc[],
  chain: PlaceChain,
  gridWorker: GridWorkerContact | null,
  pending: HouseholdConflictDoc[] = [],
): HouseholdView {
  // Members in the order last filed, reporter first; anyone a worker moved in since comes last.
  const order = new Map(household.personIds.map((id, i) => [id, i]));
  const rank = (p: PersonDoc) => order.get(p._id) ?? order.size;
  const members = persons
    .filter((p) => p.householdId === household._id)
    .sort((a, b) => rank(a) - rank(b))
    .map(memberView);
  return {
    householdId: household._id,
    communityId: household.communityId,
    communityName: chain.community?.name ?? '',
    gridName: chain.grid?.name ?? '',
    buildingId: household.buildingId,
    address: household.address,
    unit: household.unit,
    room: household.room,
    members,
    pendingMembers: pending.map(pendingMemberView),
    gridWorker,
    consent: { privacy: household.consent.privacy, healthTravel: household.consent.healthTravel, version: household.consent.version },
    updatedAt: new Date(household.updatedAt).toISOString(),
  };
}
