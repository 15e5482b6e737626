/**
 * The scheduler's side of export jobs. A job whose runner died mid-way (its lease lapsed and nobody
 * moved it for TAKEOVER_MS: the function timed out, the exporter closed the page) is taken over and
 * run on — from its last saved page, so each row is written once (a page a dead call left is written
 * again under the same part id). A job that cannot go on (its exporter no longer active, taken over
 * too often) fails. Failed jobs leave nothing behind: their parts and fingerprints are removed and
 * their base released; a finished job's parts a call cut off before removing them are removed too.
 */
import type { Database } from '../common/cloud';
import { Collections } from '../common/collections';
import { rows } from '../common/db';
import { requireStaff } from '../common/staffAccess';
import type { StaffDoc } from '../../src/domain/staff';
import { runJob, type ExportJobDoc } from './jobs';

/** A running job nobody has moved for this long is taken over (beyond any call's lease). */
export const TAKEOVER_MS = 3 * 60_000;
/** Takeovers of one job at most: a job that keeps killing its runner fails. */
const MAX_TAKEOVERS = 3;
/** Jobs looked at per run and kind. */
const SWEEP_BATCH = 20;

type SweepJob = Pick<ExportJobDoc, '_id' | 'staffId' | 'baseId' | 'status' | 'takeovers'>;

export interface ExportSweep {
  resumed: number;
  finished: number;
  failed: number;
  swept: number;
}

async function failJob(db: Database, job: SweepJob, now: Date): Promise<boolean> {
  const res = (await db.collection(Collections.exportJobs).where({ _id: job._id, status: 'running' }).update({ data: { status: 'failed', leaseUntil: new Date(0), updatedAt: now } })) as {
    stats?: { updated?: number };
  };
  return (res.stats?.updated ?? 0) > 0;
}

export async function sweepExportJobs(db: Database, now: Date, options: { budgetMs?: number } = {}): Promise<ExportSweep> {
  const _ = db.command;
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 20_000;
  const out: ExportSweep = { resumed: 0, finished: 0, failed: 0, swept: 0 };
  const fields = { _id: true, staffId: true, baseId: true, status: true, takeovers: true };

  const stale = await rows<SweepJob>(
    db
      .collection(Collections.exportJobs)
      .where({ status: 'running', updatedAt: _.lt(new Date(now.getTime() - TAKEOVER_MS)) })
      .field(fields)
      .orderBy('updatedAt', 'asc')
      .limit(SWEEP_BATCH),
  );
  for (const job of stale) {
    if (Date.now() - started >= budgetMs) break;
    const [staff] = await rows<StaffDoc>(db.collection(Collections.staff).where({ _id: job.staffId, active: true }).limit(1));
    if (!staff || (job.takeovers ?? 0) >= MAX_TAKEOVERS) {
      if (await failJob(db, job, now)) out.failed += 1;
      continue;
    }
    const access = await requireStaff(db, staff.openid).catch(() => null);
    if (!access) {
      if (await failJob(db, job, now)) out.failed += 1;
      continue;
    }
    await db.collection(Collections.exportJobs).where({ _id: job._id, status: 'running' }).update({ data: { takeovers: _.inc(1) } });
    out.resumed += 1;
    const ctx = { db, now, caller: { openid: staff.openid }, access };
    let full = (await rows<ExportJobDoc>(db.collection(Collections.exportJobs).where({ _id: job._id }).limit(1)))[0];
    while (full?.status === 'running' && Date.now() - started < budgetMs) {
      const moved = new Date(full.updatedAt).getTime();
      const view = await runJob(ctx, full);
      full = (await rows<ExportJobDoc>(db.collection(Collections.exportJobs).where({ _id: job._id }).limit(1)))[0];
      // another call holds it (answered without moving it): leave it to that call
      if (view.status === 'running' && full?.status === 'running' && new Date(full.updatedAt).getTime() === moved) break;
    }
    if (full?.status === 'done') out.finished += 1;
  }

  // what failed or finished jobs left: parts (and a failed job's fingerprints, nobody's base)
  for (const status of ['failed', 'done'] as const) {
    const ended = await rows<SweepJob>(
      db.collection(Collections.exportJobs).where({ status, swept: _.exists(false) }).field(fields).orderBy('updatedAt', 'asc').limit(SWEEP_BATCH),
    );
    for (const job of ended) {
      if (Date.now() - started >= budgetMs) break;
      await db.collection(Collections.exportParts).where({ jobId: job._id }).remove();
      if (status === 'failed') {
        await db.collection(Collections.ledgerPrints).where({ jobId: job._id }).remove();
        await db.collection(Collections.ledgerBases).where({ _id: job.baseId, runningJobId: job._id }).update({ data: { runningJobId: null, updatedAt: now } });
      }
      await db.collection(Collections.exportJobs).doc(job._id).update({ data: { swept: true } });
      out.swept += 1;
    }
  }
  return out;
}
