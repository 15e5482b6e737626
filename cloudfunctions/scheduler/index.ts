/** Cloud function `scheduler`: timer-triggered jobs (see config.json; the local cloud runs it on its clock). */
import { createTimerMain } from '../common/handler';
import { runCheckinJobs } from './checkins';
import { createDueOccurrences } from './occurrences';
import { sweepAbandonedUploads } from './uploads';
import { runDailyStats } from './dailyStats';

export const main = createTimerMain('scheduler', async (db, now) => ({
  occurrences: await createDueOccurrences(db, now),
  checkins: await runCheckinJobs(db, now),
  uploads: await sweepAbandonedUploads(db, now),
  // last: it works within a time budget and resumes on the next run
  stats: await runDailyStats(db, now),
}));
