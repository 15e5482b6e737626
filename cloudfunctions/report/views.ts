/** Turning stored documents into what residents see: masked, named, dated. */
import type { GridWorkerContact, HouseholdView, MemberView, ReportView } from '../../src/domain/contracts';
import type { HouseholdDoc, PersonDoc, ReportDoc } from '../../src/domain/household';
import type { PlaceChain } from '../../src/domain/places';

export function reportView(report: ReportDoc, chain: PlaceChain): ReportView {
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
    status: report.status,
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

export function householdView(
  household: HouseholdDoc,
  persons: PersonDoc[],
  chain: PlaceChain,
  gridWorker: GridWorkerContact | null,
): HouseholdView {
  // Members in the household's own order, reporter first.
  const order = new Map(household.personIds.map((id, i) => [id, i]));
  const members = persons
    .filter((p) => order.has(p._id))
    .sort((a, b) => (order.get(a._id) ?? 0) - (order.get(b._id) ?? 0))
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
    gridWorker,
    consent: { privacy: household.consent.privacy, healthTravel: household.consent.healthTravel, version: household.consent.version },
    updatedAt: new Date(household.updatedAt).toISOString(),
  };
}
