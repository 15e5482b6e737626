/**
 * Abandoned uploads: a photo picked for a request that was never sent, a file that failed its
 * check. Their bytes are deleted a day later (personal data is not kept without a purpose), and
 * their records with them; an attached file is never touched.
 */
import type { FileDoc } from '../../src/domain/files';
import { Collections } from '../common/collections';
import { getCloud, type Database } from '../common/cloud';
import { rows } from '../common/db';

export const ABANDONED_AFTER_MS = 24 * 3600_000;
/** per status per run: a run stays well inside the timer's time limit */
const SWEEP_BATCH = 100;

export async function sweepAbandonedUploads(db: Database, now: Date): Promise<number> {
  const _ = db.command;
  const before = new Date(now.getTime() - ABANDONED_AFTER_MS);
  let swept = 0;
  let prefix: string | null | undefined;
  for (const status of ['pending', 'checked', 'rejected'] as const) {
    const stale = await rows<FileDoc>(
      db
        .collection(Collections.files)
        .where({ status, updatedAt: _.lt(before) })
        .orderBy('updatedAt', 'asc')
        .limit(SWEEP_BATCH),
    );
    const gone: string[] = [];
    for (const f of stale) {
      // the record first, and only if still unattached: a request filed with it meanwhile keeps it
      const res = (await db.collection(Collections.files).where({ _id: f._id, status }).remove()) as { stats?: { removed?: number } };
      if ((res.stats?.removed ?? 0) === 0) continue;
      swept += 1;
      if (status === 'rejected') continue; // its bytes were deleted when it was refused
      if (f.fileId) gone.push(f.fileId);
      else {
        // never checked, so its id was never seen: it is the env's file-id prefix + its path
        if (prefix === undefined) prefix = await fileIdPrefix(db);
        if (prefix) gone.push(prefix + f.cloudPath);
      }
    }
    if (gone.length > 0) await getCloud().deleteFile({ fileList: gone });
  }
  return swept;
}

/** `cloud://<env>.<bucket>/` as this environment's checked files carry it (null before the first one). */
async function fileIdPrefix(db: Database): Promise<string | null> {
  const _ = db.command;
  const [known] = await rows<FileDoc>(db.collection(Collections.files).where({ status: _.in(['checked', 'attached']) }).limit(1));
  const m = known ? /^(cloud:\/\/[^/]+\/)/.exec(known.fileId) : null;
  return m ? m[1] : null;
}
