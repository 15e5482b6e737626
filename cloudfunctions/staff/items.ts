/**
 * staff.item, staff.reveal, staff.verify, staff.requestAction — what a worker does with one queue
 * item. Everything is checked against the caller's scope as read from the database now; an item
 * out of scope is "not found". Writes are conditional on the state that was read, so of two workers
 * acting at once exactly one wins and the other is told the item was already handled.
 */
import {
  REVEAL_FIELDS,
  VERIFY_METHODS,
  VERIFY_OUTCOMES,
  type RevealField,
  type VerifyMethod,
  type VerifyOutcome,
} from '../../src/domain/audit';
import type { MaskedPerson, QueueItemDetail, StaffRequestAction } from '../../src/domain/contracts';
import type { PersonDoc, ReportDoc } from '../../src/domain/household';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { StaffDoc } from '../../src/domain/staff';
import { availableActions, REQUEST_STATUS_LABELS, type RequestDoc } from '../../src/domain/requests';
import { DomainError } from '../../src/domain/errors';
import { inScope } from '../../src/domain/staff';
import { object, oneOf, optional, parseWith, str, type ParseResult } from '../../src/domain/validation';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt } from '../common/crypto';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { getChain, getPlace } from '../common/places';
import { idField } from '../common/payloads';
import { requireStaff, type StaffAccess } from '../common/staffAccess';
import { applyTransition } from '../request/transition';
import { requestView } from '../request/views';
import { reportView } from '../report/views';
import { conflictView } from './conflicts';
import { itemView } from './queue';

const scopeIds = (access: StaffAccess) => access.scope.map((p) => p._id);

export async function itemInScope(db: Database, access: StaffAccess, itemId: string): Promise<QueueItemDoc> {
  const item = await first<QueueItemDoc>(db.collection(Collections.queueItems).where({ _id: itemId }));
  if (!item || !inScope(scopeIds(access), item.placePath)) return fail('NOT_FOUND', '事项不存在或不在您的管辖范围内', 'itemId');
  return item;
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

async function detail(ctx: CallContext, access: StaffAccess, item: QueueItemDoc): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const _ = db.command;
  const role = access.staff.role;
  if (item.kind === 'verify_report') {
    const report = await first<ReportDoc>(db.collection(Collections.reports).where({ _id: item.refId }));
    if (!report) return fail('NOT_FOUND');
    const building = await getPlace(db, report.buildingId);
    const chain = building ? await getChain(db, building) : {};
    const ids = report.members.map((m) => m.personId);
    const persons = await rows<PersonDoc>(
      db
        .collection(Collections.persons)
        .where({ _id: _.in(ids) })
        .limit(ids.length),
    );
    const v = report.verification;
    return {
      item: itemView(item, now),
      report: {
        ...reportView(report, chain),
        ...(v
          ? {
              verification: {
                outcome: v.outcome,
                method: v.method,
                note: v.note,
                staffName: v.staffName,
                at: new Date(v.at).toISOString(),
              },
            }
          : {}),
      },
      persons: persons.map(maskedPerson),
      actions: item.status === 'closed' ? [] : ['verify'],
    };
  }
  if (item.kind === 'request') {
    const request = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: item.refId }));
    if (!request) return fail('NOT_FOUND');
    const person = await first<PersonDoc>(db.collection(Collections.persons).where({ _id: request.personId }));
    return {
      item: itemView(item, now),
      request: requestView(request),
      persons: person ? [maskedPerson(person)] : [],
      actions: availableActions(request.status, role),
    };
  }
  if (item.kind === 'household_conflict') {
    const conflict = await conflictView(db, item.refId);
    return {
      item: itemView(item, now),
      conflict,
      persons: [conflict.person],
      actions: item.status === 'closed' || conflict.status !== 'open' ? [] : ['resolve_conflict'],
    };
  }
  return { item: itemView(item, now), persons: [], actions: [] };
}

const itemPayload = object({ itemId: idField() });
export function parseItem(input: unknown, now: Date): ParseResult<{ itemId: string }> {
  return parseWith(itemPayload, input, now);
}

export async function staffItem(ctx: CallContext, payload: { itemId: string }): Promise<QueueItemDetail> {
  const access = await requireStaff(ctx.db, ctx.caller.openid);
  return itemDetail(ctx, access, await itemInScope(ctx.db, access, payload.itemId));
}

const revealPayload = object({ personId: idField(), field: oneOf(REVEAL_FIELDS), reason: str({ min: 2, max: 100 }) });
export function parseReveal(input: unknown, now: Date): ParseResult<{ personId: string; field: RevealField; reason: string }> {
  return parseWith(revealPayload, input, now);
}

/** The full ID or phone number of a person in scope, for a stated reason, written to the audit log first. */
export async function staffReveal(
  ctx: CallContext,
  payload: { personId: string; field: RevealField; reason: string },
): Promise<{ value: string }> {
  const access = await requireStaff(ctx.db, ctx.caller.openid);
  const person = await first<PersonDoc>(ctx.db.collection(Collections.persons).where({ _id: payload.personId }));
  if (!person || !inScope(scopeIds(access), person.placePath)) return fail('NOT_FOUND', '人员不存在或不在您的管辖范围内', 'personId');
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

const verifyPayload = object({
  itemId: idField(),
  outcome: oneOf(VERIFY_OUTCOMES),
  method: oneOf(VERIFY_METHODS),
  note: optional(str({ max: 200 })),
});
export function parseVerify(
  input: unknown,
  now: Date,
): ParseResult<{ itemId: string; outcome: VerifyOutcome; method: VerifyMethod; note?: string }> {
  return parseWith(verifyPayload, input, now);
}

export async function staffVerify(
  ctx: CallContext,
  payload: { itemId: string; outcome: VerifyOutcome; method: VerifyMethod; note?: string },
): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const access = await requireStaff(db, ctx.caller.openid);
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

const STAFF_ACTIONS = ['accept', 'start', 'complete', 'reject', 'escalate'] as const satisfies readonly StaffRequestAction[];
const requestActionPayload = object({ itemId: idField(), action: oneOf(STAFF_ACTIONS), note: optional(str({ max: 200 })) });
export function parseRequestAction(input: unknown, now: Date): ParseResult<{ itemId: string; action: StaffRequestAction; note?: string }> {
  return parseWith(requestActionPayload, input, now);
}

export async function staffRequestAction(
  ctx: CallContext,
  payload: { itemId: string; action: StaffRequestAction; note?: string },
): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const access = await requireStaff(db, ctx.caller.openid);
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
