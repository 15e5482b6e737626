/** Check-in slots of a community and the queue items check-ins raise. */
import {
  DEFAULT_CHECKIN_SLOTS,
  checkinId,
  expectsCheckin,
  slotClosesAt,
  slotFor,
  slotOpensAt,
  slotState,
  type CheckinDoc,
  type CheckinSlot,
  type IsolationDoc,
} from '../../src/domain/checkins';
import type { SlotView } from '../../src/domain/contracts';
import { maskName } from '../../src/domain/masking';
import type { Place } from '../../src/domain/places';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { Database } from './cloud';
import { ensureQueueItem, newQueueItem } from './queue';
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
  const current = slotFor(now, slots);
  return slots.map((s) => {
    const c = checkins.get(checkinId(iso.personId, date, s.key));
    const closes = slotClosesAt(date, s);
    return {
      key: s.key,
      label: s.label,
      opensAt: slotOpensAt(date, s).toISOString(),
      closesAt: closes.toISOString(),
      current: current.date === date && current.slot.key === s.key,
      state: slotState(c, expectsCheckin(iso, date, s), closes <= now),
      ...(c ? { temperature: c.temperature } : {}),
    };
  });
}
