/**
 * The desk console's chunked upload (H5 at a PC: no wx.cloud.uploadFile there). The file comes
 * through the `file` function's HTTP access path in chunks of UPLOAD_CHUNK_BYTES (each one call's
 * body, see src/domain/files.ts for CloudBase's limit); `finishUpload` joins them, verifies the
 * size and SHA-256 the caller declared at the start, writes the file to cloud storage with the
 * SDK's uploadFile at the path `prepareUpload` hands out, and checks its bytes as `check` does, so
 * the file id it answers is the same one an upload from the mini-program gives.
 *
 * An upload belongs to whoever began it: for anyone else it does not exist. A chunk is stored under
 * (upload, index), so a retried chunk replaces itself. Unfinished uploads expire (UPLOAD_SESSION_MS)
 * and the scheduler removes them with their chunks.
 */
import { createHash, randomBytes } from 'crypto';
import {
  kindOfName,
  uploadChunkCount,
  uploadChunkLength,
  FILE_PURPOSES,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_SESSION_MS,
  type FileKind,
  type FilePurpose,
  type UploadSessionDoc,
} from '../../src/domain/files';
import { Collections } from '../common/collections';
import { getCloud, type Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import { allowedKindsLabel, checkUpload, prepareUpload } from '../common/files';

const chunkId = (uploadId: string, index: number) => `${uploadId}_${index}`;
/** chunks read per query when finishing (each up to ~44 KB of base64) */
const READ_BATCH = 100;

export async function beginUpload(
  db: Database,
  openid: string,
  input: { purpose: FilePurpose; name: string; size: number; sha256: string },
  now: Date,
): Promise<{ uploadId: string; chunks: number; chunkBytes: number; expiresAt: string }> {
  const { purpose, name, size, sha256 } = input;
  const kind = kindOfName(name);
  if (!kind) return fail('FILE_TYPE_NOT_ALLOWED', `${FILE_PURPOSES[purpose].label}只能是${allowedKindsLabel(purpose)}`, 'name');
  // the same checks as an upload from the mini-program: kind, size, who may upload for the purpose
  const { cloudPath } = await prepareUpload(db, openid, { purpose, kind, size }, now);
  const doc: UploadSessionDoc = {
    _id: `up_${randomBytes(16).toString('hex')}`,
    ownerOpenid: openid,
    purpose,
    cloudPath,
    name,
    size,
    sha256,
    chunks: uploadChunkCount(size),
    expiresAt: new Date(now.getTime() + UPLOAD_SESSION_MS),
    createdAt: now,
  };
  await db.collection(Collections.uploadSessions).add({ data: doc });
  return { uploadId: doc._id, chunks: doc.chunks, chunkBytes: UPLOAD_CHUNK_BYTES, expiresAt: doc.expiresAt.toISOString() };
}

/** The caller's own open upload; anything else (another's, expired, unknown) does not exist for them. */
async function ownUpload(db: Database, openid: string, uploadId: string, now: Date): Promise<UploadSessionDoc> {
  const doc = await first<UploadSessionDoc>(db.collection(Collections.uploadSessions).where({ _id: uploadId }));
  if (!doc || doc.ownerOpenid !== openid || (!doc.fileId && new Date(doc.expiresAt).getTime() <= now.getTime())) {
    return fail('UPLOAD_NOT_FOUND', undefined, 'uploadId');
  }
  return doc;
}

export async function uploadChunk(
  db: Database,
  openid: string,
  input: { uploadId: string; index: number; data: string },
  now: Date,
): Promise<{ uploadId: string; index: number }> {
  const { uploadId, index, data } = input;
  const session = await ownUpload(db, openid, uploadId, now);
  if (session.fileId) return fail('UPLOAD_NOT_FOUND', '该上传已完成，请重新选择文件', 'uploadId');
  if (index >= session.chunks) return fail('UPLOAD_CORRUPT', `文件只有 ${session.chunks} 段，没有第 ${index + 1} 段`, 'index');
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== uploadChunkLength(session.size, index) || bytes.toString('base64') !== data) {
    return fail('UPLOAD_CORRUPT', `第 ${index + 1} 段的长度不对，请重新上传`, 'data');
  }
  // keyed by (upload, index): a retry writes the same document again
  await db
    .collection(Collections.uploadChunks)
    .doc(chunkId(uploadId, index))
    .set({ data: { uploadId, index, data, createdAt: now } });
  return { uploadId, index };
}

export async function finishUpload(
  db: Database,
  openid: string,
  input: { uploadId: string },
  now: Date,
): Promise<{ fileId: string; kind: FileKind; size: number }> {
  const session = await ownUpload(db, openid, input.uploadId, now);
  if (session.fileId) {
    // a retried finish (the answer was lost): the same file, checked again
    const { kind, bytes } = await checkUpload(db, openid, session.fileId, now);
    return { fileId: session.fileId, kind, size: bytes.length };
  }
  const _ = db.command;
  const parts: Buffer[] = [];
  let next = 0;
  for (let more = true; more && next < session.chunks; ) {
    const batch = await rows<{ index: number; data: string }>(
      db
        .collection(Collections.uploadChunks)
        .where({ uploadId: session._id, index: _.gte(next) })
        .orderBy('index', 'asc')
        .limit(READ_BATCH),
    );
    more = batch.length === READ_BATCH;
    for (const c of batch) {
      // a gap: chunk `next` never arrived
      if (c.index !== next) {
        more = false;
        break;
      }
      parts.push(Buffer.from(c.data, 'base64'));
      next += 1;
    }
  }
  if (next < session.chunks) return fail('UPLOAD_INCOMPLETE', `文件还差第 ${next + 1} 段没有传到，请重试`, 'uploadId');
  const bytes = Buffer.concat(parts);
  if (bytes.length !== session.size) return fail('UPLOAD_CORRUPT', `收到 ${bytes.length} 字节，应为 ${session.size} 字节`, 'uploadId');
  if (createHash('sha256').update(bytes).digest('hex') !== session.sha256) return fail('UPLOAD_CORRUPT', '文件校验值不符，请重新上传', 'uploadId');

  const res = (await getCloud().uploadFile({ cloudPath: session.cloudPath, fileContent: bytes })) as { fileID?: string };
  if (!res.fileID) return fail('FILE_NOT_UPLOADED', undefined, 'uploadId');
  await db
    .collection(Collections.uploadSessions)
    .doc(session._id)
    .update({ data: { fileId: res.fileID } });
  await db.collection(Collections.uploadChunks).where({ uploadId: session._id }).remove();
  // what its purpose allows, whatever its name says (refused and deleted otherwise)
  const { kind } = await checkUpload(db, openid, res.fileID, now);
  return { fileId: res.fileID, kind, size: bytes.length };
}
