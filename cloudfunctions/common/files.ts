/**
 * Files in cloud storage, private by construction. A client uploads only to a path a function
 * handed it (prepareUpload: random, under the caller's own owner key, recorded as a pending file);
 * a file is used only after its bytes were checked against its purpose's kinds and size (anything
 * else is deleted, so nothing is kept on refusal); a temporary URL is issued only to a caller with
 * a right to the file (its uploader, an owner of the household it belongs to, staff whose scope
 * covers its place). Storage itself is closed to clients for reading.
 */
import { randomBytes } from 'crypto';
import {
  FILE_KIND_TYPES,
  FILE_PURPOSES,
  GENERATED_PURPOSES,
  sniffFileKind,
  TEMP_URL_SECONDS,
  type FileDoc,
  type FileKind,
  type FilePurpose,
  type GeneratedPurpose,
} from '../../src/domain/files';
import { inScope } from '../../src/domain/staff';
import { Collections } from './collections';
import { getCloud, type Database } from './cloud';
import { keyedHash } from './crypto';
import { first } from './db';
import { fail } from './errors';
import { findOwnHousehold } from './households';
import { findActiveStaff, requireStaff } from './staffAccess';

const UPLOADS = 'uploads';

/** A file's record id: derived from its cloud path, so one path is one record. */
export const fileDocId = (cloudPath: string): string => `f_${keyedHash('file', cloudPath).slice(0, 32)}`;

/** The path segment only the caller's uploads carry (a storage rule locally; a stable, unguessable key). */
export const uploadOwnerKey = (openid: string): string => keyedHash('upload_owner', openid).slice(0, 24);

/** The cloud path of a file id (`cloud://<env>.<bucket>/<path>`), or null for anything else. */
export function cloudPathOfFileId(fileId: string): string | null {
  const m = /^cloud:\/\/[A-Za-z0-9._-]{1,128}\/(.{1,512})$/.exec(fileId);
  if (!m) return null;
  const path = m[1];
  return path.split('/').every((s) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(s)) ? path : null;
}

/** `uploads/<purpose>/<ownerKey>/<yyyymmdd>/<random>.<ext>` → its purpose and owner key. */
export function parseUploadPath(cloudPath: string): { purpose: FilePurpose; ownerKey: string } | null {
  const parts = cloudPath.split('/');
  if (parts.length !== 5 || parts[0] !== UPLOADS) return null;
  const purpose = parts[1];
  if (!Object.prototype.hasOwnProperty.call(FILE_PURPOSES, purpose)) return null;
  if (!/^[0-9a-f]{24}$/.test(parts[2]) || !/^\d{8}$/.test(parts[3]) || !/^[0-9a-f]{32}\.[a-z]{3,4}$/.test(parts[4])) return null;
  return { purpose: purpose as FilePurpose, ownerKey: parts[2] };
}

export const maxBytesOf = (purpose: FilePurpose | GeneratedPurpose): number =>
  purpose in FILE_PURPOSES ? FILE_PURPOSES[purpose as FilePurpose].maxBytes : 0;

const allowedKinds = (purpose: FilePurpose | GeneratedPurpose): readonly FileKind[] =>
  purpose in FILE_PURPOSES ? FILE_PURPOSES[purpose as FilePurpose].kinds : [];

export function allowedKindsLabel(purpose: FilePurpose): string {
  return allowedKinds(purpose)
    .map((k) => FILE_KIND_TYPES[k].label)
    .join('、');
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function tooLarge(purpose: FilePurpose, size: number): never {
  return fail('FILE_TOO_LARGE', `${FILE_PURPOSES[purpose].label}不能超过 ${mb(maxBytesOf(purpose))}（当前 ${mb(size)}）`, 'size');
}

/**
 * Where the caller may upload a file of `purpose`: a fresh random path under their own owner key,
 * recorded as pending. Import files are for staff only; prescription photos for residents with a
 * household (the photo belongs to a request of that household).
 */
export async function prepareUpload(
  db: Database,
  openid: string,
  input: { purpose: FilePurpose; size: number; kind: FileKind },
  now: Date,
): Promise<{ cloudPath: string; maxBytes: number }> {
  const { purpose, size, kind } = input;
  if (!allowedKinds(purpose).includes(kind)) {
    return fail('FILE_TYPE_NOT_ALLOWED', `${FILE_PURPOSES[purpose].label}只能是${allowedKindsLabel(purpose)}`, 'kind');
  }
  if (size > maxBytesOf(purpose)) return tooLarge(purpose, size);
  if (purpose === 'import') await requireStaff(db, openid);
  if (purpose === 'prescription' && !(await findOwnHousehold(db, openid))) return fail('HOUSEHOLD_REQUIRED');

  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const cloudPath = [UPLOADS, purpose, uploadOwnerKey(openid), day, `${randomBytes(16).toString('hex')}.${FILE_KIND_TYPES[kind].extension}`].join('/');
  const doc: FileDoc = {
    _id: fileDocId(cloudPath),
    fileId: '',
    cloudPath,
    purpose,
    ownerOpenid: openid,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  };
  await db.collection(Collections.files).add({ data: doc });
  return { cloudPath, maxBytes: maxBytesOf(purpose) };
}

/** The caller's own file record for a file id; anything else is "not found" (nothing confirmed). */
async function ownFile(db: Database, openid: string, fileId: string, field: string): Promise<FileDoc & { purpose: FilePurpose }> {
  const path = cloudPathOfFileId(fileId);
  const doc = path ? await first<FileDoc>(db.collection(Collections.files).where({ _id: fileDocId(path) })) : null;
  // a generated file is not an upload: it is never checked, attached or imported
  if (!doc || doc.ownerOpenid !== openid || doc.status === 'rejected' || doc.status === 'generated') return fail('FILE_NOT_FOUND', undefined, field);
  return doc as FileDoc & { purpose: FilePurpose };
}

async function download(fileId: string): Promise<Buffer | null> {
  try {
    const res = (await getCloud().downloadFile({ fileID: fileId })) as { fileContent?: Buffer };
    return res.fileContent ?? null;
  } catch {
    return null;
  }
}

async function reject(db: Database, doc: FileDoc, fileId: string, now: Date): Promise<void> {
  try {
    await getCloud().deleteFile({ fileList: [fileId] });
  } catch {
    // already gone: the record below still says it was refused
  }
  await db
    .collection(Collections.files)
    .doc(doc._id)
    .update({ data: { status: 'rejected', fileId, updatedAt: now } });
}

/**
 * Reads an uploaded file and checks that its bytes are what its purpose allows. A file that is not
 * (too large, another type whatever its name says) is deleted and its record marked rejected.
 */
export async function checkUpload(
  db: Database,
  openid: string,
  fileId: string,
  now: Date,
  field = 'fileId',
): Promise<{ doc: FileDoc & { purpose: FilePurpose }; bytes: Buffer; kind: FileKind }> {
  const doc = await ownFile(db, openid, fileId, field);
  const bytes = await download(fileId);
  if (!bytes) return fail('FILE_NOT_UPLOADED', undefined, field);
  if (bytes.length > maxBytesOf(doc.purpose)) {
    await reject(db, doc, fileId, now);
    return tooLarge(doc.purpose, bytes.length);
  }
  const kind = sniffFileKind(bytes);
  if (!kind || !allowedKinds(doc.purpose).includes(kind)) {
    await reject(db, doc, fileId, now);
    return fail('FILE_TYPE_NOT_ALLOWED', `${FILE_PURPOSES[doc.purpose].label}只能是${allowedKindsLabel(doc.purpose)}，这个文件不是`, field);
  }
  if (doc.status === 'pending' || doc.kind !== kind || doc.size !== bytes.length) {
    const patch = { status: doc.status === 'attached' ? 'attached' : 'checked', fileId, kind, size: bytes.length, updatedAt: now } as const;
    await db.collection(Collections.files).doc(doc._id).update({ data: patch });
    Object.assign(doc, patch);
  }
  return { doc, bytes, kind };
}

/**
 * Binds a checked file of the caller to the record it belongs to (idempotent for the same record).
 * The bytes are checked again: a client could replace its upload after the first check.
 */
export async function attachFile(
  db: Database,
  openid: string,
  fileId: string,
  purpose: FilePurpose,
  to: NonNullable<FileDoc['attachedTo']>,
  now: Date,
  field: string,
): Promise<void> {
  const { doc } = await checkUpload(db, openid, fileId, now, field);
  if (doc.purpose !== purpose) return fail('FILE_NOT_FOUND', undefined, field);
  if (doc.attachedTo && (doc.attachedTo.collection !== to.collection || doc.attachedTo.id !== to.id)) return fail('FILE_IN_USE', undefined, field);
  // conditional: an upload swept as abandoned in the meantime is not attached
  const _ = db.command;
  const res = (await db
    .collection(Collections.files)
    .where({ _id: doc._id, status: _.in(['checked', 'attached']) })
    .update({ data: { status: 'attached', attachedTo: to, updatedAt: now } })) as { stats?: { updated?: number } };
  if ((res.stats?.updated ?? 0) === 0 && doc.status !== 'attached') return fail('FILE_NOT_FOUND', undefined, field);
}

/** Whether the caller may read the file: its uploader, an owner of its household, staff over its place. */
async function mayRead(db: Database, openid: string, doc: FileDoc): Promise<boolean> {
  if (doc.ownerOpenid === openid) return true;
  const to = doc.attachedTo;
  if (!to) return false;
  // the record as it is now: a household re-gridded since, or a request moved, decides, not a copy
  const record = await first<{ householdId?: string; placePath?: string[] }>(db.collection(to.collection).where({ _id: to.id }));
  if (!record) return false;
  const householdId = record.householdId ?? to.householdId;
  if (householdId) {
    const own = await findOwnHousehold(db, openid);
    if (own?._id === householdId) return true;
  }
  const staff = await findActiveStaff(db, openid);
  return staff !== null && inScope(staff.scope, record.placePath ?? to.placePath);
}

/** A temporary URL for a file the caller may read. Anything else is "not found". */
export async function fileUrl(db: Database, openid: string, fileId: string, now: Date): Promise<{ url: string; expiresAt: string; kind: FileKind }> {
  const path = cloudPathOfFileId(fileId);
  const doc = path ? await first<FileDoc>(db.collection(Collections.files).where({ _id: fileDocId(path) })) : null;
  if (!doc || doc.status === 'pending' || doc.status === 'rejected' || !doc.kind || !(await mayRead(db, openid, doc))) {
    return fail('FILE_NOT_FOUND', undefined, 'fileId');
  }
  const res = (await getCloud().getTempFileURL({ fileList: [{ fileID: doc.fileId, maxAge: TEMP_URL_SECONDS }] })) as {
    fileList?: Array<{ code?: string; tempFileURL?: string }>;
  };
  const entry = res.fileList?.[0];
  if (!entry?.tempFileURL || (entry.code && entry.code !== 'SUCCESS')) return fail('FILE_NOT_FOUND', undefined, 'fileId');
  return { url: entry.tempFileURL, expiresAt: new Date(now.getTime() + TEMP_URL_SECONDS * 1000).toISOString(), kind: doc.kind };
}

/** The checked bytes of the caller's own upload of `purpose` (imports). */
export async function readUploadedFile(db: Database, openid: string, fileId: string, purpose: FilePurpose, now: Date): Promise<Buffer> {
  const { doc, bytes } = await checkUpload(db, openid, fileId, now);
  if (doc.purpose !== purpose) return fail('FILE_NOT_FOUND', undefined, 'fileId');
  return bytes;
}

const GENERATED = 'generated';

/**
 * Writes a file a function made for its caller (an export, a return file, a poster) to cloud
 * storage under a random path, records it as generated by the caller, and hands back a temp URL.
 * Only the caller may read it later (`fileUrl`: its owner).
 */
export async function saveGeneratedFile(
  db: Database,
  openid: string,
  input: { purpose: GeneratedPurpose; kind: FileKind; bytes: Buffer; name: string },
  now: Date,
): Promise<{ fileId: string; url: string; expiresAt: string; name: string; size: number }> {
  const { purpose, kind, bytes, name } = input;
  if (!(GENERATED_PURPOSES[purpose].kinds as readonly FileKind[]).includes(kind)) throw new Error(`${purpose} files cannot be ${kind}`);
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const cloudPath = [GENERATED, purpose, uploadOwnerKey(openid), day, `${randomBytes(16).toString('hex')}.${FILE_KIND_TYPES[kind].extension}`].join('/');
  const res = (await getCloud().uploadFile({ cloudPath, fileContent: bytes })) as { fileID?: string };
  if (!res.fileID) throw new Error(`upload of ${cloudPath} returned no file id`);
  const doc: FileDoc = {
    _id: fileDocId(cloudPath),
    fileId: res.fileID,
    cloudPath,
    purpose,
    ownerOpenid: openid,
    status: 'generated',
    kind,
    size: bytes.length,
    name,
    createdAt: now,
    updatedAt: now,
  };
  await db.collection(Collections.files).add({ data: doc });
  const { url, expiresAt } = await fileUrl(db, openid, res.fileID, now);
  return { fileId: res.fileID, url, expiresAt, name, size: bytes.length };
}
