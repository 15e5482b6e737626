/**
 * checkin.today and checkin.submit — a resident checks in temperature and symptoms for each person
 * of their household under isolation or monitoring. One check-in per person per slot (a later one
 * corrects it); fever or a symptom raises an urgent queue item at once; a late check-in closes the
 * slot's "missing" item.
 */
import { checkinId, expectsCheckin, isAlarming, slotFor, type CheckinDoc, type IsolationDoc } from '../../src/domain/checkins';
import type { CheckinResult, CheckinToday, ParsedOf } from '../../src/domain/contracts';
import type { HouseholdDoc } from '../../src/domain/household';
import { SYMPTOM_LABELS } from '../../src/domain/household';
import { feverItemId, raiseCheckinAlert, missingItemId, slotViews, slotsOf } from '../common/checkinSlots';
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

export async function checkinToday(ctx: CallContext): Promise<CheckinToday> {
  const { db, now } = ctx;
  const household = await ownHousehold(db, ctx.caller.openid);
  const isolations = await rows<IsolationDoc>(
    db.collection(Collections.isolations).where({ householdId: household._id, status: 'active' }).limit(50),
  );
  const slots = slotsOf(await getPlace(db, household.communityId));
  const date = shanghaiDateString(now);
  const _ = db.command;
  const ids = isolations.flatMap((iso) => slots.map((s) => checkinId(iso.personId, date, s.key)));
  const done = ids.length
    ? await rows<CheckinDoc>(
        db
          .collection(Collections.checkins)
          .where({ _id: _.in(ids) })
          .limit(ids.length),
      )
    : [];
  const byId = new Map(done.map((c) => [c._id, c]));
  return {
    date,
    reminders: household.checkinReminders === true,
    persons: isolations.map((iso) => ({
      personId: iso.personId,
      name: iso.personName,
      kind: iso.kind,
      endDate: iso.endDate,
      slots: slotViews(iso, date, slots, byId, now),
    })),
  };
}

export async function submitCheckin(ctx: CallContext, payload: ParsedOf<'checkin', 'submit'>): Promise<CheckinResult> {
  const { db, now } = ctx;
  const household = await ownHousehold(db, ctx.caller.openid);
  const iso = await first<IsolationDoc>(db.collection(Collections.isolations).where({ personId: payload.personId, status: 'active' }));
  if (!iso || iso.householdId !== household._id) return fail('CHECKIN_NOT_EXPECTED', undefined, 'personId');
  const community = await getPlace(db, iso.communityId);
  const { date, slot, late } = slotFor(now, slotsOf(community));
  if (!expectsCheckin(iso, date, slot)) return fail('CHECKIN_NOT_EXPECTED', '今天不在隔离/监测期内，无需打卡', 'personId');

  const _id = checkinId(iso.personId, date, slot.key);
  const alarming = isAlarming(payload.temperature, payload.symptoms);
  const doc: CheckinDoc = {
    _id,
    personId: iso.personId,
    householdId: household._id,
    isolationId: iso._id,
    placePath: iso.placePath,
    date,
    slot: slot.key,
    temperature: payload.temperature,
    symptoms: payload.symptoms,
    alarming,
    late,
    at: now,
  };
  const before = await first<CheckinDoc>(db.collection(Collections.checkins).where({ _id }));
  // set() replaces the slot's check-in: the latest one is the one that counts
  const { _id: _ignored, ...fields } = doc;
  await db.collection(Collections.checkins).doc(_id).set({ data: fields });
  const detail = [`体温 ${payload.temperature.toFixed(1)}℃`, ...payload.symptoms.map((s) => SYMPTOM_LABELS[s])].join('、');
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
  return { date, slot: slot.key, slotLabel: slot.label, late, alarming, corrected: before !== null };
}

export async function subscribeReminders(ctx: CallContext, payload: ParsedOf<'checkin', 'subscribe'>): Promise<{ enabled: boolean }> {
  const household = await ownHousehold(ctx.db, ctx.caller.openid);
  await ctx.db
    .collection(Collections.households)
    .doc(household._id)
    .update({ data: { checkinReminders: payload.enabled, updatedAt: ctx.now } });
  return { enabled: payload.enabled };
}
