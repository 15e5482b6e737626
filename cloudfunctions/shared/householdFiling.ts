/**
 * report.submit — a resident files (or re-files) their own household: the household and its persons
 * are created or updated (persons deduplicated by ID document through a keyed hash), a report is
 * recorded, and the household's one verify item in the grid's queue points at it.
 *
 * Ownership: a filing changes only the caller's own household (SPEC "Who owns a household"). A
 * listed person who belongs to another household is not moved and nothing of that household is
 * read into the reply: the person is filed as 待网格员确认 and a household-conflict item goes to the
 * grid worker of the other household.
 *
 * Race-safe by design, not by the store answering one request at a time: every id is derived (the
 * report from (filer, clientRequestId), the household from its creator, persons from their
 * document hash, the verify item from the household, conflicts from (person, household)), creates
 * are inserts that a concurrent twin turns into a duplicate-key error, and every change to a
 * record someone else may change meanwhile is conditional on what was read: a person is claimed
 * only while still in the household it was read in, and the household and its verify item take a
 * filing only over an older one (`reportKeyOf`), so concurrent filings converge on the newest.
 */
import type { ReportReceipt, ParsedOf } from '../../src/domain/contracts';
import {
  claimOf,
  REPORT_CATEGORY_LABELS,
  FEVER_THRESHOLD,
  reportKeyOf,
  type HouseholdDoc,
  type HouseholdReportInput,
  type MemberClaim,
  type MemberInput,
  type PersonDoc,
  type ReportDoc,
  type ReportMemberEntry,
} from '../../src/domain/household';
import { parseIdCard } from '../../src/domain/idcard';
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking';
import { formatAddress, roomsOfUnit, type Place, type PlaceChain } from '../../src/domain/places';
import type { PriorityName } from '../../src/domain/queue';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash, protect } from '../common/crypto';
import { first, rows } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import type { CallContext } from '../common/handler';
import { findOwnHousehold, ownHouseholdId, proxyHouseholdId } from '../common/households';
import { requireBuilding } from '../common/places';
import { newQueueItem } from '../common/queue';
import { slaOf } from '../common/sla';
import { gridWorkerFor } from '../common/staff';
import { fileConflicts, type ConflictClaim } from './householdConflicts';
import { reportView } from './householdViews';

/** Who files: the resident themself, or a grid worker on their behalf (代报) within their scope. */
export type Filer = { kind: 'resident'; openid: string } | { kind: 'staff'; staffId: string; scope: string[] };

type Sla = Record<PriorityName, number>;
type UpdateStats = { stats?: { updated?: number } };
const updatedCount = (res: unknown) => (res as UpdateStats).stats?.updated ?? 0;

export function submitReport(ctx: CallContext, input: ParsedOf<'report', 'submit'>): Promise<ReportReceipt> {
  return fileHouseholdReport(ctx, input, { kind: 'resident', openid: ctx.caller.openid });
}

export async function fileHouseholdReport(ctx: CallContext, input: HouseholdReportInput, filer: Filer): Promise<ReportReceipt> {
  const { db, now } = ctx;
  const filerKey = filer.kind === 'resident' ? filer.openid : `staff:${filer.staffId}`;
  const place = await requireBuilding(db, input.buildingId);
  const { building, chain } = place;
  const unit = (building.units ?? []).find((u) => u.name === input.unit);
  if (!unit) fail('UNIT_INVALID', undefined, 'unit');
  if (!roomsOfUnit(unit).includes(input.room)) fail('ROOM_INVALID', undefined, 'room');

  const reportId = `r_${keyedHash(HashNamespaces.submission, `${filerKey}:${input.clientRequestId}`).slice(0, 32)}`;
  const earlier = await findReport(db, reportId);
  if (earlier) return replay(ctx, earlier);

  const sla = slaOf(chain.community);
  const members = input.members.map((m) => protectMember(m, now));
  const stored = await findPersons(
    db,
    members.map((m) => m.personId),
  );
  const reporter = members.find((m) => m.input.relation === 'self')!;
  const found = await householdOf(db, filer, reporter, stored);
  const household = await writeHousehold(ctx, filer, found, {
    reportId,
    reportKey: reportKeyOf({ _id: reportId, createdAt: now }),
    input,
    building,
    chain,
    members,
  });
  const placement = placementOf(household._id, building, chain);

  // Persons: claim each listed person the household may have; the others are conflicts.
  const conflicts: ConflictClaim[] = [];
  const confirmed = new Set<string>();
  await claimPersons(db, members, stored, placement, now, (m, claim) => {
    if (claim.kind === 'conflict') conflicts.push({ member: m.entry, person: claim.person, existingHouseholdId: claim.householdId });
    else confirmed.add(m.personId);
  });
  if (!('newId' in found)) await releaseUnlisted(db, found, new Set(members.map((m) => m.personId)), now);
  await fileConflicts(db, { conflicts, claimantHouseholdId: household._id, reportId, sla, now });

  const report: ReportDoc = {
    _id: reportId,
    ...placement,
    address: household.address,
    category: input.category,
    members: members.map((m) => (confirmed.has(m.personId) ? m.entry : { ...m.entry, pending: true as const })),
    ...(input.travel ? { travel: input.travel } : {}),
    ...(input.note ? { note: input.note } : {}),
    status: 'submitted',
    filedBy: filer.kind === 'resident' ? { kind: 'resident' } : { kind: 'staff', staffId: filer.staffId },
    createdAt: now,
  };
  try {
    await db.collection(Collections.reports).add({ data: report });
  } catch (e) {
    // A concurrent retry of the same submission got there first: answer as a replay.
    if (!isDuplicateKeyError(e)) throw e;
    const winner = await findReport(db, reportId);
    if (winner) return replay(ctx, winner);
    throw e;
  }
  await takeVerifyItem(db, report, now, sla);
  return receipt(ctx, report, place, false);
}

interface ProtectedMember {
  input: MemberInput;
  personId: string;
  id: PersonDoc['id'];
  phone?: PersonDoc['phone'];
  gender?: 'male' | 'female';
  birthDate?: string;
  entry: ReportMemberEntry;
}

function protectMember(m: MemberInput, now: Date): ProtectedMember {
  const id = protect(HashNamespaces.document(m.idType), m.idNumber, maskIdNumber(m.idType, m.idNumber));
  const phone = m.phone ? protect(HashNamespaces.phone, m.phone, maskPhone(m.phone)) : undefined;
  const card = m.idType === 'id_card' ? parseIdCard(m.idNumber, now) : null;
  const personId = `p_${id.hash.slice(0, 32)}`;
  return {
    input: m,
    personId,
    id,
    phone,
    gender: card?.ok ? card.value.gender : undefined,
    birthDate: card?.ok ? card.value.birthDate : undefined,
    entry: {
      personId,
      name: m.name,
      relation: m.relation,
      idType: m.idType,
      idMasked: id.masked,
      ...(phone ? { phoneMasked: phone.masked } : {}),
      ...(m.health ? { health: m.health } : {}),
    },
  };
}

type Placement = Pick<HouseholdDoc, 'communityId' | 'gridId' | 'buildingId' | 'placePath'> & { householdId: string };

function placementOf(householdId: string, building: Place, chain: PlaceChain): Placement {
  return { householdId, communityId: chain.community!._id, gridId: chain.grid!._id, buildingId: building._id, placePath: building.path };
}

async function findReport(db: Database, reportId: string): Promise<ReportDoc | null> {
  return first<ReportDoc>(db.collection(Collections.reports).where({ _id: reportId }));
}

async function findPersons(db: Database, personIds: string[]): Promise<Map<string, PersonDoc>> {
  const _ = db.command;
  const persons = await rows<PersonDoc>(
    db
      .collection(Collections.persons)
      .where({ _id: _.in(personIds) })
      .limit(personIds.length),
  );
  return new Map(persons.map((p) => [p._id, p]));
}

async function findHousehold(db: Database, householdId: string): Promise<HouseholdDoc | null> {
  return first<HouseholdDoc>(db.collection(Collections.households).where({ _id: householdId }));
}

/**
 * The household this filing is for, or the id a new one gets. A resident: their own. A worker: the
 * household the reporter is in, when it is in the worker's scope; otherwise a new one named after the
 * reporter, so that retries and concurrent filings by workers create it once.
 */
async function householdOf(
  db: Database,
  filer: Filer,
  reporter: ProtectedMember,
  stored: Map<string, PersonDoc>,
): Promise<HouseholdDoc | { newId: string }> {
  if (filer.kind === 'resident') return (await findOwnHousehold(db, filer.openid)) ?? { newId: ownHouseholdId(filer.openid) };
  const current = stored.get(reporter.personId)?.householdId;
  if (current) {
    const household = await findHousehold(db, current);
    if (household && !household.mergedInto && filer.scope.some((id) => household.placePath.includes(id))) return household;
  }
  return { newId: proxyHouseholdId(reporter.personId) };
}

interface HouseholdFiling {
  reportId: string;
  reportKey: string;
  input: HouseholdReportInput;
  building: Place;
  chain: PlaceChain;
  members: ProtectedMember[];
}

/**
 * Creates or updates the household. A create that meets a duplicate is a concurrent twin (the
 * same resident's other submission, or a worker's): it becomes an update of what the twin made.
 */
async function writeHousehold(
  ctx: CallContext,
  filer: Filer,
  found: HouseholdDoc | { newId: string },
  filing: HouseholdFiling,
): Promise<HouseholdDoc> {
  const { db, now } = ctx;
  const { input, building, chain, members } = filing;
  const householdId = 'newId' in found ? found.newId : found._id;
  const fields = {
    ...placementOf(householdId, building, chain),
    unit: input.unit,
    room: input.room,
    address: formatAddress({ compound: chain.compound?.name, building: building.name, unit: input.unit, room: input.room }),
    reporterPersonId: members.find((m) => m.input.relation === 'self')!.personId,
    personIds: members.map((m) => m.personId),
    consent: { ...input.consent, at: now },
    lastReportId: filing.reportId,
    lastReportKey: filing.reportKey,
    ...(filer.kind === 'staff' ? { proxyStaffId: filer.staffId } : {}),
    updatedAt: now,
  };
  const { householdId: _omit, ...householdFields } = fields;
  if (!('newId' in found)) {
    await updateIfNewer(db, found._id, householdFields, filing.reportKey);
    return { ...found, ...householdFields };
  }
  const created: HouseholdDoc = {
    _id: householdId,
    ...householdFields,
    ownerOpenids: filer.kind === 'resident' ? [filer.openid] : [],
    createdAt: now,
  };
  try {
    await db.collection(Collections.households).add({ data: created });
    return created;
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
  const twin = await findHousehold(db, householdId);
  const ours = twin && !twin.mergedInto && (filer.kind === 'staff' || twin.ownerOpenids.includes(filer.openid));
  if (twin && ours) {
    await updateIfNewer(db, householdId, householdFields, filing.reportKey);
    return { ...twin, ...householdFields };
  }
  // The derived id belongs to a household the resident no longer owns (it was merged into another and
  // they were later removed from that one): start a fresh household named after this filing.
  const fresh = { ...created, _id: `h_${filing.reportId.slice(2)}` };
  await db.collection(Collections.households).add({ data: fresh });
  return fresh;
}

/** Updates the household with a filing unless a newer filing has already been written to it. */
async function updateIfNewer(db: Database, householdId: string, fields: Record<string, unknown>, reportKey: string): Promise<void> {
  const _ = db.command;
  await db
    .collection(Collections.households)
    .where(_.and([{ _id: householdId }, _.or([{ lastReportKey: _.lt(reportKey) }, { lastReportKey: _.exists(false) }])]))
    .update({ data: fields });
}

type ClaimOutcome = { kind: 'claim' } | { kind: 'conflict'; householdId: string; person: PersonDoc };

/**
 * Puts each listed person the household may have into it, and reports every listed person's outcome.
 * New persons go in with one insert; a person someone else created or moved meanwhile is read again
 * and decided again, so a person is never taken from a household the filer may not change.
 */
async function claimPersons(
  db: Database,
  members: ProtectedMember[],
  stored: Map<string, PersonDoc>,
  placement: Placement,
  now: Date,
  outcome: (m: ProtectedMember, claim: ClaimOutcome) => void,
): Promise<void> {
  const fieldsOf = (m: ProtectedMember) => ({
    ...placement,
    name: m.input.name,
    relation: m.input.relation,
    idType: m.input.idType,
    id: m.id,
    ...(m.phone ? { phone: m.phone } : {}),
    ...(m.gender ? { gender: m.gender, birthDate: m.birthDate } : {}),
    updatedAt: now,
  });
  const fresh = members.filter((m) => claimOf(stored.get(m.personId) ?? null, placement.householdId).kind === 'new');
  let insertedAll = fresh.length === 0;
  if (fresh.length > 0) {
    try {
      await db
        .collection(Collections.persons)
        .add({ data: fresh.map((m) => ({ _id: m.personId, ...fieldsOf(m), status: 'normal', createdAt: now })) });
      insertedAll = true;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }
  for (const m of members) {
    if (insertedAll && fresh.includes(m)) {
      outcome(m, { kind: 'claim' });
      continue;
    }
    outcome(m, await claimOne(db, m, stored.get(m.personId) ?? null, placement, fieldsOf(m), now));
  }
}

const CLAIM_ATTEMPTS = 4;

async function claimOne(
  db: Database,
  m: ProtectedMember,
  read: PersonDoc | null,
  placement: Placement,
  fields: Record<string, unknown>,
  now: Date,
): Promise<ClaimOutcome> {
  const _ = db.command;
  let person = read;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    const claim: MemberClaim = claimOf(person, placement.householdId);
    if (claim.kind === 'conflict') return { kind: 'conflict', householdId: claim.householdId, person: person! };
    if (claim.kind === 'new') {
      try {
        await db.collection(Collections.persons).add({ data: { _id: m.personId, ...fields, status: 'normal', createdAt: now } });
        return { kind: 'claim' };
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
      }
    } else {
      // Conditional on the household the person was read in: a worker's move or another filing in between wins.
      const res = await db
        .collection(Collections.persons)
        .where({ _id: m.personId, householdId: person!.householdId === null ? _.eq(null) : person!.householdId })
        .update({ data: { ...fields, formerHouseholdId: _.remove() } });
      if (updatedCount(res) === 1) return { kind: 'claim' };
    }
    person = await first<PersonDoc>(db.collection(Collections.persons).where({ _id: m.personId }));
    // A twin filing of this household wrote the same person a moment ago: it is ours.
    if (person?.householdId === placement.householdId) return { kind: 'claim' };
  }
  return fail('CONFLICT', '该成员信息正被同时修改，请稍后重试');
}

/** Persons who were in this household (as read before this filing) but are not listed now leave it, unless moved elsewhere meanwhile. */
async function releaseUnlisted(db: Database, household: HouseholdDoc, listed: Set<string>, now: Date): Promise<void> {
  const leaving = (household.personIds ?? []).filter((id) => !listed.has(id));
  if (leaving.length === 0) return;
  const _ = db.command;
  await db
    .collection(Collections.persons)
    .where({ _id: _.in(leaving), householdId: household._id })
    .update({ data: { householdId: null, formerHouseholdId: household._id, updatedAt: now } });
}

/** Fever, symptoms, a non-green code or home isolation make the verification urgent. */
export function verifyPriority(report: Pick<ReportDoc, 'category' | 'members'>): PriorityName {
  const alarming = report.members.some((m) => {
    const h = m.health;
    return !!h && ((h.temperature ?? 0) >= FEVER_THRESHOLD || h.symptoms.length > 0 || h.healthCode !== 'green');
  });
  return alarming || report.category === 'home_isolation' ? 'urgent' : 'normal';
}

/** The one verify item of a household: every filing of it waits in the same item. */
export function verifyItemId(householdId: string): string {
  return `qv_${householdId}`;
}

/**
 * Points the household's verify item at this report — created on the first filing, reopened by a
 * filing after verification — unless a newer filing already took it: one open verify item per
 * household, whatever order concurrent filings land in.
 */
async function takeVerifyItem(db: Database, report: ReportDoc, filedAt: Date, sla: Sla): Promise<void> {
  const reporter = report.members.find((m) => m.relation === 'self') ?? report.members[0];
  const reportKey = reportKeyOf(report);
  const item = {
    ...newQueueItem({
      _id: verifyItemId(report.householdId),
      kind: 'verify_report',
      refId: report._id,
      place: report,
      priority: verifyPriority(report),
      sla,
      title: `报备核实 · ${report.address}`,
      summary: `${REPORT_CATEGORY_LABELS[report.category]} · ${report.members.length}人 · ${maskName(reporter.name)}等`,
      at: filedAt,
    }),
    reportKey,
  };
  try {
    await db.collection(Collections.queueItems).add({ data: item });
    return;
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
  // the household's item exists: this filing takes it over (reopening it after a verification),
  // keeping who it is assigned to and when it was first made
  const { _id, kind: _kind, assigneeStaffId: _assignee, createdAt: _created, ...takeOver } = item;
  const _ = db.command;
  await db
    .collection(Collections.queueItems)
    .where(_.and([{ _id }, _.or([{ reportKey: _.lt(reportKey) }, { reportKey: _.exists(false) }])]))
    .update({ data: { ...takeOver, closedReason: _.remove(), closedAt: _.remove() } });
}

async function replay(ctx: CallContext, report: ReportDoc): Promise<ReportReceipt> {
  // The earlier attempt may have stopped after the report and before the queue item.
  const place = await requireBuilding(ctx.db, report.buildingId);
  await takeVerifyItem(ctx.db, report, new Date(report.createdAt), slaOf(place.chain.community));
  return receipt(ctx, report, place, true);
}

async function receipt(
  ctx: CallContext,
  report: ReportDoc,
  place: { building: Place; chain: PlaceChain },
  replayed: boolean,
): Promise<ReportReceipt> {
  const { building, chain } = place;
  const gridWorker = await gridWorkerFor(ctx.db, building.path);
  return { ...reportView(report, chain), gridWorker, replayed };
}
