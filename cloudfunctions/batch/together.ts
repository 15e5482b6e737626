/**
 * Several rows of one household handled at once, and 纳管 of persons 一人一档 does not know.
 *
 * Each row gets its own pass or outcome (timestamped, by whom, audited); a row that cannot take it —
 * another grid's, closed, being closed by someone else — is refused with its reason and nothing is
 * written for it, while the others go through.
 *
 * An outcome first takes a short lease on each row (a conditional update: dispatched and not leased
 * by anyone else), so of two workers closing the same row at once exactly one goes on to file,
 * isolate and close it; the other is told at once and writes nothing. A lease left by a call that
 * died expires by itself.
 *
 * 纳管 of unknown persons files them through the household filing every 代报 uses: one household
 * (all the selected unknown persons of one room; the room's household when one is filed there, its
 * members kept as they are), persons by their ID hash, the report named after
 * the persons (not the worker), so two workers filing the same person at once — from two rows of
 * two batches — make one person, one household, one report; their isolations go through
 * `startIsolation`'s transaction: one isolation, which the second worker's row then names.
 */
import { randomUUID } from 'crypto';
import {
  BATCH_ROW_STATE_LABELS,
  PASS_KINDS,
  passRank,
  parseBatchDocument,
  ROW_OUTCOME_LABELS,
  type BatchDoc,
  type BatchRowDoc,
  type BatchRowsResult,
  type PassRecord,
  type RowResult,
} from '../../src/domain/batches';
import type { ParsedOf } from '../../src/domain/contracts';
import { DomainError, ErrorCodes, type ErrorCode } from '../../src/domain/errors';
import { PRIVACY_NOTICE_VERSION, type HouseholdDoc, type PersonDoc } from '../../src/domain/household';
import { proxyHouseholdReport } from '../../src/domain/householdSchema';
import { maskName } from '../../src/domain/masking';
import { inScope } from '../../src/domain/staff';
import { daysBetween, shanghaiDateString } from '../../src/domain/time';
import { parseWith } from '../../src/domain/validation';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { withLease } from '../common/leases';
import { decrypt, HashNamespaces, keyedHash } from '../common/crypto';
import { first, rows as readRows } from '../common/db';
import { fail, ValidationFailed } from '../common/errors';
import { closeQueueItemById } from '../common/queue';
import { scopeIds, type StaffContext } from '../common/staffAccess';
import { fileHouseholdReport } from '../shared/householdFiling';
import { startIsolation } from '../staff/isolation';
import { itemIdOf, personIdOf } from './model';

/** How long an outcome may hold its rows (a call that dies leaves them to the next worker after it). */
export const CLOSING_LEASE_MS = 60_000;

type PassInput = Omit<ParsedOf<'batch', 'pass'>, 'rowId'>;
type OutcomeInput = Omit<ParsedOf<'batch', 'outcome'>, 'rowId'>;

const updated = (res: unknown) => (res as { stats?: { updated?: number } }).stats?.updated ?? 0;
const refused = (row: Pick<BatchRowDoc, '_id' | 'name'>, code: ErrorCode, message?: string): RowResult => ({
  rowId: row._id,
  name: row.name,
  ok: false,
  code,
  message: message ?? ErrorCodes[code],
});
const done = (row: Pick<BatchRowDoc, '_id' | 'name'>): RowResult => ({ rowId: row._id, name: row.name, ok: true });
const summary = (results: RowResult[]): BatchRowsResult => ({ results, done: results.filter((r) => r.ok).length });

/** The pass's own rules (the same for one row or several). */
export function checkPass(input: PassInput): void {
  if (input.kind === 'phone' && !input.phoneOutcome) fail('REQUIRED', '请选择电话核查的结果', 'phoneOutcome');
  if (input.kind === 'visit' && input.atHome === undefined) fail('REQUIRED', '请选择是否见到本人', 'atHome');
}

function passOf(ctx: StaffContext, input: PassInput): PassRecord {
  const { staff } = ctx.access;
  return {
    kind: input.kind,
    at: ctx.now,
    staffId: staff._id,
    staffName: staff.name,
    ...(input.phoneOutcome ? { phoneOutcome: input.phoneOutcome } : {}),
    ...(input.inArea !== undefined ? { inArea: input.inArea } : {}),
    ...(input.whereNow ? { whereNow: input.whereNow } : {}),
    ...(input.atHome !== undefined ? { atHome: input.atHome } : {}),
    ...(input.measures ? { measures: input.measures } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
}

/** Appends a pass to a row still dispatched, and audits it; refused when it was closed meanwhile. */
export async function writePass(ctx: StaffContext, row: BatchRowDoc, input: PassInput): Promise<RowResult> {
  const { db, now, access } = ctx;
  const _ = db.command;
  const pass = passOf(ctx, input);
  // the row's stage (the dashboard's 按环节) moves forward only: raised with the pass while behind, else the pass alone
  const behind = PASS_KINDS.filter((k) => passRank(k) < passRank(input.kind));
  const raised = behind.length
    ? await db
        .collection(Collections.batchRows)
        .where({ _id: row._id, state: 'dispatched', stage: _.in(behind) })
        .update({ data: { passes: _.push([pass]), stage: input.kind, updatedAt: now } })
    : null;
  const res =
    raised && updated(raised) > 0
      ? raised
      : await db
          .collection(Collections.batchRows)
          .where({ _id: row._id, state: 'dispatched' })
          .update({ data: { passes: _.push([pass]), updatedAt: now } });
  if (updated(res) === 0) return refused(row, 'BATCH_ROW_CLOSED');
  await appendAudit(db, {
    action: 'batch_pass',
    staff: access.staff,
    target: { collection: Collections.batchRows, id: row._id, field: input.kind },
    at: now,
  });
  return done(row);
}

/**
 * The rows asked for, each either usable (dispatched, in the caller's scope) or refused with its
 * reason. All must be of one batch. Refusals name another grid's row by its masked name only.
 */
async function readRowsFor(ctx: StaffContext, rowIds: string[]): Promise<{ usable: BatchRowDoc[]; refusals: RowResult[] }> {
  const { db, access } = ctx;
  const _ = db.command;
  const found = new Map(
    (
      await readRows<BatchRowDoc>(
        db
          .collection(Collections.batchRows)
          .where({ _id: _.in(rowIds) })
          .limit(rowIds.length),
      )
    ).map((r) => [r._id, r]),
  );
  const batches = new Set([...found.values()].map((r) => r.batchId));
  if (batches.size > 1) fail('BATCH_ROWS_OTHER_BATCH', undefined, 'rowIds');
  const scope = scopeIds(access);
  const usable: BatchRowDoc[] = [];
  const refusals: RowResult[] = [];
  for (const rowId of rowIds) {
    const row = found.get(rowId);
    if (!row) refusals.push({ rowId, name: '', ok: false, code: 'NOT_FOUND', message: '核查记录不存在' });
    else if (!inScope(scope, row.placePath)) refusals.push(refused({ _id: row._id, name: maskName(row.name) }, 'BATCH_ROW_OUTSIDE'));
    else if (row.state === 'closed') refusals.push(refused(row, 'BATCH_ROW_CLOSED'));
    else if (row.state !== 'dispatched')
      refusals.push(refused(row, 'BATCH_ROW_STATE', `该行${BATCH_ROW_STATE_LABELS[row.state]}，不能记录核查`));
    else usable.push(row);
  }
  return { usable, refusals };
}

/** In the order asked. */
const ordered = (rowIds: string[], results: RowResult[]) => rowIds.map((id) => results.find((r) => r.rowId === id)!).filter(Boolean);

export async function passRows(ctx: StaffContext, input: ParsedOf<'batch', 'passRows'>): Promise<BatchRowsResult> {
  const { rowIds, ...pass } = input;
  checkPass(pass);
  const { usable, refusals } = await readRowsFor(ctx, rowIds);
  const written = await Promise.all(usable.map((row) => writePass(ctx, row, pass)));
  return summary(ordered(rowIds, [...refusals, ...written]));
}

export async function outcomeRows(ctx: StaffContext, input: ParsedOf<'batch', 'outcomeRows'>): Promise<BatchRowsResult> {
  const { rowIds, ...outcome } = input;
  checkOutcome(ctx, outcome);
  const { usable, refusals } = await readRowsFor(ctx, rowIds);
  const results = await closeRows(ctx, usable, outcome);
  return summary(ordered(rowIds, [...refusals, ...results]));
}

/** The outcome's own rules, before anything is written. */
export function checkOutcome(ctx: StaffContext, input: OutcomeInput): void {
  if (input.outcome === 'out_of_area' && !input.where) fail('REQUIRED', '请填写现在何处', 'where');
  if (input.isolation && Math.abs(daysBetween(shanghaiDateString(ctx.now), input.isolation.startDate)) > 14) {
    fail('OUT_OF_RANGE', '开始日期应在前后14天内', 'isolation.startDate');
  }
  if (input.filing && !input.filing.informed) fail('BATCH_INFORMED_REQUIRED', undefined, 'filing.informed');
}

/**
 * Leases, then (纳管 with an isolation) files the unknown persons and starts each isolation, then
 * closes each leased row. Whatever is refused or thrown on the way, rows not closed are let go.
 */
export async function closeRows(ctx: StaffContext, rows: BatchRowDoc[], input: OutcomeInput): Promise<RowResult[]> {
  const { db } = ctx;
  const _ = db.command;
  const token = randomUUID();
  const results: RowResult[] = [];
  const leased = await lease(ctx, rows, token, results);
  const open = new Set(leased.map((r) => r._id));
  try {
    let managed = new Map<string, { person: PersonDoc; isolationId: string }>();
    if (input.outcome === 'managed' && input.isolation) {
      managed = await manage(ctx, leased, input, (row, code, message) => {
        results.push(refused(row, code, message));
        open.delete(row._id);
      });
    }
    for (const row of leased.filter((r) => open.has(r._id))) {
      const m = managed.get(row._id);
      if (input.outcome === 'managed' && input.isolation && !m) {
        if (!results.some((x) => x.rowId === row._id)) results.push(refused(row, 'BATCH_PERSON_UNKNOWN'));
        continue;
      }
      results.push(await closeOne(ctx, row, input, token, m));
      open.delete(row._id);
    }
  } finally {
    // refused or not reached (an error thrown): let go, writing nothing else
    const left = leased.filter((r) => !results.some((x) => x.rowId === r._id && x.ok)).map((r) => r._id);
    if (left.length > 0) {
      await db
        .collection(Collections.batchRows)
        .where({ _id: _.in(left), 'closing.token': token })
        .update({ data: { closing: _.remove() } });
    }
  }
  return results;
}

/** Takes each row's lease (still dispatched, nobody else's lease running); refuses the others with why. */
async function lease(ctx: StaffContext, rows: BatchRowDoc[], token: string, results: RowResult[]): Promise<BatchRowDoc[]> {
  const { db, now, access } = ctx;
  const _ = db.command;
  const closing = { token, staffId: access.staff._id, until: new Date(now.getTime() + CLOSING_LEASE_MS) };
  const taken = await Promise.all(
    rows.map(async (row) => {
      const res = await db
        .collection(Collections.batchRows)
        .where(_.and([{ _id: row._id, state: 'dispatched' }, _.or([{ closing: _.exists(false) }, { 'closing.until': _.lt(now) }])]))
        .update({ data: { closing } });
      if (updated(res) === 1) return row;
      const now2 = await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: row._id }));
      results.push(refused(row, now2?.state === 'dispatched' ? 'BATCH_ROW_BUSY' : 'BATCH_ROW_CLOSED'));
      return null;
    }),
  );
  return taken.filter((r): r is BatchRowDoc => r !== null);
}

type Refuse = (row: BatchRowDoc, code: ErrorCode, message?: string) => void;

/** The ID the row names (or the worker typed for it), as 一人一档 keys persons. */
function documentOf(
  row: BatchRowDoc,
  typed: string | undefined,
  today: Date,
): { idType: 'id_card' | 'passport'; number: string } | { error: string } | null {
  if (typed) {
    const doc = parseBatchDocument(typed, today);
    return doc.ok ? doc.value : { error: ErrorCodes[doc.code] };
  }
  if (!row.id || !row.idType) return null;
  return { idType: row.idType, number: decrypt(row.id.cipher) };
}

/**
 * 纳管 with an isolation: each leased row's person — known (in a household), or filed now with the
 * other unknown persons of the selection as one household in the room the worker confirmed — put
 * under isolation (or monitoring); a person already under one keeps it, and the row names it.
 */
async function manage(
  ctx: StaffContext,
  rows: BatchRowDoc[],
  input: OutcomeInput,
  refuseRow: Refuse,
): Promise<Map<string, { person: PersonDoc; isolationId: string }>> {
  const { db, now } = ctx;
  const _ = db.command;
  const refusedIds = new Set<string>();
  const refuse: Refuse = (row, code, message) => {
    refusedIds.add(row._id);
    refuseRow(row, code, message);
  };
  const typed = new Map((input.filing?.members ?? []).map((m) => [m.rowId, m]));
  // whom each row names: its linked person, else the person its (or the typed) document would be
  const target = new Map<string, { personId: string; doc?: { idType: 'id_card' | 'passport'; number: string } }>();
  for (const row of rows) {
    const doc = documentOf(row, typed.get(row._id)?.idNumber, now);
    if (doc && 'error' in doc) refuse(row, 'ID_CARD_FORMAT', `${row.name}：${doc.error}`);
    else if (doc) target.set(row._id, { personId: personIdOf(doc.idType, doc.number), doc });
    else if (row.person) target.set(row._id, { personId: row.person.personId });
    else refuse(row, 'REQUIRED', `${row.name}：上级数据中没有身份证号，请填写后建档`);
  }
  const ids = [...new Set([...target.values()].map((t) => t.personId))];
  const stored = new Map(
    ids.length
      ? (
          await readRows<PersonDoc>(
            db
              .collection(Collections.persons)
              .where({ _id: _.in(ids) })
              .limit(ids.length),
          )
        ).map((p) => [p._id, p])
      : [],
  );
  const unknown = rows.filter((r) => target.has(r._id) && !stored.get(target.get(r._id)!.personId)?.householdId);
  if (unknown.length > 0) {
    const filed = await fileUnknown(ctx, unknown, target, input, refuse);
    for (const p of filed) stored.set(p._id, p);
  }

  const out = new Map<string, { person: PersonDoc; isolationId: string }>();
  for (const row of rows) {
    const t = target.get(row._id);
    const person = t && stored.get(t.personId);
    if (!t || !person?.householdId || refusedIds.has(row._id)) continue;
    try {
      const started = await startIsolation(ctx, { personId: person._id, ...input.isolation! });
      out.set(row._id, { person: { ...person, status: started.kind }, isolationId: started.isolationId });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // under isolation already (another worker's 纳管 a moment ago, or before): the row names that one
      const now2 =
        e.code === 'ISOLATION_ACTIVE' ? await first<PersonDoc>(db.collection(Collections.persons).where({ _id: person._id })) : null;
      if (now2?.activeIsolationId) out.set(row._id, { person: now2, isolationId: now2.activeIsolationId });
      else refuse(row, e.code, `${row.name}：${e.message}`);
    }
  }
  return out;
}

/**
 * Files the unknown persons of these rows as one household (代报) in the row's building, the room
 * the worker confirmed: the household filing's code path, its dedupe by ID hash and its race rules.
 * Answers the persons as stored after it; a person the filing could not take (they belong to
 * another household) is refused.
 */
async function fileUnknown(
  ctx: StaffContext,
  rows: BatchRowDoc[],
  target: Map<string, { personId: string; doc?: { idType: 'id_card' | 'passport'; number: string } }>,
  input: OutcomeInput,
  refuse: Refuse,
): Promise<PersonDoc[]> {
  const { db, now, access } = ctx;
  const _ = db.command;
  if (!input.filing) {
    for (const row of rows) refuse(row, 'BATCH_PERSON_UNKNOWN', `${row.name}：${ErrorCodes.BATCH_PERSON_UNKNOWN}`);
    return [];
  }
  const buildingId = [...rows].sort((a, b) => a.rowNumber - b.rowNumber)[0].buildingId!;
  const here = rows.filter((r) => r.buildingId === buildingId).sort((a, b) => a.rowNumber - b.rowNumber);
  for (const row of rows.filter((r) => !here.includes(r))) refuse(row, 'BATCH_PERSON_UNKNOWN', `${row.name}：不在同一楼栋，请分别纳管`);
  const typed = new Map(input.filing.members.map((m) => [m.rowId, m]));
  const memberOf = (row: BatchRowDoc, relation: string) => {
    const doc = target.get(row._id)!.doc!;
    const phone = typed.get(row._id)?.phone ?? (row.phone ? decrypt(row.phone.cipher) : undefined);
    return { name: row.name, relation, idType: doc.idType, idNumber: doc.number, ...(phone ? { phone } : {}) };
  };
  const reportOf = (members: object[], consent: { healthTravel: boolean; version: string }) => ({
    buildingId,
    unit: input.filing!.unit,
    room: input.filing!.room.trim(),
    category: input.isolation!.kind,
    members,
    consent: { privacy: true, ...consent },
  });
  // a row whose list values a filing cannot take (a name with digits, a phone that is none) is refused alone
  const fresh = { healthTravel: false, version: PRIVACY_NOTICE_VERSION };
  const valid = here.filter((row) => {
    const alone = parseWith(proxyHouseholdReport, { clientRequestId: 'check_row', ...reportOf([memberOf(row, 'self')], fresh) }, now);
    const errors = alone.ok ? [] : alone.errors.filter((e) => e.field.startsWith('members.'));
    if (errors.length > 0)
      refuse(
        row,
        'BATCH_PERSON_UNKNOWN',
        `${row.name}：${errors.map((e) => e.message.replace(/^第1位成员：/, '')).join('；')}，请数据专班更正后再纳管`,
      );
    return errors.length === 0;
  });
  if (valid.length === 0) return [];
  const scope = scopeIds(access);
  const unit = input.filing.unit;
  const roomName = input.filing.room.trim();
  // one filing into a room at a time: two workers filing two new persons of one room at once make
  // one household holding both (the second joins the first's), not two
  await withLease(db, `room:${buildingId}:${unit}:${roomName}`, { busy: 'BATCH_ROW_BUSY' }, () =>
    fileInRoom(ctx, here, valid, target, memberOf, reportOf, fresh, scope, buildingId, unit, roomName),
  );
  const personIds = valid.map((r) => target.get(r._id)!.personId).sort();
  const persons = await readRows<PersonDoc>(
    db
      .collection(Collections.persons)
      .where({ _id: _.in(personIds) })
      .limit(personIds.length),
  );
  for (const row of valid) {
    const p = persons.find((x) => x._id === target.get(row._id)!.personId);
    if (!p?.householdId) refuse(row, 'BATCH_PERSON_ELSEWHERE', `${row.name}：${ErrorCodes.BATCH_PERSON_ELSEWHERE}`);
  }
  return persons;
}

/** Under the room's lease: the room's household (when filed there) joined, or a new one filed. */
async function fileInRoom(
  ctx: StaffContext,
  here: BatchRowDoc[],
  rows: BatchRowDoc[],
  target: Map<string, { personId: string; doc?: { idType: 'id_card' | 'passport'; number: string } }>,
  memberOf: (row: BatchRowDoc, relation: string) => object,
  reportOf: (members: object[], consent: { healthTravel: boolean; version: string }) => object,
  fresh: { healthTravel: boolean; version: string },
  scope: string[],
  buildingId: string,
  unit: string,
  roomName: string,
): Promise<void> {
  const { db, now, access } = ctx;
  // the room's household when one is filed there (in the worker's scope): the persons join it
  const joined = await roomHousehold(ctx, buildingId, unit, roomName, scope);
  // a person already in it (another worker's 纳管 of the same person a moment ago) is not filed again
  const inIt = new Set((joined?.members ?? []).map((m) => m.personId));
  const valid = rows.filter((r) => !inIt.has(target.get(r._id)!.personId));
  if (valid.length === 0) return;
  const members = [...(joined?.members ?? []), ...valid.map((row, i) => memberOf(row, i === 0 && !joined ? 'self' : 'other'))];
  const personIds = valid.map((r) => target.get(r._id)!.personId).sort();
  const raw = {
    // named after the persons: the same persons filed at once by two workers are one report
    clientRequestId: `bm_${keyedHash(HashNamespaces.submission, personIds.join(',')).slice(0, 40)}`,
    // a household joined keeps the consent its residents gave
    ...reportOf(
      members,
      joined ? { healthTravel: joined.household.consent.healthTravel, version: joined.household.consent.version } : fresh,
    ),
  };
  const parsed = parseWith(proxyHouseholdReport, raw, now);
  if (!parsed.ok) throw new ValidationFailed(parsed.errors);
  // the lease's loser may have started before the filing it joins: its filing must still be the
  // newer one, or the household would keep the other's member list (filings only replace older ones)
  const lastFiled = joined ? new Date((joined.household.lastReportKey ?? '').split('|')[0] || joined.household.updatedAt).getTime() : 0;
  const filingCtx = lastFiled >= now.getTime() ? { ...ctx, now: new Date(lastFiled + 1) } : ctx;
  const receipt = await fileHouseholdReport(filingCtx, parsed.value, {
    kind: 'staff',
    staffId: access.staff._id,
    scope,
    submission: 'batch-manage',
  });
  if (!receipt.replayed) {
    const batch = await first<BatchDoc>(db.collection(Collections.batches).where({ _id: here[0].batchId }));
    await appendAudit(db, {
      action: 'proxy_report',
      staff: access.staff,
      target: { collection: Collections.reports, id: receipt.reportId },
      reason: `核查纳管：${batch?.subject ?? here[0].batchId}`,
      at: now,
    });
  }
}

/**
 * The household filed in this room of the building, with its members as a filing refers to them (by
 * person id: their stored ID and phone are kept), when there is exactly one, in the worker's scope,
 * and its reporter is still in it; otherwise the persons are filed as a new household.
 */
async function roomHousehold(
  ctx: StaffContext,
  buildingId: string,
  unit: string,
  room: string,
  scope: readonly string[],
): Promise<{ household: HouseholdDoc; members: Array<{ personId: string; name: string; relation: string }> } | null> {
  const { db } = ctx;
  const _ = db.command;
  const found = (
    await readRows<HouseholdDoc>(db.collection(Collections.households).where({ placePath: buildingId, unit, room }).limit(10))
  ).filter((h) => !h.mergedInto && inScope(scope, h.placePath));
  if (found.length !== 1) return null;
  const household = found[0];
  const ids = household.personIds ?? [];
  if (ids.length === 0) return null;
  const persons = await readRows<PersonDoc>(
    db
      .collection(Collections.persons)
      .where({ _id: _.in(ids), householdId: household._id })
      .limit(ids.length),
  );
  const ordered = [...persons].sort((a, b) => (a._id === household.reporterPersonId ? -1 : b._id === household.reporterPersonId ? 1 : 0));
  if (
    ordered[0]?._id !== household.reporterPersonId ||
    ordered[0].relation !== 'self' ||
    ordered.filter((p) => p.relation === 'self').length !== 1
  )
    return null;
  return { household, members: ordered.map((p) => ({ personId: p._id, name: p.name, relation: p.relation })) };
}

/** Closes a leased row with its outcome (linked to the person 纳管 filed or found), its item, its audit. */
async function closeOne(
  ctx: StaffContext,
  row: BatchRowDoc,
  input: OutcomeInput,
  token: string,
  managed: { person: PersonDoc; isolationId: string } | undefined,
): Promise<RowResult> {
  const { db, now, access } = ctx;
  const _ = db.command;
  const outcome = {
    kind: input.outcome,
    ...(input.note ? { note: input.note } : {}),
    ...(input.where ? { where: input.where } : {}),
    ...(managed ? { isolationId: managed.isolationId } : {}),
    staffId: access.staff._id,
    staffName: access.staff.name,
    at: now,
  };
  const p = managed?.person;
  const person = p
    ? { personId: p._id, householdId: p.householdId, status: p.status, buildingId: p.buildingId, gridId: p.gridId }
    : undefined;
  const res = await db
    .collection(Collections.batchRows)
    .where({ _id: row._id, state: 'dispatched', 'closing.token': token })
    .update({ data: { state: 'closed', outcome, ...(person ? { person } : {}), closing: _.remove(), updatedAt: now } });
  if (updated(res) === 0) return refused(row, 'BATCH_ROW_CLOSED');
  await closeQueueItemById(db, itemIdOf(row._id), `核查结果：${ROW_OUTCOME_LABELS[input.outcome]}`, now);
  await appendAudit(db, {
    action: 'batch_outcome',
    staff: access.staff,
    target: { collection: Collections.batchRows, id: row._id },
    reason: ROW_OUTCOME_LABELS[input.outcome],
    ...(managed ? { details: { personId: managed.person._id, isolationId: managed.isolationId } } : {}),
    at: now,
  });
  return done(row);
}
