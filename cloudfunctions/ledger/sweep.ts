/**
 * The scheduler's side of export jobs (no keys needed: it never reads a part). A running job nobody
 * has moved for ABANDONED_MS (the exporter left, every runner died) fails; failed jobs leave nothing
 * behind — their parts and fingerprints are removed and their base released; a finished job's parts
 * a call cut off before removing them go too. (A job whose runner died is taken over by the next
 * call on it: `ledger.step`, or `ledger.start` of the same export — see jobs.ts.)
 */
import type { Database } from '../common/cloud';
import { Collections } from '../common/collections';
import { rows } from '../common/db';
import type { ExportJobDoc } from './jobs';

/** A running job nobody has moved for this long is abandoned (jobs.ts lets a new export of its base start then). */
export const ABANDONED_MS = 15 * 60_000;
/** Jobs looked at per run and status. */
const SWEEP_BATCH = 20;

type SweepJob = Pick<ExportJobDoc, '_id' | 'baseId' | 'status'>;

export async function sweepExportJobs(db: Database, now: Date): Promise<{ failed: number; swept: number }> {
  const _ = db.command;
  const out = { failed: 0, swept: 0 };
  const fields = { _id: true, baseId: true, status: true };
  const jobs = db.collection(Collections.exportJobs);
  const abandoned = await rows<SweepJob>(
    jobs
      .where({ status: 'running', updatedAt: _.lt(new Date(now.getTime() - ABANDONED_MS)) })
      .field(fields)
      .orderBy('updatedAt', 'asc')
      .limit(SWEEP_BATCH),
  );
  for (const job of abandoned) {
    // conditional: a call that took it over meanwhile has moved it
    const res = (await jobs.where({ _id: job._id, status: 'running', updatedAt: _.lt(new Date(now.getTime() - ABANDONED_MS)) }).update({ data: { status: 'failed', updatedAt: now } })) as {
      stats?: { updated?: number };
    };
    out.failed += (res.stats?.updated ?? 0) > 0 ? 1 : 0;
  }
  for (const status of ['failed', 'done'] as const) {
    const ended = await rows<SweepJob>(jobs.where({ status, swept: _.exists(false) }).field(fields).orderBy('updatedAt', 'asc').limit(SWEEP_BATCH));
    for (const job of ended) {
      await db.collection(Collections.exportParts).where({ jobId: job._id }).remove();
      if (status === 'failed') {
        // a failed job never became a base: its fingerprints are nobody's
        await db.collection(Collections.ledgerPrints).where({ jobId: job._id }).remove();
        await db.collection(Collections.ledgerBases).where({ _id: job.baseId, runningJobId: job._id }).update({ data: { runningJobId: null, updatedAt: now } });
      }
      await jobs.doc(job._id).update({ data: { swept: true } });
      out.swept += 1;
    }
  }
  return out;
}
