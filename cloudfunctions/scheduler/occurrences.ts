/**
 * Creates the next occurrence of every recurring transport whose pick-up time is within the lead
 * window; slots already in the past are stepped over. Each occurrence's _id is derived from its schedule and slot, and the schedule advances
 * only from the slot it was read at, so running the job twice (or twice at once) never creates a
 * slot twice.
 */
import type { HouseholdDoc } from '../../src/domain/household';
import { nextOccurrence, SCHEDULE_LEAD_HOURS, slotKey, type RequestDoc, type RequestScheduleDoc } from '../../src/domain/requests';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first } from '../common/db';
import { isDuplicateKeyError } from '../common/errors';
import { forEachPage } from '../common/paging';
import { alertWorkers, ensureRequestQueued, newRequest } from '../shared/requestCreation';

export interface OccurrenceRun {
  examined: number;
  created: number;
  finished: number;
}

export async function createDueOccurrences(db: Database, now: Date): Promise<OccurrenceRun> {
  const _ = db.command;
  const horizon = new Date(now.getTime() + SCHEDULE_LEAD_HOURS * 3600_000);
  const run: OccurrenceRun = { examined: 0, created: 0, finished: 0 };
  await forEachPage<RequestScheduleDoc>(db, Collections.requestSchedules, { active: true, nextAt: _.lte(horizon) }, 200, async (page) => {
    for (const schedule of page) {
      run.examined += 1;
      // A schedule may be behind by several slots (the job did not run): catch up slot by slot.
      let current: RequestScheduleDoc | null = schedule;
      while (current && current.active && current.nextAt.getTime() <= horizon.getTime()) {
        const outcome = await createOccurrence(db, current, now);
        if (outcome.created) run.created += 1;
        if (outcome.next === null) run.finished += 1;
        current = outcome.advanced
          ? await first<RequestScheduleDoc>(db.collection(Collections.requestSchedules).where({ _id: current._id }))
          : null;
      }
    }
  });
  return run;
}

async function createOccurrence(
  db: Database,
  schedule: RequestScheduleDoc,
  now: Date,
): Promise<{ created: boolean; advanced: boolean; next: Date | null }> {
  const household = await first<HouseholdDoc>(db.collection(Collections.households).where({ _id: schedule.householdId }));
  const slot = slotKey(schedule.nextAt);
  // A slot whose pick-up time has passed (the job was not running) cannot be served any more.
  const missed = schedule.nextAt.getTime() < now.getTime();
  let created = false;
  if (household && !missed) {
    const request: RequestDoc = await newRequest(db, {
      _id: `rq_${schedule._id.slice(3)}_${slot}`,
      household,
      person: { _id: schedule.personId, name: schedule.personName },
      filedByOpenid: schedule.filedByOpenid,
      subscribed: schedule.subscribed,
      urgency: schedule.urgency,
      details: { ...schedule.details, pickupAt: schedule.nextAt.toISOString() },
      note: schedule.note,
      scheduleId: schedule._id,
      slot,
      actor: 'system',
      now,
    });
    try {
      await db.collection(Collections.requests).add({ data: request });
      created = true;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
    if (created) {
      await ensureRequestQueued(db, request);
      await alertWorkers(db, request, now);
    }
  }
  const next = household ? nextOccurrence(schedule.nextAt, schedule.everyDays, schedule.until) : null;
  const res = (await db
    .collection(Collections.requestSchedules)
    .where({ _id: schedule._id, nextAt: schedule.nextAt })
    .update({ data: { nextAt: next ?? schedule.nextAt, active: next !== null, updatedAt: now } })) as { stats?: { updated?: number } };
  return { created, advanced: (res.stats?.updated ?? 0) === 1 && next !== null, next };
}
