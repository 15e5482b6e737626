/** Cloud function `scheduler`: timer-triggered jobs (see config.json; the local cloud runs it on its clock). */
import { createTimerMain } from '../common/handler';
import { runCheckinJobs } from './checkins';
import { createDueOccurrences } from './occurrences';
import { sweepAbandonedUploads } from './uploads';
import { sweepDeskTickets } from './deskTickets';
import { runRegridJobs } from '../hierarchy/regrid';

export const main = createTimerMain('scheduler', async (db, now) => ({
  occurrences: await createDueOccurrences(db, now),
  checkins: await runCheckinJobs(db, now),
  uploads: await sweepAbandonedUploads(db, now),
  deskTickets: await sweepDeskTickets(db, now),
  regrid: await runRegridJobs(db, now),
}));
