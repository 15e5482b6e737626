/**
 * request.create — a resident asks for supplies, medicine, transport or other help for a person of
 * their own household. The request gets a due time from its urgency's SLA, one item in its grid's
 * queue, and (urgent, emergency) an alert to the grid's workers. A recurring transport also gets a
 * schedule from which the scheduler creates the next occurrences.
 */
import type { RequestView, ParsedOf } from '../../src/domain/contracts';
import type { PersonDoc } from '../../src/domain/household';
import { nextOccurrence, type RequestDoc, type RequestScheduleDoc } from '../../src/domain/requests';
import { Collections } from '../common/collections';
import { HashNamespaces, keyedHash } from '../common/crypto';
import { first } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import { attachFile } from '../common/files';
import type { CallContext } from '../common/handler';
import { findOwnHousehold } from '../common/households';
import { requestView } from '../shared/requestViews';
import { alertWorkers, ensureRequestQueued, newRequest } from '../shared/requestCreation';

export async function createRequest(ctx: CallContext, input: ParsedOf<'request', 'create'>): Promise<RequestView & { replayed: boolean }> {
  const { db, caller, now } = ctx;
  const household = await findOwnHousehold(db, caller.openid);
  if (!household) return fail('HOUSEHOLD_REQUIRED');
  const person = await first<PersonDoc>(db.collection(Collections.persons).where({ _id: input.personId, householdId: household._id }));
  if (!person) return fail('PERSON_NOT_IN_HOUSEHOLD', undefined, 'personId');

  const key = keyedHash(HashNamespaces.submission, `request:${caller.openid}:${input.clientRequestId}`).slice(0, 32);
  const requestId = `rq_${key}`;
  const earlier = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: requestId }));
  if (earlier) {
    await ensureRequestQueued(db, earlier, person.phone?.masked);
    return { ...requestView(earlier), replayed: true };
  }

  // a prescription photo must be the caller's own checked upload; it then belongs to this request
  if (input.details.kind === 'medicine' && input.details.prescriptionFileId) {
    const to = { collection: Collections.requests, id: requestId, householdId: household._id, placePath: household.placePath };
    await attachFile(db, caller.openid, input.details.prescriptionFileId, 'prescription', to, now, 'details.prescriptionFileId');
  }

  const recurrence = input.details.kind === 'transport' ? input.details.recurrence : undefined;
  const firstPickup = input.details.kind === 'transport' ? new Date(input.details.pickupAt) : null;
  const scheduleId = recurrence ? `rs_${key}` : undefined;

  const request = await newRequest(db, {
    _id: requestId,
    household,
    person,
    filedByOpenid: caller.openid,
    subscribed: input.subscribed ?? false,
    urgency: input.urgency,
    details: input.details,
    note: input.note,
    scheduleId,
    now,
  });
  try {
    await db.collection(Collections.requests).add({ data: request });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    const winner = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: requestId }));
    if (!winner) throw e;
    return { ...requestView(winner), replayed: true };
  }

  if (recurrence && firstPickup && input.details.kind === 'transport') {
    const next = nextOccurrence(firstPickup, recurrence.everyDays, recurrence.until);
    const schedule: RequestScheduleDoc = {
      _id: scheduleId!,
      householdId: household._id,
      personId: person._id,
      personName: person.name,
      filedByOpenid: caller.openid,
      subscribed: input.subscribed ?? false,
      urgency: input.urgency,
      details: input.details,
      ...(input.note ? { note: input.note } : {}),
      everyDays: recurrence.everyDays,
      until: recurrence.until,
      nextAt: next ?? firstPickup,
      active: next !== null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.collection(Collections.requestSchedules).add({ data: schedule });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }
  await ensureRequestQueued(db, request, person.phone?.masked);
  await alertWorkers(db, request, now);
  return { ...requestView(request), replayed: false };
}
