/**
 * The local cloud's storage endpoints. `/api/storage/object/<path>?exp=…&sig=…` is what CloudBase's
 * COS URLs are: a signed, expiring GET (download, temp URL) or PUT (the SDK's upload from a
 * function). `/api/storage/upload/<path>` is the H5 client's upload (WeChat's client uploads with
 * `wx.cloud.uploadFile`): a signed-in caller may write only a path under their own owner key — the
 * path `file.prepareUpload` handed them — and no more than its purpose allows.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { maxBytesOf, parseUploadPath, uploadOwnerKey } from '../../cloudfunctions/common/files';
import { FILE_KIND_TYPES, FILE_PURPOSES, sniffFileKind } from '../../src/domain/files';
import { err } from '../../src/domain/errors';
import { fileIdOf, isSafeCloudPath, type LocalStorage } from '../storage';
import { readRawBody } from './body';
import { refuse, sendJson, sendRefusal } from './respond';

/** Largest object a signed PUT may write (functions' own uploads: exports, posters). */
const MAX_OBJECT_BYTES = 100 * 1024 * 1024;

const OBJECT = /^\/api\/storage\/object\/(.+)$/;
const UPLOAD = /^\/api\/storage\/upload\/(.+)$/;

export const isStoragePath = (path: string): boolean => OBJECT.test(path) || UPLOAD.test(path);

function decodePath(raw: string): string | null {
  try {
    const path = raw
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
    return isSafeCloudPath(path) ? path : null;
  } catch {
    return null;
  }
}

export async function handleStorage(
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  storage: LocalStorage,
  callerOf: (req: IncomingMessage) => string | null,
): Promise<void> {
  const object = OBJECT.exec(target.pathname);
  if (object) {
    const path = decodePath(object[1]);
    const method = req.method === 'PUT' ? 'PUT' : req.method === 'GET' || req.method === 'HEAD' ? 'GET' : null;
    if (!method) return sendJson(res, 405, err('BAD_REQUEST', '请求方法不正确'), { Allow: 'GET, HEAD, PUT' });
    const verdict = path ? storage.verify(method, path, target.searchParams.get('exp'), target.searchParams.get('sig')) : 'bad';
    if (verdict === 'expired') return sendJson(res, 403, err('FORBIDDEN', '文件链接已过期，请返回重新打开'));
    if (verdict !== 'ok' || !path) return sendJson(res, 403, err('FORBIDDEN', '文件链接无效'));
    if (method === 'PUT') {
      const body = await readRawBody(req, MAX_OBJECT_BYTES);
      if (!body.ok) return sendRefusal(res, body.refusal);
      storage.write(path, body.bytes);
      // COS answers a successful PUT with an empty body (the SDK reads an XML error otherwise)
      res.writeHead(200, { 'Content-Length': 0 });
      return void res.end();
    }
    const bytes = storage.read(path);
    if (!bytes) return sendJson(res, 404, err('FILE_NOT_FOUND'));
    const kind = sniffFileKind(bytes);
    const image = kind === 'jpeg' || kind === 'png' || kind === 'webp';
    const name = path.split('/').pop() ?? 'file';
    res.writeHead(200, {
      'Content-Type': kind ? FILE_KIND_TYPES[kind].mime : 'application/octet-stream',
      'Content-Length': bytes.length,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      // only images show in the page; anything else downloads (never rendered from our origin)
      'Content-Disposition': image ? 'inline' : `attachment; filename="${name}"`,
    });
    return void res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  const upload = UPLOAD.exec(target.pathname);
  if (!upload) return sendJson(res, 404, err('NOT_FOUND', '接口不存在'));
  if (req.method !== 'POST') return sendJson(res, 405, err('BAD_REQUEST', '请求方法不正确'), { Allow: 'POST' });
  if (target.search !== '') return sendJson(res, 400, err('BAD_REQUEST', '接口不接受查询参数'));
  const openid = callerOf(req);
  if (!openid) return sendJson(res, 401, err('UNAUTHENTICATED', '登录已失效，请重新登录'));
  const path = decodePath(upload[1]);
  const parsed = path ? parseUploadPath(path) : null;
  // the storage rule: a caller writes only under their own owner key
  if (!path || !parsed || parsed.ownerKey !== uploadOwnerKey(openid)) return sendJson(res, 403, err('FORBIDDEN', '无权上传到该位置，请重新选择文件'));
  const max = maxBytesOf(parsed.purpose);
  const tooLarge = refuse(413, err('FILE_TOO_LARGE', `${FILE_PURPOSES[parsed.purpose].label}不能超过 ${Math.round(max / 1024 / 1024)} MB`));
  const body = await readRawBody(req, max, tooLarge);
  if (!body.ok) return sendRefusal(res, body.refusal);
  if (body.bytes.length === 0) return sendJson(res, 400, err('FILE_NOT_UPLOADED', '文件是空的，请重新选择'));
  storage.write(path, body.bytes);
  return sendJson(res, 200, { ok: true, data: { fileId: fileIdOf(path) } });
}
