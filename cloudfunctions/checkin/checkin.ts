/**
 * checkin.today and checkin.submit — a resident checks in temperature and symptoms for each person
 * of their household under isolation or monitoring. A check-in fills the slot open now (a later
 * one in it corrects it), or late the slot that closed last while it is empty; any other time it is
 * an off-slot reading (随时上报): recorded and shown, filling no slot (`slotToFill` says why). Fever
 * or a symptom raises an urgent queue item at once, in a slot or not; a late check-in closes the
 * slot's "missing" item.
 */
import { checkinId, isAlarming, slotToFill, type CheckinDoc, type IsolationDoc } from '../../src/domain/checkins';
import type { CheckinResult, CheckinToday, ParsedOf } from '../../src/domain/contracts';
import type { HouseholdDoc } from '../../src/domain/household';
import { SYMPTOM_LABELS } from '../../src/domain/household';
import {
  feverItemId,
  missingItemId,
  offSlotCheckinId,
  offSlotReadings,
  raiseCheckinAlert,
  raiseOffSlotAlert,
  slotViews,
  slotsOf,
} from '../common/checkinSlots';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { findOwnHousehold } from '../common/households';
import { getPlace } from '../common/places';

import { closeQueueItemById } from '../common/queue';
import { shanghaiDateString } from '../../src/domain/time';

async function ownHousehold(db: Database, openid: string): Promise<HouseholdDoc> {
  return (await findOwnHousehold(db, openid)) ?? fail('HOUSEHOLD_REQUIRED');
}

/** The slot check-ins of these ids, by id. */
async function checkinsById(db: Database, ids: string[]): Promise<Map<string, CheckinDoc>> {
  if (ids.length === 0) return new Map();
  const _ = db.command;
  const found = await rows<CheckinDoc>(
    db
      .collection(Collections.checkins)
      .where({ _id: _.in(ids) })
      .limit(ids.length),
  );
  return new Map(found.map((c) => [c._id, c]));
}

export async function checkinToday(ctx: CallContext): Promise<CheckinToday> {
  const { db, now } = ctx;
  const household = await ownHousehold(db, ctx.caller.openid);
  const isolations = await rows<IsolationDoc>(
    db.collection(Collections.isolations).where({ householdId: household._id, status: 'active' }).limit(50),
  );
  const slots = slotsOf(await getPlace(db, household.communityId));
  const date = shanghaiDateString(now);
  const byId = await checkinsById(
    db,
    isolations.flatMap((iso) => slots.map((s) => checkinId(iso.personId, date, s.key))),
  );
  const offSlot = await offSlotReadings(
    db,
    isolations.map((iso) => iso.personId),
    date,
  );
  return {
    date,
    reminders: household.checkinReminders === true,
    persons: isolations.map((iso) => ({
      personId: iso.personId,
      name: iso.personName,
      kind: iso.kind,
      endDate: iso.endDate,
      slots: slotViews(iso, date, slots, byId, now),
      offSlot: offSlot.get(iso.personId) ?? [],
    })),
  };
}

export async function submitCheckin(ctx: CallContext, payload: ParsedOf<'checkin', 'submit'>): Promise<CheckinResult> {
  const { db, now } = ctx;
  const household = await ownHousehold(db, ctx.caller.openid);
  // any time while a worker keeps the isolation active: a fever is reported whenever it comes
  const iso = await first<IsolationDoc>(db.collection(Collections.isolations).where({ personId: payload.personId, status: 'active' }));
  if (!iso || iso.householdId !== household._id) return fail('CHECKIN_NOT_EXPECTED', undefined, 'personId');
  const community = await getPlace(db, iso.communityId);
  const slots = slotsOf(community);
  const date = shanghaiDateString(now);
  const today = await checkinsById(
    db,
    slots.map((s) => checkinId(iso.personId, date, s.key)),
  );
  const target = slotToFill(now, slots, iso, (s) => today.has(checkinId(iso.personId, date, s.key)));
  const alarming = isAlarming(payload.temperature, payload.symptoms);
  const detail = [`体温 ${payload.temperature.toFixed(1)}℃`, ...payload.symptoms.map((s) => SYMPTOM_LABELS[s])].join('、');
  const reading = (_id: string, slot: string | null, late: boolean): CheckinDoc => ({
    _id,
    personId: iso.personId,
    householdId: household._id,
    isolationId: iso._id,
    placePath: iso.placePath,
    date,
    slot,
    temperature: payload.temperature,
    symptoms: payload.symptoms,
    alarming,
    late,
    at: now,
  });

  if (!target) {
    const doc = reading(offSlotCheckinId(iso.personId, now), null, false);
    const { _id, ...fields } = doc;
    await db.collection(Collections.checkins).doc(_id).set({ data: fields });
    if (alarming) await raiseOffSlotAlert(db, iso, doc, detail, now, community);
    return { date, slot: null, slotLabel: null, late: false, alarming, corrected: false };
  }

  const { slot, late } = target;
  const _id = checkinId(iso.personId, date, slot.key);
  const before = today.get(_id);
  // set() replaces the slot's check-in: the latest one is the one that counts
  const { _id: _ignored, ...fields } = reading(_id, slot.key, late);
  await db.collection(Collections.checkins).doc(_id).set({ data: fields });
  if (alarming) await raiseCheckinAlert(db, iso, 'fever', date, slot, detail, now, community);
  if (before) {
    // a correction: the slot's open alert shows the latest reading, not the first one
    const _ = db.command;
    await db
      .collection(Collections.queueItems)
      .where({ _id: feverItemId(iso.personId, date, slot.key), status: _.in(['open', 'in_progress']) })
      .update({ data: { summary: `${date} ${slot.label} · ${alarming ? '' : '已更正为 '}${detail}`, updatedAt: now } });
  }
  await closeQueueItemById(db, missingItemId(iso.personId, date, slot.key), 'checked_in_late', now);
  return { date, slot: slot.key, slotLabel: slot.label, late, alarming, corrected: before !== undefined };
}

export async function subscribeReminders(ctx: CallContext, payload: ParsedOf<'checkin', 'subscribe'>): Promise<{ enabled: boolean }> {
  const household = await ownHousehold(ctx.db, ctx.caller.openid);
  await ctx.db
    .collection(Collections.households)
    .doc(household._id)
    .update({ data: { checkinReminders: payload.enabled, updatedAt: ctx.now } });
  return { enabled: payload.enabled };
}
