/**
 * Local cloud storage behind the real SDK. wx-server-sdk's uploadFile / downloadFile /
 * getTempFileURL / deleteFile call @cloudbase/node-sdk, which asks CloudBase for an upload URL
 * (`storage.getUploadMetadata`), for download URLs (`storage.batchGetDownloadUrl`) or to delete
 * (`storage.batchDeleteFile`) through one request function, then PUTs / GETs the bytes over HTTP.
 * Only that request function is answered here; the bytes still travel over real HTTP, to this local
 * cloud's own `/api/storage/object/…` endpoint, with URLs signed and expiring like CloudBase's.
 * Files live under the data dir; file ids are CloudBase's `cloud://<env>.<bucket>/<cloud path>`.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { dirname, join, normalize, sep } from 'path';

type Params = Record<string, unknown>;
type RequestArgs = { params: Params };
type Request = (args: RequestArgs) => Promise<unknown>;

const BUCKET = 'local.gridlink-local';
/** Server-side upload URLs (getUploadMetadata) work this long. */
const UPLOAD_URL_SECONDS = 600;

export function fileIdOf(cloudPath: string): string {
  return `cloud://${BUCKET}/${cloudPath}`;
}

/** The cloud path of a file id of this storage, or null for anything else. */
export function cloudPathOf(fileId: string): string | null {
  const prefix = `cloud://${BUCKET}/`;
  if (!fileId.startsWith(prefix)) return null;
  const path = fileId.slice(prefix.length);
  return isSafeCloudPath(path) ? path : null;
}

/** Letters, digits and `_-.` segments separated by `/`: no `..`, no absolute paths, nothing odd. */
export function isSafeCloudPath(path: string): boolean {
  return path.length > 0 && path.length <= 512 && path.split('/').every((s) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(s) && s !== '..');
}

export class LocalStorage {
  private baseUrl = '';

  constructor(
    private readonly root: string,
    private readonly secret: string,
    /** the clock URLs expire by (the functions' clock, so tests can move past an expiry) */
    private readonly clock: () => number = Date.now,
  ) {
    mkdirSync(root, { recursive: true });
  }

  /** Where the signed URLs point: the running local cloud. */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/$/, '');
  }

  private file(cloudPath: string): string {
    const file = normalize(join(this.root, cloudPath));
    if (!file.startsWith(this.root + sep)) throw new Error(`unsafe cloud path ${cloudPath}`);
    return file;
  }

  exists(cloudPath: string): boolean {
    return isSafeCloudPath(cloudPath) && existsSync(this.file(cloudPath));
  }

  read(cloudPath: string): Buffer | null {
    return this.exists(cloudPath) ? readFileSync(this.file(cloudPath)) : null;
  }

  write(cloudPath: string, bytes: Buffer): void {
    const file = this.file(cloudPath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }

  remove(cloudPath: string): boolean {
    if (!this.exists(cloudPath)) return false;
    rmSync(this.file(cloudPath));
    return true;
  }

  private sign(method: 'GET' | 'PUT', cloudPath: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${method}\n${cloudPath}\n${exp}`).digest('base64url');
  }

  /** A signed URL for `method` on the object, valid for `seconds`. */
  signedUrl(method: 'GET' | 'PUT', cloudPath: string, seconds: number, nowMs = this.clock()): string {
    const exp = Math.floor(nowMs / 1000) + seconds;
    const path = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl}/api/storage/object/${path}?exp=${exp}&sig=${this.sign(method, cloudPath, exp)}`;
  }

  /** Whether a request's signature and expiry allow `method` on the object now. */
  verify(method: 'GET' | 'PUT', cloudPath: string, exp: string | null, sig: string | null, nowMs = this.clock()): 'ok' | 'expired' | 'bad' {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !isSafeCloudPath(cloudPath)) return 'bad';
    const expected = Buffer.from(this.sign(method, cloudPath, Number(exp)));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad';
    return Number(exp) * 1000 < nowMs ? 'expired' : 'ok';
  }

  /** Answers node-sdk's storage actions as CloudBase does (the shapes its storage module reads). */
  answer(params: Params): unknown {
    const requestId = `local-storage-${Date.now().toString(36)}`;
    switch (params.action) {
      case 'storage.getUploadMetadata': {
        const path = String(params.path ?? '');
        if (!isSafeCloudPath(path)) return { code: 'INVALID_PARAM', message: `invalid cloud path ${path}`, requestId };
        return {
          requestId,
          data: { url: this.signedUrl('PUT', path, UPLOAD_URL_SECONDS), token: 'local', authorization: 'local', fileId: fileIdOf(path), cosFileId: 'local' },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = Array.isArray(params.file_list) ? (params.file_list as Array<{ fileid: string; max_age?: number }>) : [];
        return {
          requestId,
          data: {
            download_list: list.map(({ fileid, max_age }) => {
              const path = cloudPathOf(fileid);
              if (!path || !this.exists(path)) return { fileID: fileid, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' };
              const maxAge = typeof max_age === 'number' && max_age > 0 ? max_age : 86_400;
              return { fileID: fileid, code: 'SUCCESS', tempFileURL: this.signedUrl('GET', path, maxAge), maxAge };
            }),
          },
        };
      }
      case 'storage.batchDeleteFile': {
        const list = Array.isArray(params.fileid_list) ? (params.fileid_list as string[]) : [];
        return {
          requestId,
          data: {
            delete_list: list.map((fileID) => {
              const path = cloudPathOf(fileID);
              return { fileID, code: path && this.remove(path) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
            }),
          },
        };
      }
      default:
        return { code: 'SYS_ERR', message: `${String(params.action)} is not supported by the local storage`, requestId };
    }
  }
}

interface RequesterModule {
  request: Request;
}

/** Answer node-sdk's storage requests from `storage`; everything else goes where it went. Returns an uninstall. */
export function installLocalStorage(storage: LocalStorage): () => void {
  const requireFromSdk = createRequire(require.resolve('wx-server-sdk'));
  const mod = requireFromSdk('@cloudbase/node-sdk/dist/utils/tcbapirequester') as RequesterModule;
  const original = mod.request;
  mod.request = async (args: RequestArgs) => {
    const action = args?.params?.action;
    if (typeof action === 'string' && action.startsWith('storage.')) return storage.answer(args.params);
    return original(args);
  };
  return () => {
    mod.request = original;
  };
}
