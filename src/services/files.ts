/** Files in cloud storage: upload one for a purpose (checked by the server), get a temporary URL. */
import type { Result } from '../domain';
import { FILE_KIND_TYPES, FILE_PURPOSES, kindOfMime, kindOfName, type FileKind, type FilePurpose } from '../domain/files';
import { callCloud, NETWORK_ERROR, uploadToCloud, type LocalFile } from './cloud';

export interface ChosenFile extends LocalFile {
  /** the file name or MIME type the picker reported (a hint only: the server reads the bytes) */
  name?: string;
  type?: string;
}

const refuse = (code: string, message: string): Result<never> => ({ ok: false, code, message });

/** The kind a chosen file claims to be, from its MIME type or name; images from the camera are JPEG. */
export function declaredKind(file: ChosenFile, purpose: FilePurpose): FileKind | null {
  const kind = (file.type ? kindOfMime(file.type) : null) ?? kindOfName(file.name ?? file.path);
  if (kind) return kind;
  // WeChat's chooseImage gives `wxfile://tmp_….jpg`-like paths without a type: a photo
  return purpose === 'prescription' ? 'jpeg' : null;
}

type Uploaded = Result<{ fileId: string; kind: FileKind; size: number }>;
/** bytes sent so far of the file's total (the chunked upload at the desk reports each chunk) */
export type UploadProgress = (sent: number, total: number) => void;

/**
 * Upload one file for `purpose`; the answer is a file id a function will accept for it. On WeChat
 * through the platform (prepare → Taro.cloud.uploadFile → check); in the H5 build (the desk console,
 * which has no wx.cloud) in chunks through the `file` function's HTTP access path, the same on
 * CloudBase as against the local cloud.
 */
export async function uploadFile(purpose: FilePurpose, file: ChosenFile, onProgress?: UploadProgress): Promise<Uploaded> {
  const spec = FILE_PURPOSES[purpose];
  const kind = declaredKind(file, purpose);
  if (!kind || !(spec.kinds as readonly FileKind[]).includes(kind)) return refuse('FILE_TYPE_NOT_ALLOWED', `${spec.label}不支持这种文件`);
  if (file.size > spec.maxBytes) return refuse('FILE_TOO_LARGE', `${spec.label}不能超过 ${Math.round(spec.maxBytes / 1024 / 1024)} MB`);
  if (process.env.TARO_ENV !== 'weapp') return uploadChunked(purpose, file, kind, onProgress);
  const prepared = await callCloud('file', 'prepareUpload', { purpose, kind, size: Math.max(1, file.size) });
  if (!prepared.ok) return prepared;
  const uploaded = await uploadToCloud(prepared.data.cloudPath, file);
  if (!uploaded.ok) return uploaded;
  const checked = await callCloud('file', 'check', { fileId: uploaded.data.fileId });
  if (checked.ok) onProgress?.(file.size, file.size);
  return checked;
}

const CHUNK_TRIES = 3;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x2000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(binary);
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** begin (name, size, SHA-256) → each chunk (retried on a network error: a chunk sent twice is stored once) → finish. */
async function uploadChunked(purpose: FilePurpose, file: ChosenFile, kind: FileKind, onProgress?: UploadProgress): Promise<Uploaded> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await (await fetch(file.path)).arrayBuffer());
  } catch {
    return refuse('FILE_NOT_UPLOADED', '无法读取这个文件，请重新选择');
  }
  if (bytes.length === 0) return refuse('FILE_NOT_UPLOADED', '这个文件是空的，请重新选择');
  const name = file.name && kindOfName(file.name) ? file.name : `upload.${FILE_KIND_TYPES[kind].extension}`;
  const begun = await callCloud('file', 'beginUpload', { purpose, name, size: bytes.length, sha256: await sha256Hex(bytes) });
  if (!begun.ok) return begun;
  const { uploadId, chunks, chunkBytes } = begun.data;
  onProgress?.(0, bytes.length);
  for (let index = 0; index < chunks; index++) {
    const part = bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes);
    const payload = { uploadId, index, data: toBase64(part) };
    let sent = await callCloud('file', 'uploadChunk', payload);
    for (let tries = 1; !sent.ok && sent.code === NETWORK_ERROR.code && tries < CHUNK_TRIES; tries++) sent = await callCloud('file', 'uploadChunk', payload);
    if (!sent.ok) return sent;
    onProgress?.(Math.min(bytes.length, (index + 1) * chunkBytes), bytes.length);
  }
  return callCloud('file', 'finishUpload', { uploadId });
}

/** A temporary URL to show or download a file the caller may read. */
export function fileUrl(fileId: string): Promise<Result<{ url: string; expiresAt: string; kind: FileKind }>> {
  return callCloud('file', 'url', { fileId });
}
