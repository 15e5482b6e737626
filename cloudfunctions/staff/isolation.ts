/**
 * Isolation lifecycle (start / extend / end 解除), the daily roster and acknowledging check-in
 * alerts — worker actions, scoped like everything else. Every change goes into the isolation's
 * timeline and the audit log; ending before the planned last day needs a reason.
 */
import { checkinId, type CheckinDoc, type CheckinSlot, type IsolationDoc, type IsolationEvent } from '../../src/domain/checkins';
import type { BatchIsolationResult, IsolationView, Page, QueueItemDetail, RosterEntry, ParsedOf } from '../../src/domain/contracts';
import { DomainError } from '../../src/domain/errors';
import type { HouseholdDoc, PersonDoc } from '../../src/domain/household';
import { inScope } from '../../src/domain/staff';
import { addDays, daysBetween, shanghaiDateString } from '../../src/domain/time';
import { appendAudit } from '../common/audit';
import { missingItemPrefix, offSlotReadings, slotViews, slotsOf } from '../common/checkinSlots';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { cursorCodec, cursorParts } from '../common/cursors';
import { first, rows } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import { keysetPage } from '../common/paging';
import { getPlace } from '../common/places';
import { inTransaction, txGet } from '../common/transaction';
import { closeQueueItemById } from '../common/queue';
import { underScope, type StaffAccess, type StaffContext, requireInScope, requirePlaceInScope, scopeIds } from '../common/staffAccess';
import { staffItem } from './items';

function isolationView(iso: IsolationDoc): IsolationView {
  return {
    isolationId: iso._id,
    personId: iso.personId,
    personName: iso.personName,
    kind: iso.kind,
    startDate: iso.startDate,
    endDate: iso.endDate,
    status: iso.status,
    reason: iso.reason,
    timeline: iso.timeline.map((e) => ({ action: e.action, staffName: e.staffName, note: e.note, at: new Date(e.at).toISOString() })),
  };
}

async function isolationInScope(db: Database, access: StaffAccess, isolationId: string): Promise<IsolationDoc> {
  const found = await first<IsolationDoc>(db.collection(Collections.isolations).where({ _id: isolationId }));
  const iso = requireInScope(access, found, '隔离记录不存在或不在您的管辖范围内', 'isolationId');
  if (iso.status === 'ended') return fail('ISOLATION_ENDED');
  return iso;
}

const event = (access: StaffAccess, action: IsolationEvent['action'], at: Date, note?: string): IsolationEvent => ({
  action,
  staffId: access.staff._id,
  staffName: access.staff.name,
  ...(note ? { note } : {}),
  at,
});

/** What a start says besides whom: the same for one person or a household's members. */
type StartInput = Omit<ParsedOf<'staff', 'startIsolation'>, 'personId'>;

const PERSON_NOT_FOUND = '人员不存在或不在您的管辖范围内';

function checkStartDate(now: Date, startDate: string): void {
  if (Math.abs(daysBetween(shanghaiDateString(now), startDate)) > 14) fail('OUT_OF_RANGE', '开始日期应在前后14天内', 'startDate');
}

/**
 * Starts an isolation of a person in scope who lives in a household: ISOLATION_ACTIVE when one is
 * under way. One transaction over the person and the new isolation: of concurrent starts (other
 * start dates included) exactly one commits; the others re-read the person and find it active.
 */
async function startFor(ctx: StaffContext, person: PersonDoc, household: HouseholdDoc | null, p: StartInput): Promise<IsolationDoc> {
  const { db, now, access } = ctx;
  const householdId = person.householdId!;
  const iso: IsolationDoc = {
    // one active isolation per person and start date
    _id: `iso_${person._id.slice(2)}_${p.startDate.replace(/-/g, '')}`,
    personId: person._id,
    householdId,
    personName: person.name,
    // what the person's check-in alerts show and are searched by
    ...(household?.address ? { address: household.address } : {}),
    ...(person.phone ? { phoneMasked: person.phone.masked } : {}),
    communityId: person.communityId,
    gridId: person.gridId,
    placePath: household?.placePath ?? person.placePath,
    kind: p.kind,
    startDate: p.startDate,
    endDate: addDays(p.startDate, p.plannedDays - 1),
    status: 'active',
    reason: p.reason,
    timeline: [event(access, 'start', now, p.reason)],
    createdAt: now,
    updatedAt: now,
  };
  await inTransaction(db, async (tx) => {
    const current = await txGet<PersonDoc>(tx, Collections.persons, person._id, () => fail('NOT_FOUND', '人员不存在', 'personId'));
    if (current.activeIsolationId) return fail('ISOLATION_ACTIVE');
    await tx.collection(Collections.isolations).add({ data: iso });
    await tx
      .collection(Collections.persons)
      .doc(person._id)
      .update({ data: { status: p.kind, activeIsolationId: iso._id, updatedAt: now } });
  }).catch((e: unknown) => {
    if (isDuplicateKeyError(e)) return fail('ISOLATION_ACTIVE');
    throw e;
  });
  await appendAudit(db, {
    action: 'isolation_start',
    staff: access.staff,
    target: { collection: Collections.isolations, id: iso._id },
    reason: `${p.kind}: ${p.reason}`,
    at: now,
  });
  return iso;
}

/** A person who can be isolated at home: in scope, and in a household (someone who left theirs has nobody to be isolated with). */
const isolatable = (access: StaffAccess, person: PersonDoc | null | undefined): person is PersonDoc =>
  !!person?.householdId && inScope(scopeIds(access), person.placePath);

export async function startIsolation(ctx: StaffContext, p: ParsedOf<'staff', 'startIsolation'>): Promise<IsolationView> {
  const { db, now } = ctx;
  const { access } = ctx;
  const found = await first<PersonDoc>(db.collection(Collections.persons).where({ _id: p.personId }));
  const person = requireInScope(access, found?.householdId ? found : null, PERSON_NOT_FOUND, 'personId');
  checkStartDate(now, p.startDate);
  if (await first<IsolationDoc>(db.collection(Collections.isolations).where({ personId: person._id, status: 'active' })))
    return fail('ISOLATION_ACTIVE');
  const household = await first<HouseholdDoc>(db.collection(Collections.households).where({ _id: person.householdId! }));
  return isolationView(await startFor(ctx, person, household, p));
}

/**
 * Several members of a household at once (a family of close contacts), each as `startIsolation`
 * would: one winner per person, and a person already under isolation is answered with the one
 * under way rather than failing the others.
 */
export async function startIsolations(
  ctx: StaffContext,
  p: ParsedOf<'staff', 'startIsolations'>,
): Promise<{ results: BatchIsolationResult[]; started: number }> {
  const { db, now, access } = ctx;
  checkStartDate(now, p.startDate);
  const _ = db.command;
  const persons = new Map(
    (
      await rows<PersonDoc>(
        db
          .collection(Collections.persons)
          .where({ _id: _.in(p.personIds) })
          .limit(p.personIds.length),
      )
    ).map((person) => [person._id, person]),
  );
  const householdIds = [...new Set([...persons.values()].flatMap((person) => (person.householdId ? [person.householdId] : [])))];
  const households = new Map(
    householdIds.length
      ? (
          await rows<HouseholdDoc>(
            db
              .collection(Collections.households)
              .where({ _id: _.in(householdIds) })
              .limit(householdIds.length),
          )
        ).map((h) => [h._id, h])
      : [],
  );
  const results: BatchIsolationResult[] = [];
  for (const personId of p.personIds) {
    const person = persons.get(personId);
    if (!isolatable(access, person)) {
      results.push({ personId, result: 'not_found', message: PERSON_NOT_FOUND });
      continue;
    }
    try {
      const iso = await startFor(ctx, person, households.get(person.householdId!) ?? null, p);
      results.push({ personId, result: 'started', isolation: isolationView(iso) });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'ISOLATION_ACTIVE') throw e;
      const active = await first<IsolationDoc>(db.collection(Collections.isolations).where({ personId, status: 'active' }));
      results.push({ personId, result: 'active', ...(active ? { isolation: isolationView(active) } : {}), message: e.message });
    }
  }
  return { results, started: results.filter((r) => r.result === 'started').length };
}

export async function extendIsolation(ctx: StaffContext, p: ParsedOf<'staff', 'extendIsolation'>): Promise<IsolationView> {
  const { db, now } = ctx;
  const { access } = ctx;
  const iso = await isolationInScope(db, access, p.isolationId);
  const endDate = addDays(iso.endDate, p.days);
  const _ = db.command;
  const res = (await db
    .collection(Collections.isolations)
    .where({ _id: iso._id, status: 'active', endDate: iso.endDate })
    .update({ data: { endDate, updatedAt: now, timeline: _.push(event(access, 'extend', now, p.note ?? `延长${p.days}天`)) } })) as {
    stats?: { updated?: number };
  };
  if ((res.stats?.updated ?? 0) !== 1) return fail('CONFLICT');
  await appendAudit(db, {
    action: 'isolation_extend',
    staff: access.staff,
    target: { collection: Collections.isolations, id: iso._id },
    reason: `+${p.days}d${p.note ? `: ${p.note}` : ''}`,
    at: now,
  });
  return isolationView((await first<IsolationDoc>(db.collection(Collections.isolations).where({ _id: iso._id })))!);
}

export async function endIsolation(ctx: StaffContext, p: ParsedOf<'staff', 'endIsolation'>): Promise<IsolationView> {
  const { db, now } = ctx;
  const { access } = ctx;
  const iso = await isolationInScope(db, access, p.isolationId);
  const early = shanghaiDateString(now) < iso.endDate;
  if (early && !p.reason) return fail('NOTE_REQUIRED', '提前解除需要填写原因', 'reason');
  const _ = db.command;
  const res = (await db
    .collection(Collections.isolations)
    .where({ _id: iso._id, status: 'active' })
    .update({
      data: { status: 'ended', endedAt: now, updatedAt: now, timeline: _.push(event(access, 'end', now, p.reason ?? '期满解除')) },
    })) as { stats?: { updated?: number } };
  if ((res.stats?.updated ?? 0) !== 1) return fail('CONFLICT');
  await db
    .collection(Collections.persons)
    .doc(iso.personId)
    .update({ data: { status: 'normal', activeIsolationId: null, updatedAt: now } });
  // a released person's missed check-ins need nobody any more (fever alerts stay open)
  await db
    .collection(Collections.queueItems)
    .where({
      householdId: iso.householdId,
      kind: 'checkin_alert',
      status: _.in(['open', 'in_progress']),
      _id: db.RegExp({ regexp: `^${missingItemPrefix(iso.personId)}` }),
    })
    .update({ data: { status: 'closed', closedReason: 'released', closedAt: now, updatedAt: now } });
  await appendAudit(db, {
    action: 'isolation_end',
    staff: access.staff,
    target: { collection: Collections.isolations, id: iso._id },
    reason: `${early ? 'early: ' : ''}${p.reason ?? ''}`,
    at: now,
  });
  return isolationView((await first<IsolationDoc>(db.collection(Collections.isolations).where({ _id: iso._id })))!);
}

export const ROSTER_PAGE_SIZE = 200;
/**
 * Soonest ending first, by key: isolations started or ended while the worker pages never shift the
 * next page (an extension moves that one person later in the list).
 */
const rosterCursor = cursorCodec<[string, string]>('roster', cursorParts.day, cursorParts.id);
/** Every isolated person under the caller's scope with each slot's state for the day. */
export async function roster(ctx: StaffContext, p: ParsedOf<'staff', 'roster'>): Promise<Page<RosterEntry> & { date: string }> {
  const { db, now } = ctx;
  const { access } = ctx;
  const date = p.date ?? shanghaiDateString(now);
  const place = p.placeId ? { placePath: (await requirePlaceInScope(db, access, p.placeId))._id } : underScope(db, access);
  const list = await keysetPage<IsolationDoc>(
    db,
    Collections.isolations,
    { ...place, status: 'active' },
    { field: 'endDate', dir: 'asc' },
    rosterCursor.decode(p.cursor),
    ROSTER_PAGE_SIZE + 1,
  );
  const page = list.slice(0, ROSTER_PAGE_SIZE);
  const last = page[page.length - 1];
  // each community sets its own slots
  const slotsByCommunity = new Map<string, CheckinSlot[]>();
  for (const communityId of new Set(page.map((iso) => iso.communityId)))
    slotsByCommunity.set(communityId, slotsOf(await getPlace(db, communityId)));
  const slotsFor = (iso: IsolationDoc) => slotsByCommunity.get(iso.communityId) ?? slotsOf(null);
  const _ = db.command;
  const ids = page.flatMap((iso) => slotsFor(iso).map((s) => checkinId(iso.personId, date, s.key)));
  const checkins = new Map<string, CheckinDoc>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    for (const c of await rows<CheckinDoc>(
      db
        .collection(Collections.checkins)
        .where({ _id: _.in(chunk) })
        .limit(chunk.length),
    ))
      checkins.set(c._id, c);
  }
  const personIds = page.map((iso) => iso.personId);
  const persons = new Map<string, PersonDoc>();
  if (personIds.length)
    for (const person of await rows<PersonDoc>(
      db
        .collection(Collections.persons)
        .where({ _id: _.in(personIds) })
        .limit(personIds.length),
    ))
      persons.set(person._id, person);
  const households = new Map<string, HouseholdDoc>();
  const householdIds = [...new Set(page.map((iso) => iso.householdId))];
  if (householdIds.length)
    for (const h of await rows<HouseholdDoc>(
      db
        .collection(Collections.households)
        .where({ _id: _.in(householdIds) })
        .limit(householdIds.length),
    ))
      households.set(h._id, h);
  const offSlot = await offSlotReadings(db, personIds, date);
  return {
    date,
    items: page.map((iso) => ({
      isolationId: iso._id,
      personId: iso.personId,
      // in full: the roster lists only persons the caller's scope covers, who are called by name
      personName: iso.personName,
      ...(persons.get(iso.personId)?.phone ? { phoneMasked: persons.get(iso.personId)!.phone!.masked } : {}),
      address: households.get(iso.householdId)?.address ?? '',
      kind: iso.kind,
      endDate: iso.endDate,
      slots: slotViews(iso, date, slotsFor(iso), checkins, now),
      offSlot: offSlot.get(iso.personId) ?? [],
    })),
    nextCursor: list.length > ROSTER_PAGE_SIZE ? rosterCursor.encode([last.endDate, last._id]) : null,
  };
}

export async function acknowledge(ctx: StaffContext, p: ParsedOf<'staff', 'acknowledge'>): Promise<QueueItemDetail> {
  const detail = await staffItem(ctx, { itemId: p.itemId });
  if (detail.item.kind !== 'checkin_alert') return fail('BAD_REQUEST', '该事项不是打卡提醒', 'itemId');
  if (detail.item.status === 'closed') return fail('CONFLICT', '该提醒已处理');
  await closeQueueItemById(ctx.db, p.itemId, p.note ? `acknowledged: ${p.note}` : 'acknowledged', ctx.now);
  return staffItem(ctx, { itemId: p.itemId });
}

/** A person's active isolation, or one isolation by id (active or ended), within the caller's scope. */
export async function getIsolation(ctx: StaffContext, p: ParsedOf<'staff', 'isolation'>): Promise<IsolationView | null> {
  const { access } = ctx;
  const where = p.isolationId ? { _id: p.isolationId } : { personId: p.personId, status: 'active' };
  const iso = await first<IsolationDoc>(ctx.db.collection(Collections.isolations).where(where));
  return iso && inScope(scopeIds(access), iso.placePath) ? isolationView(iso) : null;
}
