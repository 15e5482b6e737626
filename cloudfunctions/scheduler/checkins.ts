/**
 * The check-in jobs. After a slot closes, every person expected to check in for it who has not gets
 * one "missing" item in their grid's queue (deterministic id: once per person per slot, however
 * often the job runs). Before a slot closes, subscribed households are reminded once per slot.
 */
import { notificationPath, Pages } from '../../src/domain/routes';
import {
  REMINDER_MINUTES_BEFORE_CLOSE,
  checkinId,
  expectsCheckin,
  slotClosesAt,
  type CheckinDoc,
  type CheckinSlot,
  type IsolationDoc,
} from '../../src/domain/checkins';
import type { HouseholdDoc } from '../../src/domain/household';
import type { Place } from '../../src/domain/places';
import { shanghaiDateString } from '../../src/domain/time';
import { checkinAlertItem, slotsOf } from '../common/checkinSlots';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows } from '../common/db';
import { notify } from '../common/notify';
import { forEachPage } from '../common/paging';
import { getPlace } from '../common/places';
import { ensureQueueItems } from '../common/queue';

export interface CheckinRun {
  /** active isolations looked at */
  examined: number;
  /** person-slots closed within the look-back without a check-in */
  missing: number;
  /** "missing" queue items this run added (the rest existed from an earlier run) */
  created: number;
  reminded: number;
}

/** How far back closed slots are still looked at: a job that was down for longer does not flood the queue. */
const LOOKBACK_MS = 24 * 3600_000;

export async function runCheckinJobs(db: Database, now: Date): Promise<CheckinRun> {
  const run: CheckinRun = { examined: 0, missing: 0, created: 0, reminded: 0 };
  const communities = new Map<string, Place | null>();
  const days = [shanghaiDateString(new Date(now.getTime() - 86_400_000)), shanghaiDateString(now)];
  const _ = db.command;

  await forEachPage<IsolationDoc>(db, Collections.isolations, { status: 'active' }, 1000, async (page) => {
    run.examined += page.length;
    const closed: Array<{ iso: IsolationDoc; date: string; slot: CheckinSlot; id: string }> = [];
    const closingSoon: Array<{ iso: IsolationDoc; date: string; slot: CheckinSlot; id: string }> = [];
    for (const iso of page) {
      if (!communities.has(iso.communityId)) communities.set(iso.communityId, await getPlace(db, iso.communityId));
      for (const date of days) {
        for (const slot of slotsOf(communities.get(iso.communityId))) {
          if (!expectsCheckin(iso, date, slot)) continue;
          const closes = slotClosesAt(date, slot).getTime();
          const entry = { iso, date, slot, id: checkinId(iso.personId, date, slot.key) };
          if (closes <= now.getTime() && closes > now.getTime() - LOOKBACK_MS) closed.push(entry);
          else if (closes > now.getTime() && closes - now.getTime() <= REMINDER_MINUTES_BEFORE_CLOSE * 60_000) closingSoon.push(entry);
        }
      }
    }
    const done = new Set<string>();
    const ids = [...closed, ...closingSoon].map((e) => e.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      for (const c of await rows<CheckinDoc>(
        db
          .collection(Collections.checkins)
          .where({ _id: _.in(chunk) })
          .field({ _id: true })
          .limit(chunk.length),
      ))
        done.add(c._id);
    }
    const missing = closed.filter((e) => !done.has(e.id));
    run.missing += missing.length;
    run.created += await ensureQueueItems(
      db,
      missing.map((e) =>
        checkinAlertItem(e.iso, 'missing', e.date, e.slot, `${e.slot.closesAt}前未打卡`, now, communities.get(e.iso.communityId)),
      ),
    );
    const waiting = closingSoon.filter((e) => !done.has(e.id));
    if (waiting.length) run.reminded += await remind(db, waiting, now);
  });
  return run;
}

async function remind(
  db: Database,
  waiting: Array<{ iso: IsolationDoc; date: string; slot: CheckinSlot; id: string }>,
  now: Date,
): Promise<number> {
  const _ = db.command;
  const householdIds = [...new Set(waiting.map((w) => w.iso.householdId))];
  const households = new Map<string, HouseholdDoc>();
  for (let i = 0; i < householdIds.length; i += 1000) {
    const chunk = householdIds.slice(i, i + 1000);
    for (const h of await rows<HouseholdDoc>(
      db
        .collection(Collections.households)
        .where({ _id: _.in(chunk), checkinReminders: true })
        .limit(chunk.length),
    ))
      households.set(h._id, h);
  }
  let sent = 0;
  for (const w of waiting) {
    const household = households.get(w.iso.householdId);
    if (!household) continue;
    for (const openid of household.ownerOpenids) {
      await notify(
        db,
        {
          key: `remind_${w.id}`,
          toOpenid: openid,
          template: 'checkinReminder',
          page: notificationPath(Pages.checkin),
          data: { name: w.iso.personName.slice(0, 10), slot: `${w.date} ${w.slot.label}`, deadline: w.slot.closesAt },
        },
        now,
      );
      sent += 1;
    }
  }
  return sent;
}
