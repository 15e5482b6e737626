/** Check-in slots of a community and the queue items check-ins raise. */
import {
  DEFAULT_CHECKIN_SLOTS,
  checkinId,
  expectsCheckin,
  offSlotKey,
  slotClosesAt,
  slotOpensAt,
  slotPhase,
  slotState,
  slotToFill,
  type CheckinDoc,
  type CheckinSlot,
  type IsolationDoc,
} from '../../src/domain/checkins';
import type { OffSlotReadingView, SlotView } from '../../src/domain/contracts';
import { maskName } from '../../src/domain/masking';
import type { Place } from '../../src/domain/places';
import { formatShanghai, shanghaiDateString } from '../../src/domain/time';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { Database } from './cloud';
import { rows } from './db';
import { ensureQueueItem, newQueueItem } from './queue';
import { Collections } from './collections';
import { getPlace } from './places';
import { slaOf } from './sla';

export function slotsOf(community: Place | null | undefined): CheckinSlot[] {
  return community?.checkinSlots?.length ? community.checkinSlots : DEFAULT_CHECKIN_SLOTS;
}

/** Ids of the two alerts a slot can raise: fever/symptoms (urgent) and missing (normal). */
export const feverItemId = (personId: string, date: string, slot: string) => `q_fever_${checkinId(personId, date, slot).slice(3)}`;
export const missingItemId = (personId: string, date: string, slot: string) => `q_miss_${checkinId(personId, date, slot).slice(3)}`;
/** Every "missing" item of a person starts with this. */
export const missingItemPrefix = (personId: string) => `q_miss_${personId}_`;

/** The queue item a check-in alert puts in the person's grid queue (deterministic id: one per person, slot and kind). */
export function checkinAlertItem(
  iso: IsolationDoc,
  kind: 'fever' | 'missing',
  date: string,
  slot: CheckinSlot,
  detail: string,
  now: Date,
  community: Place | null | undefined,
): QueueItemDoc {
  return newQueueItem({
    _id: kind === 'fever' ? feverItemId(iso.personId, date, slot.key) : missingItemId(iso.personId, date, slot.key),
    kind: 'checkin_alert',
    refId: checkinId(iso.personId, date, slot.key),
    place: iso,
    priority: kind === 'fever' ? 'urgent' : 'normal',
    sla: slaOf(community ?? undefined),
    title: `${kind === 'fever' ? '打卡异常' : '未按时打卡'} · ${maskName(iso.personName)}`,
    summary: `${date} ${slot.label} · ${detail}`,
    at: now,
  });
}

export async function raiseCheckinAlert(
  db: Database,
  iso: IsolationDoc,
  kind: 'fever' | 'missing',
  date: string,
  slot: CheckinSlot,
  detail: string,
  now: Date,
  community?: Place | null,
): Promise<void> {
  const place = community === undefined ? await getPlace(db, iso.communityId) : community;
  await ensureQueueItem(db, checkinAlertItem(iso, kind, date, slot, detail, now, place));
}

/** Each slot of a day for one isolated person, as the resident's page and the roster show it. */
export function slotViews(iso: IsolationDoc, date: string, slots: CheckinSlot[], checkins: Map<string, CheckinDoc>, now: Date): SlotView[] {
  const checkinOf = (s: CheckinSlot) => checkins.get(checkinId(iso.personId, date, s.key));
  const current = slotToFill(now, slots, iso, (s) => checkinOf(s) !== undefined);
  return slots.map((s) => {
    const c = checkinOf(s);
    const closes = slotClosesAt(date, s);
    return {
      key: s.key,
      label: s.label,
      opensAt: slotOpensAt(date, s).toISOString(),
      closesAt: closes.toISOString(),
      current: current !== null && current.date === date && current.slot.key === s.key,
      phase: slotPhase(date, s, now),
      state: slotState(c, expectsCheckin(iso, date, s), closes <= now),
      ...(c ? { temperature: c.temperature } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// off-slot readings (随时上报)

/** The id of an off-slot reading made at `at`. */
export const offSlotCheckinId = (personId: string, at: Date) => checkinId(personId, shanghaiDateString(at), offSlotKey(at));

/** How many of a day's off-slot readings the resident's page shows. */
export const OFF_SLOT_SHOWN = 5;

/** Today's off-slot readings of these persons, latest first (`OFF_SLOT_SHOWN` each at most). */
export async function offSlotReadings(db: Database, personIds: string[], date: string): Promise<Map<string, OffSlotReadingView[]>> {
  const out = new Map<string, OffSlotReadingView[]>();
  if (personIds.length === 0) return out;
  const _ = db.command;
  // the person_date index; slot: null picks the readings out of the slots' check-ins
  const found = await rows<CheckinDoc>(
    db
      .collection(Collections.checkins)
      .where({ personId: _.in(personIds), date, slot: null })
      .orderBy('at', 'desc')
      .limit(Math.min(1000, personIds.length * OFF_SLOT_SHOWN * 4)),
  );
  for (const c of found) {
    const list = out.get(c.personId) ?? [];
    if (list.length < OFF_SLOT_SHOWN)
      list.push({ at: new Date(c.at).toISOString(), temperature: c.temperature, symptoms: c.symptoms, alarming: c.alarming });
    out.set(c.personId, list);
  }
  return out;
}

/**
 * An alarming off-slot reading needs a worker now: while an off-slot fever item of the person's
 * day is still open it shows the latest reading (one item, however often the resident reports);
 * once a worker has closed it, a new alarming reading raises a new item. Returns whether one was raised.
 */
export async function raiseOffSlotAlert(
  db: Database,
  iso: IsolationDoc,
  reading: CheckinDoc,
  detail: string,
  now: Date,
  community: Place | null,
): Promise<boolean> {
  const _ = db.command;
  const summary = `${reading.date} ${formatShanghai(reading.at, 'HH:mm')} 随时上报 · ${detail}`;
  const res = (await db
    .collection(Collections.queueItems)
    .where({
      householdId: iso.householdId,
      kind: 'checkin_alert',
      status: _.in(['open', 'in_progress']),
      // every off-slot fever item of the person's day: `feverItemId` of an off-slot key (x + time)
      _id: db.RegExp({ regexp: `^${feverItemId(iso.personId, reading.date, 'x')}` }),
    })
    .update({ data: { summary, refId: reading._id, updatedAt: now } })) as { stats?: { updated?: number } };
  if ((res.stats?.updated ?? 0) > 0) return false;
  return ensureQueueItem(
    db,
    newQueueItem({
      _id: feverItemId(iso.personId, reading.date, offSlotKey(reading.at)),
      kind: 'checkin_alert',
      refId: reading._id,
      place: iso,
      priority: 'urgent',
      sla: slaOf(community ?? undefined),
      title: `打卡异常 · ${maskName(iso.personName)}`,
      summary,
      at: now,
    }),
  );
}
