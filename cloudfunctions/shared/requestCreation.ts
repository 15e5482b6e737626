/**
 * Making requests, shared by the resident's request.create and the scheduler's recurring transport
 * occurrences: the request document, its one queue item, and the alert to the grid's workers.
 */
import { notificationPath, to } from '../../src/domain/routes';
import type { HouseholdDoc, PersonDoc } from '../../src/domain/household';
import { maskName } from '../../src/domain/masking';
import { dueAt } from '../../src/domain/queue';
import { decideTransition, REQUEST_KIND_LABELS, URGENCY_LABELS, type RequestDoc } from '../../src/domain/requests';
import type { StaffDoc } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows } from '../common/db';
import { fail } from '../common/errors';
import { notify } from '../common/notify';
import { getPlace } from '../common/places';
import { ensureQueueItem, newQueueItem } from '../common/queue';
import { slaOf } from '../common/sla';

/** Builds a submitted request for a household member (used by residents and by the scheduler). */
export async function newRequest(
  db: Database,
  a: {
    _id: string;
    household: HouseholdDoc;
    person: Pick<PersonDoc, '_id' | 'name'>;
    filedByOpenid: string;
    subscribed: boolean;
    urgency: RequestDoc['urgency'];
    details: RequestDoc['details'];
    note?: string;
    scheduleId?: string;
    slot?: string;
    actor?: 'owner' | 'system';
    now: Date;
  },
): Promise<RequestDoc> {
  const actor = a.actor ?? 'owner';
  const decision = decideTransition(null, 'submit', actor);
  if (!decision.ok) return fail(decision.code);
  const community = await getPlace(db, a.household.communityId);
  return {
    _id: a._id,
    householdId: a.household._id,
    personId: a.person._id,
    personName: a.person.name,
    communityId: a.household.communityId,
    gridId: a.household.gridId,
    buildingId: a.household.buildingId,
    placePath: a.household.placePath,
    address: a.household.address,
    kind: a.details.kind,
    urgency: a.urgency,
    details: a.details,
    ...(a.note ? { note: a.note } : {}),
    status: decision.to,
    timeline: [
      {
        action: 'submit',
        from: null,
        to: decision.to,
        actor: { kind: actor, name: actor === 'system' ? '系统（周期接送）' : '居民' },
        at: a.now,
      },
    ],
    filedByOpenid: a.filedByOpenid,
    subscribed: a.subscribed,
    ...(a.scheduleId ? { scheduleId: a.scheduleId } : {}),
    ...(a.slot ? { slot: a.slot } : {}),
    dueAt: dueAt(a.now, a.urgency, slaOf(community ?? undefined)),
    createdAt: a.now,
    updatedAt: a.now,
  };
}

/** The one queue item of a request. */
export const requestItemId = (requestId: string) => `q_${requestId}`;

/** `phoneMasked`: the person's, when the caller read them (the worker's search finds the item by its last digits). */
export async function ensureRequestQueued(db: Database, r: RequestDoc, phoneMasked?: string): Promise<void> {
  const item = newQueueItem({
    _id: requestItemId(r._id),
    kind: 'request',
    refId: r._id,
    place: phoneMasked ? { ...r, phoneMasked } : r,
    priority: r.urgency,
    due: r.dueAt,
    // urgency is shown as its own tag, from `priority`
    title: `${REQUEST_KIND_LABELS[r.kind]} · ${r.address}`,
    summary: `${maskName(r.personName)} · ${summaryOf(r)}`,
    at: r.createdAt,
  });
  await ensureQueueItem(db, item);
}

function summaryOf(r: RequestDoc): string {
  const d = r.details;
  switch (d.kind) {
    case 'supplies':
      return `${d.items.length}项物品：${d.items
        .slice(0, 3)
        .map((i) => i.name)
        .join('、')}${d.items.length > 3 ? '等' : ''}`;
    case 'medicine':
      return `取药：${d.drug} ${d.quantity}`;
    case 'transport':
      return `就医：${d.hospital}${d.recurrence ? `（每${d.recurrence.everyDays}天）` : ''}`;
    case 'other':
      return d.description.slice(0, 30);
  }
}

/** Urgent and emergency requests reach the grid's workers at once. */
export async function alertWorkers(db: Database, r: RequestDoc, now: Date): Promise<void> {
  if (r.urgency === 'normal') return;
  const _ = db.command;
  const workers = await rows<StaffDoc>(
    db
      .collection(Collections.staff)
      .where({ scope: _.in(r.placePath), role: 'worker', active: true })
      .limit(50),
  );
  for (const w of workers) {
    await notify(
      db,
      {
        key: `alert_${r._id}`,
        toOpenid: w.openid,
        template: 'requestAlert',
        // the worker's item, where they act on it (not the resident's request list)
        page: notificationPath(to.staffItem(requestItemId(r._id))),
        data: { kind: REQUEST_KIND_LABELS[r.kind], urgency: URGENCY_LABELS[r.urgency], address: r.address, name: maskName(r.personName) },
      },
      now,
    );
  }
}
