/** Files in cloud storage: upload one for a purpose (checked by the server), get a temporary URL. */
import type { Result } from '../domain';
import { FILE_PURPOSES, kindOfMime, kindOfName, type FileKind, type FilePurpose } from '../domain/files';
import { callCloud, uploadToCloud, type LocalFile } from './cloud';

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

/** Prepare, upload and check one file; the answer is a file id a function will accept for `purpose`. */
export async function uploadFile(purpose: FilePurpose, file: ChosenFile): Promise<Result<{ fileId: string; kind: FileKind; size: number }>> {
  const spec = FILE_PURPOSES[purpose];
  const kind = declaredKind(file, purpose);
  if (!kind || !(spec.kinds as readonly FileKind[]).includes(kind)) return refuse('FILE_TYPE_NOT_ALLOWED', `${spec.label}不支持这种文件`);
  if (file.size > spec.maxBytes) return refuse('FILE_TOO_LARGE', `${spec.label}不能超过 ${Math.round(spec.maxBytes / 1024 / 1024)} MB`);
  const prepared = await callCloud('file', 'prepareUpload', { purpose, kind, size: Math.max(1, file.size) });
  if (!prepared.ok) return prepared;
  const uploaded = await uploadToCloud(prepared.data.cloudPath, file);
  if (!uploaded.ok) return uploaded;
  return callCloud('file', 'check', { fileId: uploaded.data.fileId });
}

/** A temporary URL to show or download a file the caller may read. */
export function fileUrl(fileId: string): Promise<Result<{ url: string; expiresAt: string; kind: FileKind }>> {
  return callCloud('file', 'url', { fileId });
}
