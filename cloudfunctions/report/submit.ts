/**
 * report.submit — a resident files (or re-files) their household: the household and its persons are
 * created or updated (deduplicated by ID document through a keyed hash), a report is recorded, and
 * one "verify" item goes into the grid's queue.
 *
 * Idempotent on the client's request id: the report's _id is derived from (filer, clientRequestId),
 * persons' _ids from their document hash, the queue item's from the report. A retry after any
 * failure redoes the same writes and can never create a second report, person or queue item.
 */
import type { ReportReceipt } from '../../src/domain/contracts';
import type { HouseholdDoc, HouseholdReportInput, MemberInput, PersonDoc, ReportDoc, ReportMemberEntry } from '../../src/domain/household';
import { FEVER_THRESHOLD, REPORT_CATEGORY_LABELS } from '../../src/domain/household';
import { parseIdCard } from '../../src/domain/idcard';
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking';
import { formatAddress, roomsOfUnit, type Place, type PlaceChain } from '../../src/domain/places';
import { dueAt, PRIORITIES, type PriorityName } from '../../src/domain/queue';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash, protect } from '../common/crypto';
import { first, rows } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import type { CallContext } from '../common/handler';
import { requireBuilding } from '../common/places';
import { ensureQueueItem, type NewQueueItem } from '../common/queue';
import { slaOf } from '../common/sla';
import { gridWorkerFor } from '../common/staff';
import { reportView } from './views';

/** Who files: the resident themself, or a grid worker on their behalf (代报). */
export type Filer = { kind: 'resident'; openid: string } | { kind: 'staff'; staffId: string };

export function submitReport(ctx: CallContext, input: HouseholdReportInput): Promise<ReportReceipt> {
  return fileHouseholdReport(ctx, input, { kind: 'resident', openid: ctx.caller.openid });
}

export async function fileHouseholdReport(ctx: CallContext, input: HouseholdReportInput, filer: Filer): Promise<ReportReceipt> {
  const { db, now } = ctx;
  const filerKey = filer.kind === 'resident' ? filer.openid : `staff:${filer.staffId}`;
  const { building, chain } = await requireBuilding(db, input.buildingId);
  const unit = (building.units ?? []).find((u) => u.name === input.unit);
  if (!unit) fail('UNIT_INVALID', undefined, 'unit');
  if (!roomsOfUnit(unit).includes(input.room)) fail('ROOM_INVALID', undefined, 'room');

  const reportId = `r_${keyedHash(HashNamespaces.submission, `${filerKey}:${input.clientRequestId}`).slice(0, 32)}`;
  const earlier = await findReport(db, reportId);
  if (earlier) return replay(ctx, earlier);

  const placePath = building.path;
  const gridId = chain.grid!._id;
  const communityId = chain.community!._id;
  const address = formatAddress({ compound: chain.compound?.name, building: building.name, unit: input.unit, room: input.room });
  const members = input.members.map((m) => protectMember(m, now));

  const existing = await findPersons(
    db,
    members.map((m) => m.personId),
  );
  const household = await findHousehold(db, filer.kind === 'resident' ? filer.openid : null, members, existing);
  const householdId = household?._id ?? `h_${reportId.slice(2)}`;
  const placement = { householdId, communityId, gridId, buildingId: building._id, placePath };

  // Persons: update those known by their document, create the others (one insert for all of them).
  const created: Array<Record<string, unknown> & { _id: string }> = [];
  for (const m of members) {
    const fields = {
      ...placement,
      name: m.input.name,
      relation: m.input.relation,
      idType: m.input.idType,
      id: m.id,
      ...(m.phone ? { phone: m.phone } : {}),
      ...(m.gender ? { gender: m.gender, birthDate: m.birthDate } : {}),
      updatedAt: now,
    };
    if (existing.has(m.personId)) await db.collection(Collections.persons).doc(m.personId).update({ data: fields });
    else created.push({ ...fields, _id: m.personId, status: 'normal', createdAt: now });
  }
  await insertAllOrUpdate(db, Collections.persons, created);
  // Persons who were in this household before but are not listed now leave it.
  const listed = new Set(members.map((m) => m.personId));
  for (const personId of household?.personIds ?? []) {
    if (!listed.has(personId)) {
      await db
        .collection(Collections.persons)
        .doc(personId)
        .update({ data: { householdId: null, updatedAt: now } });
    }
  }

  const householdFields = {
    ...placement,
    unit: input.unit,
    room: input.room,
    address,
    reporterPersonId: members.find((m) => m.input.relation === 'self')!.personId,
    personIds: members.map((m) => m.personId),
    consent: { ...input.consent, at: now },
    lastReportId: reportId,
    updatedAt: now,
  };
  if (household) {
    const _ = db.command;
    await db
      .collection(Collections.households)
      .doc(household._id)
      .update({
        data: {
          ...householdFields,
          ...(filer.kind === 'resident' ? { ownerOpenids: _.addToSet(filer.openid) } : { proxyStaffId: filer.staffId }),
        },
      });
  } else {
    await insertOrUpdate(db, Collections.households, householdId, {
      ...householdFields,
      _id: householdId,
      ownerOpenids: filer.kind === 'resident' ? [filer.openid] : [],
      ...(filer.kind === 'staff' ? { proxyStaffId: filer.staffId } : {}),
      createdAt: now,
    });
  }

  const report: ReportDoc = {
    _id: reportId,
    ...placement,
    address,
    category: input.category,
    members: members.map((m) => m.entry),
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
  // A household created by this submission has no earlier report to supersede.
  if (household) await supersedeEarlier(db, householdId, reportId, now);
  await ensureVerifyItem(db, report, now, slaOf(chain.community));
  return receipt(ctx, report, { building, chain }, false);
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

/**
 * The household this submission updates: the caller's own; else the household the reporter (or any
 * listed member) already belongs to, so that a spouse filing from another phone joins it.
 */
async function findHousehold(
  db: Database,
  openid: string | null,
  members: ProtectedMember[],
  existing: Map<string, PersonDoc>,
): Promise<HouseholdDoc | null> {
  const own = openid ? await first<HouseholdDoc>(db.collection(Collections.households).where({ ownerOpenids: openid })) : null;
  if (own) return own;
  const ordered = [...members].sort((a, b) => Number(b.input.relation === 'self') - Number(a.input.relation === 'self'));
  for (const m of ordered) {
    const householdId = existing.get(m.personId)?.householdId;
    if (!householdId) continue;
    const household = await first<HouseholdDoc>(db.collection(Collections.households).where({ _id: householdId }));
    if (household) return household;
  }
  return null;
}

/**
 * `insertOrUpdate` for several documents: one insert for all of them, and only if a concurrent
 * submission inserted one of them first (the insert is all or nothing), one by one.
 */
async function insertAllOrUpdate(db: Database, collection: string, docs: Array<Record<string, unknown> & { _id: string }>): Promise<void> {
  if (docs.length === 0) return;
  try {
    await db.collection(collection).add({ data: docs });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    for (const doc of docs) await insertOrUpdate(db, collection, doc._id, doc);
  }
}

/** Insert with a fixed _id; if a concurrent submission inserted it first, update instead. */
async function insertOrUpdate(db: Database, collection: string, id: string, doc: Record<string, unknown>): Promise<void> {
  try {
    await db.collection(collection).add({ data: { ...doc, _id: id } });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    const { _id: _ignored, createdAt: _created, ...rest } = doc;
    await db.collection(collection).doc(id).update({ data: rest });
  }
}

/** Only the newest report of a household waits for verification. */
async function supersedeEarlier(db: Database, householdId: string, reportId: string, now: Date): Promise<void> {
  const _ = db.command;
  await db
    .collection(Collections.queueItems)
    .where({ householdId, kind: 'verify_report', status: 'open', refId: _.neq(reportId) })
    .update({ data: { status: 'closed', closedReason: 'superseded', closedAt: now, updatedAt: now } });
  await db
    .collection(Collections.reports)
    .where({ householdId, status: 'submitted', _id: _.neq(reportId) })
    .update({ data: { status: 'superseded' } });
}

/** Fever, symptoms, a non-green code or home isolation make the verification urgent. */
export function verifyPriority(report: Pick<ReportDoc, 'category' | 'members'>): PriorityName {
  const alarming = report.members.some((m) => {
    const h = m.health;
    return !!h && ((h.temperature ?? 0) >= FEVER_THRESHOLD || h.symptoms.length > 0 || h.healthCode !== 'green');
  });
  return alarming || report.category === 'home_isolation' ? 'urgent' : 'normal';
}

async function ensureVerifyItem(db: Database, report: ReportDoc, now: Date, sla: Record<PriorityName, number>): Promise<void> {
  const priority = verifyPriority(report);
  const reporter = report.members.find((m) => m.relation === 'self') ?? report.members[0];
  const item: NewQueueItem = {
    _id: `q_${report._id}`,
    kind: 'verify_report',
    refId: report._id,
    householdId: report.householdId,
    communityId: report.communityId,
    gridId: report.gridId,
    placePath: report.placePath,
    priority: PRIORITIES[priority],
    dueAt: dueAt(now, priority, sla),
    status: 'open',
    assigneeStaffId: null,
    title: `报备核实 · ${report.address}`,
    summary: `${REPORT_CATEGORY_LABELS[report.category]} · ${report.members.length}人 · ${maskName(reporter.name)}等`,
    createdAt: now,
    updatedAt: now,
  };
  await ensureQueueItem(db, item);
}

async function replay(ctx: CallContext, report: ReportDoc): Promise<ReportReceipt> {
  // The earlier attempt may have stopped after the report and before the queue item.
  const place = await requireBuilding(ctx.db, report.buildingId);
  await ensureVerifyItem(ctx.db, report, new Date(report.createdAt), slaOf(place.chain.community));
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
