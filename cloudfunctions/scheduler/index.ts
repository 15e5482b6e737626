/** Cloud function `scheduler`: timer-triggered jobs (see config.json; the local cloud runs it on its clock). */
import { createTimerMain } from '../common/handler';
import { runCheckinJobs } from './checkins';
import { createDueOccurrences } from './occurrences';
import { sweepAbandonedUploads } from './uploads';
import { sweepDeskTickets } from './deskTickets';
import { sweepUploadSessions } from './uploadSessions';
import { runRegridJobs } from '../hierarchy/regrid';
import { runDailyStats } from './dailyStats';
import { sweepExportJobs } from '../ledger/sweep';

/** The daily stats job stops starting batches this long after the run began (the function's timeout is 60 s). */
const STATS_DEADLINE_MS = 45_000;

export const main = createTimerMain('scheduler', async (db, now) => {
  const started = Date.now();
  return {
    occurrences: await createDueOccurrences(db, now),
    checkins: await runCheckinJobs(db, now),
    uploads: await sweepAbandonedUploads(db, now),
    deskTickets: await sweepDeskTickets(db, now),
    uploadSessions: await sweepUploadSessions(db, now),
    regrid: await runRegridJobs(db, now),
    // ledger exports: abandoned ones fail, failed ones leave no parts
    exports: await sweepExportJobs(db, now),
    // last: it works within what is left of the run and resumes on the next one
    stats: await runDailyStats(db, now, { budgetMs: STATS_DEADLINE_MS - (Date.now() - started) }),
  };
});
