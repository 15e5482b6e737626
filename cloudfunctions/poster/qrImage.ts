/**
 * The code a poster prints, by environment. On WeChat: a mini-program code from
 * `cloud.openapi.wxacode.getUnlimited` (scene = the place code; the function's config.json declares
 * the permission), made once per code and kept in cloud storage, so printing a grid's posters
 * reads them instead of asking WeChat again. On the local cloud: a URL QR of `/q/<code>` (drawn
 * with the `qrcode` package, as localcloud/qr.ts does), which opens the H5 report page.
 */
import QRCode from 'qrcode';
import type { FileDoc } from '../../src/domain/files';
import { notificationPath, Pages } from '../../src/domain/routes';
import { sceneOf } from '../../src/domain/posters';
import { Collections } from '../common/collections';
import { getCloud } from '../common/cloud';
import type { CallContext } from '../common/handler';
import { rows } from '../common/db';
import { isDuplicateKeyError } from '../common/errors';
import { fileDocId } from '../common/files';

export type QrSource = 'url' | 'wxacode';

/** CloudBase sets TENCENTCLOUD_RUNENV in deployed functions; the local cloud does not. */
export function qrSource(): QrSource {
  return process.env.TENCENTCLOUD_RUNENV === 'SCF' ? 'wxacode' : 'url';
}

let scanBase = 'http://127.0.0.1:8787';
/** The local cloud's address phones open (localcloud/server.ts sets it when it starts; unused on WeChat). */
export function setScanBaseUrl(url: string): void {
  scanBase = url.replace(/\/$/, '');
}

export function scanUrl(code: string): string {
  return `${scanBase}/q/${encodeURIComponent(code)}`;
}

/** What a poster draws: the QR's modules (drawn as vector squares: crisp and tiny), or an image WeChat made. */
export type QrGraphic = { kind: 'modules'; size: number; dark: (row: number, col: number) => boolean } | { kind: 'image'; bytes: Buffer };

export function urlQrModules(code: string): QrGraphic {
  const { modules } = QRCode.create(scanUrl(code), { errorCorrectionLevel: 'M' });
  return { kind: 'modules', size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
}

/** The same URL QR as a PNG (for checks of the image path). */
export function urlQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(scanUrl(code), { type: 'png', width: 600, margin: 1, errorCorrectionLevel: 'M' });
}

/** A mini-program code image from WeChat (JPEG or PNG bytes). */
export type WxacodeMaker = (code: string) => Promise<Buffer>;

interface GetUnlimitedResult {
  errCode?: number;
  errMsg?: string;
  contentType?: string;
  buffer?: Buffer | Uint8Array;
}

/** wxacode.getUnlimited as cloud calls take it (camelCase of the HTTPS API's body). */
export const wxacodeOf: WxacodeMaker = async (code) => {
  const openapi = getCloud().openapi as unknown as { wxacode: { getUnlimited(p: Record<string, unknown>): Promise<GetUnlimitedResult> } };
  const res = await openapi.wxacode.getUnlimited({
    scene: sceneOf(code),
    // the 报备 page reads `scene` (src/services/placeCode.ts)
    page: notificationPath(Pages.report),
    // a code can be printed before the page is published
    checkPath: false,
    envVersion: process.env.GRIDLINK_WXACODE_ENV_VERSION || 'release',
    width: 600,
  });
  if ((res.errCode !== undefined && res.errCode !== 0) || !res.buffer) {
    throw new Error(`wxacode.getUnlimited failed for ${code}: ${res.errCode ?? ''} ${res.errMsg ?? ''}`);
  }
  return Buffer.from(res.buffer);
};

/** Where a code's mini-program code is kept: one path per code (a rotated code gets a new image). */
export const wxacodePath = (code: string): string => `qrcodes/wxacode/${code}.png`;

async function download(fileId: string): Promise<Buffer | null> {
  try {
    return ((await getCloud().downloadFile({ fileID: fileId })) as { fileContent?: Buffer }).fileContent ?? null;
  } catch {
    return null;
  }
}

/** Runs `work` over `items`, at most `limit` at a time (WeChat's openapi and storage calls are slow one by one). */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

/**
 * The mini-program code of every code: read from cloud storage when it was made before, else made
 * now through `make`, stored, and recorded (a `generated` file of purpose `poster`, never served to
 * a client, whose id is derived from its path so two makers keep one record).
 */
export async function cachedWxacodes(ctx: CallContext, codes: readonly string[], make: WxacodeMaker = wxacodeOf): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const _ = ctx.db.command;
  const docs = new Map<string, FileDoc>();
  for (let i = 0; i < codes.length; i += 100) {
    const ids = codes.slice(i, i + 100).map((c) => fileDocId(wxacodePath(c)));
    const found = await rows<FileDoc>(ctx.db.collection(Collections.files).where({ _id: _.in(ids) }).limit(ids.length));
    for (const d of found) docs.set(d._id, d);
  }
  await pool(codes, 6, async (code) => {
    const cloudPath = wxacodePath(code);
    const doc = docs.get(fileDocId(cloudPath));
    const cached = doc ? await download(doc.fileId) : null;
    if (cached) return void out.set(code, cached);
    const bytes = await make(code);
    const res = (await getCloud().uploadFile({ cloudPath, fileContent: bytes })) as { fileID?: string };
    if (!res.fileID) throw new Error(`upload of ${cloudPath} returned no file id`);
    const record: FileDoc = {
      _id: fileDocId(cloudPath),
      fileId: res.fileID,
      cloudPath,
      purpose: 'poster',
      ownerOpenid: ctx.caller.openid,
      status: 'generated',
      kind: 'png',
      size: bytes.length,
      name: `${code}.png`,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    if (!doc) {
      try {
        await ctx.db.collection(Collections.files).add({ data: record });
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
      }
    }
    out.set(code, bytes);
  });
  return out;
}

/** The QR of every code, by environment. */
export async function codeGraphics(ctx: CallContext, codes: readonly string[], source: QrSource = qrSource()): Promise<Map<string, QrGraphic>> {
  const out = new Map<string, QrGraphic>();
  if (source === 'wxacode') {
    for (const [code, bytes] of await cachedWxacodes(ctx, codes)) out.set(code, { kind: 'image', bytes });
  } else {
    for (const code of codes) out.set(code, urlQrModules(code));
  }
  return out;
}

/** Ahead of printing (after a rotation): the new code's mini-program code is made and stored now. */
export async function prepareCodeImage(ctx: CallContext, code: string): Promise<void> {
  if (qrSource() === 'wxacode') await cachedWxacodes(ctx, [code]);
}
