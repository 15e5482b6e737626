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
 * Round trips: on CloudBase every database request is a network round trip, so a filing reads what
 * it needs in one request and writes each collection once. The read is one aggregate on the building
 * (`readFiling`): its ancestors, the staff on its path (the receipt's grid worker), the report this
 * submission would create (a retry is answered as a replay), the listed persons and the resident's own
 * household, each a `$lookup` served by an index. Nothing is copied onto the building to save a read,
 * so re-gridding and staff changes have nothing to keep in step. Then: the household (insert or
 * conditional update), new persons (one insert), persons already in the household (one conditional
 * update), persons who left it (one conditional update; these three at once: disjoint persons), the report (insert) and its verify item (an
 * insert for a new household, else a conditional update). A resident's new household costs 5
 * requests, a re-filing 5 with the same members and 6 when members come and go; only the rare paths
 * (a member whose personal data changed, a person in no household, a conflict, a race lost) add
 * requests of their own. The report and its verify item are two collections: CloudBase writes them in
 * one request only inside a transaction, which costs more round trips (start, two writes, commit)
 * than the two writes, so they are two writes that are each safe on their own.
 *
 * Race-safe by design, not by the store answering one request at a time: every id is derived (the
 * report from (filer, clientRequestId), the household from its creator, persons from their
 * document hash, the verify item from the household, conflicts from (person, household)), creates
 * are inserts that a concurrent twin turns into a duplicate-key error, and every change to a
 * record someone else may change meanwhile is conditional on what was read: a person is claimed
 * only while still in the household it was read in (those already in the filer's household in one
 * update conditional on it: a shortfall means one was moved meanwhile and each is decided again),
 * a person leaves only the household it was read in, and the household and its verify item take a
 * filing only over an older one (`reportKeyOf`), so concurrent filings converge on the newest.
 */
import type { ReportReceipt, ParsedOf } from '../../src/domain/contracts';
import {
  claimOf,
  REPORT_CATEGORY_LABELS,
  FEVER_THRESHOLD,
  PHONE_OPTIONAL_UNDER_AGE,
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
import type { StaffDoc } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash, protect } from '../common/crypto';
import { first } from '../common/db';
import { fail, isDuplicateKeyError, ValidationFailed } from '../common/errors';
import { ErrorCodes, type FieldError } from '../../src/domain/errors';
import { ageOn, shanghaiDateString } from '../../src/domain/time';
import type { CallContext } from '../common/handler';
import { ownHouseholdId, proxyHouseholdId } from '../common/households';
import { chainOf, requireBuilding } from '../common/places';
import { newQueueItem } from '../common/queue';
import { slaOf } from '../common/sla';
import { gridWorkerFor, nearestGridWorker } from '../common/staff';
import { fileConflicts, type ConflictClaim } from './householdConflicts';
import { reportView } from './householdViews';

/** Who files: the resident themself, or a grid worker on their behalf (代报) within their scope. */
export type Filer =
  | { kind: 'resident'; openid: string }
  /**
   * `submission`: names the report instead of the worker (纳管 from a batch row: workers filing the
   * same person at once file one report, and the one who comes second gets it as a replay)
   */
  | { kind: 'staff'; staffId: string; scope: string[]; submission?: string };

type Sla = Record<PriorityName, number>;
type UpdateStats = { stats?: { updated?: number } };
const updatedCount = (res: unknown) => (res as UpdateStats).stats?.updated ?? 0;

export function submitReport(ctx: CallContext, input: ParsedOf<'report', 'submit'>): Promise<ReportReceipt> {
  return fileHouseholdReport(ctx, input, { kind: 'resident', openid: ctx.caller.openid });
}

export async function fileHouseholdReport(ctx: CallContext, input: HouseholdReportInput, filer: Filer): Promise<ReportReceipt> {
  const { db, now } = ctx;
  const filerKey = filer.kind === 'resident' ? filer.openid : (filer.submission ?? `staff:${filer.staffId}`);
  const reportId = `r_${keyedHash(HashNamespaces.submission, `${filerKey}:${input.clientRequestId}`).slice(0, 32)}`;
  const read = await readFiling(db, filer, input.buildingId, reportId, input.members.map(personIdOf));
  const { building, chain, stored } = read;
  const unit = (building.units ?? []).find((u) => u.name === input.unit);
  if (!unit) fail('UNIT_INVALID', undefined, 'unit');
  if (!roomsOfUnit(unit).includes(input.room)) fail('ROOM_INVALID', undefined, 'room');
  if (read.earlier) return replay(ctx, read.earlier, read);

  const sla = slaOf(chain.community);
  const members = input.members.map((m) => protectMember(m, now, m.idNumber ? undefined : stored.get(m.personId!)));
  const reporter = members.find((m) => m.input.relation === 'self')!;
  const found = await householdOf(db, filer, reporter, read);
  checkMembers(input, members, stored, found, filer, now);
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
  // each person carries the category of their household's latest filing (the dashboard counts them by it)
  const personPlacement = { ...placement, category: input.category };
  // the listed persons and those who left are disjoint, each write conditional on its own persons:
  // the two go out together, one round trip instead of two
  await Promise.all([
    claimPersons(db, members, stored, personPlacement, now, (m, claim) => {
      if (claim.kind === 'conflict') conflicts.push({ member: m.entry, person: claim.person, existingHouseholdId: claim.householdId });
      else confirmed.add(m.personId);
    }),
    'newId' in found ? null : releaseUnlisted(db, found, new Set(members.map((m) => m.personId)), now),
  ]);
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
    const winner = await first<ReportDoc>(db.collection(Collections.reports).where({ _id: reportId }));
    if (winner) return replay(ctx, winner, read);
    throw e;
  }
  // every filing of a household has made sure of its verify item: a re-filing finds it there
  await takeVerifyItem(db, report, now, sla, { exists: !('newId' in found) });
  return receipt(report, read, false);
}

/** What a filing reads before it writes, from one request. */
interface FilingRead {
  building: Place;
  chain: PlaceChain;
  /** staff whose scope is on the building's path (the receipt's grid worker is one of them) */
  staff: StaffDoc[];
  /** the report this submission makes, when an earlier attempt made it (a retry) */
  earlier: ReportDoc | null;
  /** the listed persons already stored, by id */
  stored: Map<string, PersonDoc>;
  /** a resident filer's own household; undefined for a worker */
  own?: HouseholdDoc | null;
}

type LookupRow = Place & { chain: Place[]; staff: StaffDoc[]; earlier: ReportDoc[]; persons: PersonDoc[]; own?: HouseholdDoc[] };

/**
 * The building with everything the filing needs around it, in one aggregate: `$lookup` joins on
 * indexed fields (places and persons and reports by `_id`, staff by `scope`, households by
 * `ownerOpenids`), which CloudBase's aggregate offers as `lookup` with localField / foreignField or
 * with a pipeline.
 */
async function readFiling(db: Database, filer: Filer, buildingId: string, reportId: string, personIds: string[]): Promise<FilingRead> {
  const _ = db.command;
  // `pipeline()` builds a lookup's sub-pipeline; wx-server-sdk's types leave it out
  const $ = _.aggregate as unknown as { pipeline(): { match(q: object): { limit(n: number): { done(): object[] } } } };
  const join = (from: string, match: object, limit: number, as: string) => ({ from, pipeline: $.pipeline().match(match).limit(limit).done(), as });
  let query = db
    .collection(Collections.places)
    .aggregate()
    .match({ _id: buildingId })
    .lookup({ from: Collections.places, localField: 'path', foreignField: '_id', as: 'chain' })
    .lookup({ from: Collections.staff, localField: 'path', foreignField: 'scope', as: 'staff' })
    .lookup(join(Collections.reports, { _id: reportId }, 1, 'earlier'))
    .lookup(join(Collections.persons, { _id: _.in(personIds) }, personIds.length, 'persons'));
  if (filer.kind === 'resident') query = query.lookup(join(Collections.households, { ownerOpenids: filer.openid }, 1, 'own'));
  const res = (await query.limit(1).end()) as { list: LookupRow[] };
  const row = res.list[0];
  if (!row) return fail('NOT_FOUND', '所选楼栋不存在，请重新扫码', 'buildingId');
  const { chain: ancestors, staff, earlier, persons, own, ...building } = row;
  if (building.level !== 'building') return fail('PLACE_NOT_BUILDING', undefined, 'buildingId');
  if (building.retired) return fail('PLACE_RETIRED', '该楼栋已停用，请重新扫码或联系社区工作人员', 'buildingId');
  const chain = chainOf(ancestors);
  if (!chain.community || !chain.grid) return fail('INTERNAL', '楼栋的社区或网格信息不完整');
  return {
    building,
    chain,
    staff,
    earlier: earlier[0] ?? null,
    stored: new Map(persons.map((p) => [p._id, p])),
    ...(own ? { own: own[0] ?? null } : {}),
  };
}

interface ProtectedMember {
  input: MemberInput;
  personId: string;
  idType: PersonDoc['idType'];
  id: PersonDoc['id'];
  phone?: PersonDoc['phone'];
  gender?: 'male' | 'female';
  birthDate?: string;
  entry: ReportMemberEntry;
}

/** A person's id: derived from their document's keyed hash, or the stored person a member refers to. */
function personIdOf(m: MemberInput): string {
  if (!m.idNumber) return m.personId!;
  return `p_${keyedHash(HashNamespaces.document(m.idType!), m.idNumber).slice(0, 32)}`;
}

/**
 * What is stored of a member: a typed document and phone sealed (hash, ciphertext, mask); a member
 * referring to a stored person keeps that person's document and, unless a new one is typed, phone.
 */
function protectMember(m: MemberInput, now: Date, referred: PersonDoc | undefined): ProtectedMember {
  const typedPhone = m.phone ? protect(HashNamespaces.phone, m.phone, maskPhone(m.phone)) : undefined;
  const idType = m.idNumber ? m.idType! : (referred?.idType ?? 'id_card');
  const id = m.idNumber ? protect(HashNamespaces.document(idType), m.idNumber, maskIdNumber(idType, m.idNumber)) : referred?.id;
  // a missing referred person is refused by checkMembers; the placeholder never reaches the database
  const sealed = id ?? { hash: '', cipher: '', masked: '' };
  const phone = typedPhone ?? (m.idNumber ? undefined : referred?.phone);
  const card = m.idNumber && idType === 'id_card' ? parseIdCard(m.idNumber, now) : null;
  const personId = personIdOf(m);
  return {
    input: m,
    personId,
    idType,
    id: sealed,
    phone,
    gender: card?.ok ? card.value.gender : referred?.gender,
    birthDate: card?.ok ? card.value.birthDate : referred?.birthDate,
    entry: {
      personId,
      name: m.name,
      relation: m.relation,
      idType,
      idMasked: sealed.masked,
      ...(phone ? { phoneMasked: phone.masked } : {}),
      ...(m.health ? { health: m.health } : {}),
    },
  };
}

/**
 * The rules that need the stored persons: a member referred to by `personId` must be one of this
 * household's own persons (a reference to anyone else's is refused, revealing nothing), no person is
 * listed twice, and a resident's adult members have a phone (typed now or filed before).
 */
function checkMembers(
  input: HouseholdReportInput,
  members: ProtectedMember[],
  stored: Map<string, PersonDoc>,
  found: HouseholdDoc | { newId: string },
  filer: Filer,
  now: Date,
): void {
  const errors: FieldError[] = [];
  const householdId = 'newId' in found ? null : found._id;
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const raw = input.members[i];
    const first = seen.get(m.personId);
    if (first !== undefined) {
      errors.push({ code: 'DUPLICATE_MEMBER', field: `members.${i}.idNumber`, message: `第${i + 1}位成员：${ErrorCodes.DUPLICATE_MEMBER}（与第${first + 1}位成员相同）` });
    }
    seen.set(m.personId, i);
    if (raw.idNumber) return;
    const person = stored.get(m.personId);
    if (!person || person.householdId === null || person.householdId !== householdId) {
      errors.push({ code: 'PERSON_NOT_IN_HOUSEHOLD', field: `members.${i}.personId`, message: `第${i + 1}位成员：不是本户已登记的成员，请填写证件号码` });
      return;
    }
    const child = person.birthDate ? ageOn(person.birthDate, shanghaiDateString(now)) < PHONE_OPTIONAL_UNDER_AGE : raw.relation === 'child';
    if (filer.kind === 'resident' && !m.phone && !child) {
      errors.push({ code: 'PHONE_REQUIRED', field: `members.${i}.phone`, message: `第${i + 1}位成员：${ErrorCodes.PHONE_REQUIRED}` });
    }
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
}

type Placement = Pick<HouseholdDoc, 'communityId' | 'gridId' | 'buildingId' | 'placePath'> & { householdId: string };

function placementOf(householdId: string, building: Place, chain: PlaceChain): Placement {
  return { householdId, communityId: chain.community!._id, gridId: chain.grid!._id, buildingId: building._id, placePath: building.path };
}

async function findHousehold(db: Database, householdId: string): Promise<HouseholdDoc | null> {
  return first<HouseholdDoc>(db.collection(Collections.households).where({ _id: householdId }));
}

/**
 * The household this filing is for, or the id a new one gets. A resident: their own (read with the
 * building). A worker: the household the reporter is in, when it is in the worker's scope; otherwise
 * a new one named after the reporter, so that retries and concurrent filings by workers create it once.
 */
async function householdOf(db: Database, filer: Filer, reporter: ProtectedMember, read: FilingRead): Promise<HouseholdDoc | { newId: string }> {
  if (filer.kind === 'resident') return read.own ?? { newId: ownHouseholdId(filer.openid) };
  const current = read.stored.get(reporter.personId)?.householdId;
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
 * New persons go in with one insert; persons already in the household whose own data the filing does
 * not change take the placement with one update conditional on still being in it; a person someone
 * else created or moved meanwhile, or whose data changed, is written (and if need be read again and
 * decided again) one by one, so a person is never taken from a household the filer may not change.
 */
async function claimPersons(
  db: Database,
  members: ProtectedMember[],
  stored: Map<string, PersonDoc>,
  placement: Placement,
  now: Date,
  outcome: (m: ProtectedMember, claim: ClaimOutcome) => void,
): Promise<void> {
  const _ = db.command;
  const fieldsOf = (m: ProtectedMember) => ({
    ...placement,
    name: m.input.name,
    relation: m.input.relation,
    idType: m.idType,
    id: m.id,
    ...(m.phone ? { phone: m.phone } : {}),
    ...(m.gender ? { gender: m.gender, birthDate: m.birthDate } : {}),
    updatedAt: now,
  });
  const fresh = members.filter((m) => claimOf(stored.get(m.personId) ?? null, placement.householdId).kind === 'new');
  const kept = members.filter((m) => {
    const person = stored.get(m.personId);
    return person?.householdId === placement.householdId && sameAsStored(m, person);
  });
  // disjoint persons (new ones, and ones already in the household): the insert and the update go out together
  const [insertedAll, keptAll] = await Promise.all([
    (async () => {
      if (fresh.length === 0) return true;
      try {
        await db
          .collection(Collections.persons)
          .add({ data: fresh.map((m) => ({ _id: m.personId, ...fieldsOf(m), status: 'normal', createdAt: now })) });
        return true;
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
        return false;
      }
    })(),
    (async () => {
      if (kept.length === 0) return true;
      // they keep their stored ID and phone (the same document and number, maybe typed again): only where they live and when
      const res = await db
        .collection(Collections.persons)
        .where({ _id: _.in(kept.map((m) => m.personId)), householdId: placement.householdId })
        .update({ data: { ...placement, updatedAt: now, formerHouseholdId: _.remove() } });
      // fewer: one was moved meanwhile (or a twin filing wrote them in the same millisecond); each is decided again below
      return updatedCount(res) === kept.length;
    })(),
  ]);
  for (const m of members) {
    if ((insertedAll && fresh.includes(m)) || (keptAll && kept.includes(m))) {
      outcome(m, { kind: 'claim' });
      continue;
    }
    outcome(m, await claimOne(db, m, stored.get(m.personId) ?? null, placement, fieldsOf(m), now));
  }
}

/** The member as filed is the stored person: same name, relation, document and (if typed) phone. */
function sameAsStored(m: ProtectedMember, p: PersonDoc): boolean {
  return (
    m.input.name === p.name &&
    m.input.relation === p.relation &&
    m.idType === p.idType &&
    m.id.hash === p.id.hash &&
    (!m.phone || m.phone.hash === p.phone?.hash) &&
    (!m.gender || (m.gender === p.gender && m.birthDate === p.birthDate))
  );
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
 * household, whatever order concurrent filings land in. `exists`: the household was filed before, so
 * its item is most likely there and the conditional update goes first (the insert only when it
 * matched nothing: the item is missing, or a newer filing holds it and the insert is refused).
 */
async function takeVerifyItem(db: Database, report: ReportDoc, filedAt: Date, sla: Sla, hint: { exists: boolean }): Promise<void> {
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
  const insert = async (): Promise<boolean> => {
    try {
      await db.collection(Collections.queueItems).add({ data: item });
      return true;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      return false;
    }
  };
  // the household's item exists: this filing takes it over (reopening it after a verification),
  // keeping who it is assigned to and when it was first made
  const takeOver = async (): Promise<boolean> => {
    const { _id, kind: _kind, assigneeStaffId: _assignee, createdAt: _created, ...fields } = item;
    const _ = db.command;
    const res = await db
      .collection(Collections.queueItems)
      .where(_.and([{ _id }, _.or([{ reportKey: _.lt(reportKey) }, { reportKey: _.exists(false) }])]))
      .update({ data: { ...fields, closedReason: _.remove(), closedAt: _.remove() } });
    return updatedCount(res) > 0;
  };
  if (hint.exists) {
    if (!(await takeOver())) await insert();
  } else if (!(await insert())) await takeOver();
}

async function replay(ctx: CallContext, report: ReportDoc, read: FilingRead): Promise<ReportReceipt> {
  // A retry names the building it named the first time; if not, the report's own building is read.
  const place = report.buildingId === read.building._id ? read : { ...(await requireBuilding(ctx.db, report.buildingId)), staff: null };
  // The earlier attempt may have stopped after the report and before the queue item.
  await takeVerifyItem(ctx.db, report, new Date(report.createdAt), slaOf(place.chain.community), { exists: true });
  const gridWorker = place.staff ? nearestGridWorker(place.staff, place.building.path) : await gridWorkerFor(ctx.db, place.building.path);
  return { ...reportView(report, place.chain), gridWorker, replayed: true };
}

/** The receipt, from what the filing read and wrote: the grid worker is one of the staff read with the building. */
function receipt(report: ReportDoc, read: FilingRead, replayed: boolean): ReportReceipt {
  return { ...reportView(report, read.chain), gridWorker: nearestGridWorker(read.staff, read.building.path), replayed };
}
