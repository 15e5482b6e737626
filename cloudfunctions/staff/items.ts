/**
 * staff.item, staff.reveal, staff.verify, staff.requestAction — what a worker does with one queue
 * item. Everything is checked against the caller's scope as read from the database now; an item
 * out of scope is "not found". Writes are conditional on the state that was read, so of two workers
 * acting at once exactly one wins and the other is told the item was already handled.
 */
import type { MaskedPerson, QueueItemDetail, ParsedOf } from '../../src/domain/contracts';
import type { PersonDoc, ReportDoc } from '../../src/domain/household';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { StaffDoc } from '../../src/domain/staff';
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

import { type StaffAccess, type StaffContext, requireInScope } from '../common/staffAccess';
import { applyTransition } from '../shared/requestTransition';
import { requestView } from '../shared/requestViews';
import { reportView } from '../shared/householdViews';
import { conflictView } from './conflicts';
import { itemView } from './queue';

export async function itemInScope(db: Database, access: StaffAccess, itemId: string): Promise<QueueItemDoc> {
  const item = await first<QueueItemDoc>(db.collection(Collections.queueItems).where({ _id: itemId }));
  return requireInScope(access, item, '事项不存在或不在您的管辖范围内', 'itemId');
}

export function maskedPerson(p: PersonDoc): MaskedPerson {
  return { personId: p._id, name: p.name, idMasked: p.id.masked, ...(p.phone ? { phoneMasked: p.phone.masked } : {}) };
}

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
        ? { outcome: v.outcome, method: v.method, note: v.note, staffName: v.staffName, at: new Date(v.at).toISOString() }
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
    case 'checkin_alert':
      // the alert's title and summary say whom it is about; the roster has the call
      return { kind: 'checkin_alert', item: view, persons: [], actions: open ? ['acknowledge'] : [] };
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
  }
}

/** The request actions a staff role may take from the request's status. */
function staffActions(status: RequestDoc['status'], role: StaffAccess['staff']['role']): StaffRequestAction[] {
  return availableActions(status, role).filter((a): a is StaffRequestAction => (STAFF_REQUEST_ACTIONS as readonly string[]).includes(a));
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

export async function staffVerify(ctx: StaffContext, payload: ParsedOf<'staff', 'verify'>): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const { access } = ctx;
  const item = await itemInScope(db, access, payload.itemId);
  if (item.kind !== 'verify_report') return fail('BAD_REQUEST', '该事项不是报备核实', 'itemId');
  if (item.status === 'closed') return fail('CONFLICT', '该报备已核实，请刷新后查看');
  const _ = db.command;
  const claimed = (await db
    .collection(Collections.queueItems)
    // conditional on the report read: a newer filing of the household takes the item over meanwhile
    .where({ _id: item._id, status: _.neq('closed'), refId: item.refId })
    .update({
      data: { status: 'closed', closedReason: 'verified', closedAt: now, updatedAt: now, assigneeStaffId: access.staff._id },
    })) as { stats?: { updated?: number } };
  if ((claimed.stats?.updated ?? 0) !== 1) return fail('CONFLICT', '该报备已被其他网格员核实或居民刚刚更新，请刷新后查看');
  await db
    .collection(Collections.reports)
    .doc(item.refId)
    .update({
      data: {
        status: 'verified',
        verification: {
          outcome: payload.outcome,
          method: payload.method,
          ...(payload.note ? { note: payload.note } : {}),
          staffId: access.staff._id,
          staffName: access.staff.name,
          at: now,
        },
      },
    });
  return itemDetail(ctx, access, { ...item, status: 'closed', assigneeStaffId: access.staff._id });
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
    { kind: access.staff.role, name: access.staff.name, staffId: access.staff._id },
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
