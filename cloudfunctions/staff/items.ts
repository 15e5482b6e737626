/**
 * staff.item, staff.reveal, staff.call, staff.verify (and verifyMany), staff.requestAction — what a
 * worker does with queue items. Everything is checked against the caller's scope as read from the database now; an item
 * out of scope is "not found". Writes are conditional on the state that was read, so of two workers
 * acting at once exactly one wins and the other is told the item was already handled.
 */
import type { BatchVerifyResult, MaskedPerson, QueueItemDetail, ParsedOf } from '../../src/domain/contracts';
import { personOfCheckinId } from '../../src/domain/checkins';
import { verificationMethods, type HouseholdConflictDoc, type HouseholdDoc, type PersonDoc, type ReportDoc } from '../../src/domain/household';
import type { QueueItemDoc } from '../../src/domain/queue';
import { inScope, type StaffDoc } from '../../src/domain/staff';
import {
  availableActions,
  REQUEST_STATUS_LABELS,
  STAFF_REQUEST_ACTIONS,
  type RequestDoc,
  type StaffRequestAction,
} from '../../src/domain/requests';
import { DomainError } from '../../src/domain/errors';

import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt } from '../common/crypto';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { getChain, getPlace } from '../common/places';

import { type StaffAccess, type StaffContext, requireInScope, scopeIds } from '../common/staffAccess';
import { applyTransition } from '../shared/requestTransition';
import { requestView } from '../shared/requestViews';
import { reportView } from '../shared/householdViews';
import { batchRowDetail } from '../shared/batchRows';
import { conflictView } from './conflicts';
import { itemView } from './queue';

export async function itemInScope(db: Database, access: StaffAccess, itemId: string): Promise<QueueItemDoc> {
  const item = await first<QueueItemDoc>(db.collection(Collections.queueItems).where({ _id: itemId }));
  return requireInScope(access, item, '事项不存在或不在您的管辖范围内', 'itemId');
}

export function maskedPerson(p: PersonDoc): MaskedPerson {
  return {
    personId: p._id,
    name: p.name,
    idMasked: p.id.masked,
    ...(p.phone ? { phoneMasked: p.phone.masked } : {}),
    status: p.status ?? 'normal',
    ...(p.activeIsolationId ? { isolationId: p.activeIsolationId } : {}),
  };
}

const findPerson = (db: Database, personId: string) => first<PersonDoc>(db.collection(Collections.persons).where({ _id: personId }));

/** Who an item is assigned to, for its detail view. */
async function assigneeOf(db: Database, item: QueueItemDoc): Promise<QueueItemDetail['assignee']> {
  if (!item.assigneeStaffId) return undefined;
  const staff = await first<StaffDoc>(db.collection(Collections.staff).where({ _id: item.assigneeStaffId }));
  return staff ? { staffId: staff._id, name: staff.name } : undefined;
}

export async function itemDetail(ctx: CallContext, access: StaffAccess, item: QueueItemDoc): Promise<QueueItemDetail> {
  const assignee = await assigneeOf(ctx.db, item);
  const base = await detail(ctx, access, item);
  return assignee ? { ...base, assignee } : base;
}

/** What the item is about, by kind: every queue kind has a case, or this does not compile. */
async function detail(ctx: CallContext, access: StaffAccess, item: QueueItemDoc): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const view = itemView(item, now);
  const open = item.status !== 'closed';
  switch (item.kind) {
    case 'verify_report': {
      const report = await first<ReportDoc>(db.collection(Collections.reports).where({ _id: item.refId }));
      if (!report) return fail('NOT_FOUND');
      const building = await getPlace(db, report.buildingId);
      const chain = building ? await getChain(db, building) : {};
      const ids = report.members.map((m) => m.personId);
      const persons = await rows<PersonDoc>(
        db
          .collection(Collections.persons)
          .where({ _id: db.command.in(ids) })
          .limit(ids.length),
      );
      const v = report.verification;
      const verification = v
        ? { outcome: v.outcome, methods: verificationMethods(v), note: v.note, staffName: v.staffName, at: new Date(v.at).toISOString() }
        : undefined;
      return {
        kind: 'verify_report',
        item: view,
        report: { ...reportView(report, chain), ...(verification ? { verification } : {}) },
        persons: persons.map(maskedPerson),
        actions: open ? ['verify'] : [],
      };
    }
    case 'request': {
      const request = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: item.refId }));
      if (!request) return fail('NOT_FOUND');
      const person = await first<PersonDoc>(db.collection(Collections.persons).where({ _id: request.personId }));
      return {
        kind: 'request',
        item: view,
        request: requestView(request),
        persons: person ? [maskedPerson(person)] : [],
        actions: staffActions(request.status, access.staff.role),
      };
    }
    case 'checkin_alert': {
      // the alert names a check-in (one that came, or one that never did): whose, and where they live
      const personId = personOfCheckinId(item.refId);
      const person = personId ? await findPerson(db, personId) : null;
      const household = item.householdId
        ? await first<HouseholdDoc>(db.collection(Collections.households).where({ _id: item.householdId }))
        : null;
      const address = household?.address ?? item.address;
      return {
        kind: 'checkin_alert',
        item: view,
        persons: person && inScope(scopeIds(access), person.placePath) ? [maskedPerson(person)] : [],
        ...(address ? { address } : {}),
        actions: open ? ['acknowledge'] : [],
      };
    }
    case 'household_conflict': {
      const conflict = await conflictView(db, item.refId);
      return {
        kind: 'household_conflict',
        item: view,
        conflict,
        persons: [conflict.person],
        actions: open && conflict.status === 'open' ? ['resolve_conflict'] : [],
      };
    }
    case 'batch_row': {
      const { row, person } = await batchRowDetail(db, item.refId, scopeIds(access));
      return {
        kind: 'batch_row',
        item: view,
        row,
        persons: person && inScope(scopeIds(access), person.placePath) ? [maskedPerson(person)] : [],
        actions: open ? ['batch_pass', 'batch_outcome'] : [],
      };
    }
  }
}

/** A dispatcher acts on a resident's request as a worker of their scope does (no admin-only action). */
const requestActor = (role: StaffAccess['staff']['role']) => (role === 'dispatcher' ? 'worker' : role);

/** The request actions a staff role may take from the request's status. */
function staffActions(status: RequestDoc['status'], role: StaffAccess['staff']['role']): StaffRequestAction[] {
  return availableActions(status, requestActor(role)).filter((a): a is StaffRequestAction => (STAFF_REQUEST_ACTIONS as readonly string[]).includes(a));
}

export async function staffItem(ctx: StaffContext, payload: ParsedOf<'staff', 'item'>): Promise<QueueItemDetail> {
  const { access } = ctx;
  return itemDetail(ctx, access, await itemInScope(ctx.db, access, payload.itemId));
}

/** The full ID or phone number of a person in scope, for a stated reason, written to the audit log first. */
export async function staffReveal(ctx: StaffContext, payload: ParsedOf<'staff', 'reveal'>): Promise<{ value: string }> {
  const { access } = ctx;
  const found = await first<PersonDoc>(ctx.db.collection(Collections.persons).where({ _id: payload.personId }));
  const person = requireInScope(access, found, '人员不存在或不在您的管辖范围内', 'personId');
  const sealed = payload.field === 'id' ? person.id : person.phone;
  if (!sealed) return fail('NOT_FOUND', '该人员未登记手机号', 'field');
  await appendAudit(ctx.db, {
    action: 'reveal',
    staff: access.staff,
    target: { collection: Collections.persons, id: person._id, field: payload.field },
    reason: payload.reason,
    at: ctx.now,
  });
  return { value: decrypt(sealed.cipher) };
}

/** The persons an item names: whom its call button may dial. */
async function personIdsOf(db: Database, item: QueueItemDoc): Promise<string[]> {
  switch (item.kind) {
    case 'verify_report': {
      const report = await first<ReportDoc>(db.collection(Collections.reports).where({ _id: item.refId }));
      // a member listed as 待网格员确认 belongs to another household: not this item's to call
      return (report?.members ?? []).filter((m) => !m.pending).map((m) => m.personId);
    }
    case 'request': {
      const request = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: item.refId }));
      return request ? [request.personId] : [];
    }
    case 'checkin_alert': {
      const personId = personOfCheckinId(item.refId);
      return personId ? [personId] : [];
    }
    case 'household_conflict': {
      const conflict = await first<HouseholdConflictDoc>(db.collection(Collections.householdConflicts).where({ _id: item.refId }));
      return conflict ? [conflict.personId] : [];
    }
    case 'batch_row': {
      const row = await first<{ person?: { personId: string } }>(db.collection(Collections.batchRows).where({ _id: item.refId }));
      return row?.person ? [row.person.personId] : [];
    }
  }
}

/**
 * The number of a person an item names, to dial it now. Calling whom the item is about is the work
 * itself, so no reason is asked: the call is audited as a call (who, whom, from which item).
 */
export async function staffCall(ctx: StaffContext, payload: ParsedOf<'staff', 'call'>): Promise<{ phone: string }> {
  const { db, access } = ctx;
  const item = await itemInScope(db, access, payload.itemId);
  const named = await personIdsOf(db, item);
  const found = named.includes(payload.personId) ? await findPerson(db, payload.personId) : null;
  const person = requireInScope(access, found, '该事项中没有这位居民，或其不在您的管辖范围内', 'personId');
  if (!person.phone) return fail('NOT_FOUND', '该人员未登记手机号', 'personId');
  await appendAudit(db, {
    action: 'call',
    staff: access.staff,
    target: { collection: Collections.persons, id: person._id, field: 'phone' },
    reason: `事项 ${item._id}`,
    at: ctx.now,
  });
  return { phone: decrypt(person.phone.cipher) };
}

type VerifyInput = Pick<ParsedOf<'staff', 'verify'>, 'outcome' | 'methods' | 'note'>;

/**
 * Closes a verify item and records the verification on its report, conditional on the item still
 * being open on the report it was read with: of two workers (or a worker and a re-filing) exactly
 * one wins. False when someone else got there first.
 */
async function verifyOne(ctx: StaffContext, item: QueueItemDoc, v: VerifyInput): Promise<boolean> {
  const { db, now, access } = ctx;
  if (item.status === 'closed') return false;
  const _ = db.command;
  const claimed = (await db
    .collection(Collections.queueItems)
    // conditional on the report read: a newer filing of the household takes the item over meanwhile
    .where({ _id: item._id, status: _.neq('closed'), refId: item.refId })
    .update({
      data: { status: 'closed', closedReason: 'verified', closedAt: now, updatedAt: now, assigneeStaffId: access.staff._id },
    })) as { stats?: { updated?: number } };
  if ((claimed.stats?.updated ?? 0) !== 1) return false;
  await db
    .collection(Collections.reports)
    .doc(item.refId)
    .update({
      data: {
        status: 'verified',
        verification: {
          outcome: v.outcome,
          methods: v.methods,
          ...(v.note ? { note: v.note } : {}),
          staffId: access.staff._id,
          staffName: access.staff.name,
          at: now,
        },
      },
    });
  return true;
}

const VERIFY_CONFLICT = '该报备已被其他网格员核实或居民刚刚更新，请刷新后查看';

export async function staffVerify(ctx: StaffContext, payload: ParsedOf<'staff', 'verify'>): Promise<QueueItemDetail> {
  const { db, access } = ctx;
  const item = await itemInScope(db, access, payload.itemId);
  if (item.kind !== 'verify_report') return fail('BAD_REQUEST', '该事项不是报备核实', 'itemId');
  if (item.status === 'closed') return fail('CONFLICT', '该报备已核实，请刷新后查看');
  if (!(await verifyOne(ctx, item, payload))) return fail('CONFLICT', VERIFY_CONFLICT);
  return itemDetail(ctx, access, { ...item, status: 'closed', assigneeStaffId: access.staff._id });
}

/**
 * 批量核实: several reports with one outcome. Each is verified as `staff.verify` would (its own
 * conditional claim), so a report someone else verified or re-filed meanwhile is answered as a
 * conflict and the rest go through; an item out of scope is not found, as everywhere.
 */
export async function staffVerifyMany(
  ctx: StaffContext,
  payload: ParsedOf<'staff', 'verifyMany'>,
): Promise<{ results: BatchVerifyResult[]; verified: number }> {
  const { db, access } = ctx;
  const found = await rows<QueueItemDoc>(
    db
      .collection(Collections.queueItems)
      .where({ _id: db.command.in(payload.itemIds) })
      .limit(payload.itemIds.length),
  );
  const byId = new Map(found.map((item) => [item._id, item]));
  const results: BatchVerifyResult[] = [];
  for (const itemId of payload.itemIds) {
    const item = byId.get(itemId);
    if (!item || !inScope(scopeIds(access), item.placePath) || item.kind !== 'verify_report') {
      results.push({ itemId, result: 'not_found', message: '事项不存在、不是报备核实或不在您的管辖范围内' });
    } else if (await verifyOne(ctx, item, payload)) {
      results.push({ itemId, result: 'verified' });
    } else {
      results.push({ itemId, result: 'conflict', message: VERIFY_CONFLICT });
    }
  }
  return { results, verified: results.filter((r) => r.result === 'verified').length };
}

export async function staffRequestAction(ctx: StaffContext, payload: ParsedOf<'staff', 'requestAction'>): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const { access } = ctx;
  const item = await itemInScope(db, access, payload.itemId);
  if (item.kind !== 'request') return fail('BAD_REQUEST', '该事项不是居民求助', 'itemId');
  const request = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: item.refId }));
  if (!request) return fail('NOT_FOUND');
  const updated = await applyTransition(
    db,
    request,
    payload.action,
    { kind: requestActor(access.staff.role), name: access.staff.name, staffId: access.staff._id },
    payload.note,
    now,
  ).catch((e: unknown) => {
    // The worker's screen offered the action, so the request has moved on since: someone else acted.
    if (e instanceof DomainError && e.code === 'REQUEST_TRANSITION_INVALID') {
      return fail('CONFLICT', `该求助${REQUEST_STATUS_LABELS[request.status]}，已被他人处理，请刷新后查看`);
    }
    throw e;
  });
  if (updated.status === 'accepted' || updated.status === 'in_progress') {
    // not over a close that landed meanwhile (another worker rejected or completed it)
    await db
      .collection(Collections.queueItems)
      .where({ _id: item._id, status: db.command.neq('closed') })
      .update({ data: { status: 'in_progress', assigneeStaffId: access.staff._id, updatedAt: now } });
  }
  const fresh = await first<QueueItemDoc>(db.collection(Collections.queueItems).where({ _id: item._id }));
  return itemDetail(ctx, access, fresh ?? item);
}
