/**
 * Files in cloud storage (prescription photos, imports, exports, posters): what each purpose may
 * hold, how big, and how a file's bytes say what it really is. Files are private: a temporary URL is
 * issued only by a function that checked the caller's right to the file.
 */
import { str, type Parser } from './validation';

export const FILE_KINDS = ['jpeg', 'png', 'webp', 'pdf', 'xlsx', 'csv'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_KIND_TYPES: Record<FileKind, { mime: string; extension: string; label: string }> = {
  jpeg: { mime: 'image/jpeg', extension: 'jpg', label: 'JPG 图片' },
  png: { mime: 'image/png', extension: 'png', label: 'PNG 图片' },
  webp: { mime: 'image/webp', extension: 'webp', label: 'WEBP 图片' },
  pdf: { mime: 'application/pdf', extension: 'pdf', label: 'PDF 文件' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel 表格（xlsx）' },
  csv: { mime: 'text/csv', extension: 'csv', label: 'CSV 表格' },
};

/** What a file is for decides which kinds and sizes it may have, and who may read it. */
export const FILE_PURPOSES = {
  /** a medicine request's prescription photo: the resident's household and the grid's workers */
  prescription: { kinds: ['jpeg', 'png', 'webp'], maxBytes: 8 * 1024 * 1024, label: '处方照片' },
  /** an upper-level list or a place tree to import: staff of the scope */
  import: { kinds: ['xlsx', 'csv'], maxBytes: 20 * 1024 * 1024, label: '导入表格' },
} as const satisfies Record<string, { kinds: readonly FileKind[]; maxBytes: number; label: string }>;
export type FilePurpose = keyof typeof FILE_PURPOSES;
export const FILE_PURPOSE_NAMES = Object.keys(FILE_PURPOSES) as FilePurpose[];

/**
 * Files a function writes (never a client): exports, return files, posters. Only their creator may
 * read them, through a temp URL; they are never uploaded to, so they have no size limit to check.
 */
export const GENERATED_PURPOSES = {
  /** a ledger export, a batch's return or error file */
  export: { kinds: ['xlsx', 'csv'], label: '导出文件' },
  /** QR posters of places */
  poster: { kinds: ['pdf', 'png'], label: '二维码海报' },
} as const satisfies Record<string, { kinds: readonly FileKind[]; label: string }>;
export type GeneratedPurpose = keyof typeof GENERATED_PURPOSES;

/** The kind a client declares before uploading (its bytes are checked after). */
export function kindOfMime(mime: string): FileKind | null {
  const m = mime.toLowerCase().split(';')[0].trim();
  if (m === 'image/jpg') return 'jpeg';
  return FILE_KINDS.find((k) => FILE_KIND_TYPES[k].mime === m) ?? null;
}

/** The kind a file name suggests (only a hint for the declared kind; the bytes decide). */
export function kindOfName(name: string): FileKind | null {
  const ext = /\.([A-Za-z0-9]{2,5})$/.exec(name)?.[1].toLowerCase();
  if (!ext) return null;
  if (ext === 'jpeg') return 'jpeg';
  return FILE_KINDS.find((k) => FILE_KIND_TYPES[k].extension === ext) ?? null;
}

/** A `cloud://<env>.<bucket>/<path>` file id (CloudBase's form, and the local cloud's). */
export const FILE_ID_PATTERN = /^cloud:\/\/[A-Za-z0-9._-]{1,128}\/[A-Za-z0-9_./-]{1,512}$/;
export const FILE_ID_MAX_LENGTH = 660;

/** A file id field of an action's payload. */
export const fileIdField = (): Parser<string> =>
  str({ max: FILE_ID_MAX_LENGTH, pattern: FILE_ID_PATTERN, patternMessage: '文件标识格式不正确，请重新上传' });

/** How long a temporary URL works. */
export const TEMP_URL_SECONDS = 600;

export interface FileDoc {
  /** `f_` + keyed hash of the cloud path */
  _id: string;
  fileId: string;
  cloudPath: string;
  purpose: FilePurpose | GeneratedPurpose;
  ownerOpenid: string;
  /** pending (a path was handed out) → checked (its bytes matched an allowed kind) → attached to a
   * record; rejected: its bytes were not what the purpose allows, and the file was deleted;
   * generated: written by a function for its caller (GENERATED_PURPOSES) */
  status: 'pending' | 'checked' | 'attached' | 'rejected' | 'generated';
  /** generated files: the name the download offers */
  name?: string;
  kind?: FileKind;
  size?: number;
  /** the record the file belongs to, and its place: who may read it follows from them */
  attachedTo?: { collection: string; id: string; householdId?: string; placePath: string[] };
  createdAt: Date;
  updatedAt: Date;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/**
 * What the bytes are, by their signature (never by the name or the declared type: a file must be
 * what it says). CSV is text without NUL bytes; an xlsx is a zip holding `[Content_Types].xml`.
 */
export function sniffFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
    return head.includes('[Content_Types].xml') ? 'xlsx' : null;
  }
  // text saved by Excel as 「Unicode 文本」 is UTF-16 with a byte-order mark (zero bytes throughout)
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return 'csv';
  if (bytes.length > 0 && !bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).includes(0)) return 'csv';
  return null;
}

/**
 * The desk console's chunked upload (H5 at a PC, outside WeChat, so no wx.cloud.uploadFile): the file
 * goes to the `file` function through its HTTP access path in pieces, each one call's body.
 * CloudBase refuses a function request body over 100 KB of text (docs.cloudbase.net, error
 * EXCEED_MAX_PAYLOAD_SIZE: "cloud function request body: text 100KB, other types 6MB"), and our own
 * limit for any event is MAX_EVENT_BYTES (64 KiB). 32 KiB of bytes is 43,692 base64 characters, so
 * a chunk's JSON body stays well inside both.
 */
export const UPLOAD_CHUNK_BYTES = 32 * 1024;
/** base64 characters of one full chunk */
export const UPLOAD_CHUNK_BASE64_MAX = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4;
/** an unfinished upload is refused after this and its chunks swept by the scheduler */
export const UPLOAD_SESSION_MS = 2 * 3600_000;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export const uploadChunkCount = (size: number): number => Math.max(1, Math.ceil(size / UPLOAD_CHUNK_BYTES));
/** the exact byte length chunk `index` of a file of `size` must have */
export const uploadChunkLength = (size: number, index: number): number =>
  index < uploadChunkCount(size) - 1 ? UPLOAD_CHUNK_BYTES : size - UPLOAD_CHUNK_BYTES * (uploadChunkCount(size) - 1);

/** One chunked upload under way (collection upload_sessions), owned by the caller who began it. */
export interface UploadSessionDoc {
  _id: string;
  ownerOpenid: string;
  purpose: FilePurpose;
  cloudPath: string;
  name: string;
  size: number;
  sha256: string;
  chunks: number;
  expiresAt: Date;
  /** set once finished: a retried finish answers the same file */
  fileId?: string;
  createdAt: Date;
}
