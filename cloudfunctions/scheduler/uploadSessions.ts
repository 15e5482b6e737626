/** Chunked uploads: an unfinished one expires (UPLOAD_SESSION_MS); it and its chunks are removed. Finished ones a day after. */
import type { UploadSessionDoc } from '../../src/domain/files';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows } from '../common/db';

const SWEEP_BATCH = 100;
export const FINISHED_KEPT_MS = 24 * 3600_000;

export async function sweepUploadSessions(db: Database, now: Date): Promise<number> {
  const _ = db.command;
  const stale = await rows<UploadSessionDoc>(
    db
      .collection(Collections.uploadSessions)
      .where({ expiresAt: _.lt(now) })
      .orderBy('expiresAt', 'asc')
      .limit(SWEEP_BATCH),
  );
  let swept = 0;
  for (const s of stale) {
    if (s.fileId && new Date(s.expiresAt).getTime() + FINISHED_KEPT_MS > now.getTime()) continue;
    await db.collection(Collections.uploadChunks).where({ uploadId: s._id }).remove();
    await db.collection(Collections.uploadSessions).doc(s._id).remove();
    swept += 1;
  }
  return swept;
}
