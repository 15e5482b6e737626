/** The admin's place codes and QR posters (cloud function `poster`). */
import Taro from '@tarojs/taro';
import { type Page, type PlaceCodeView, type PosterFileView, type Result } from '../domain';
import { callCloud } from './cloud';

export function listPlaceCodes(parentId: string | null, cursor: string | null): Promise<Result<Page<PlaceCodeView> & { parent: PlaceCodeView | null }>> {
  return callCloud('poster', 'codes', { ...(parentId ? { parentId } : {}), cursor });
}

/** `code`: the code the admin saw (a rotation by someone else meanwhile wins, and this one is refused). */
export function rotatePlaceCode(placeId: string, code: string, reason: string): Promise<Result<PlaceCodeView & { retiredCode: string }>> {
  return callCloud('poster', 'rotateCode', { placeId, code, reason });
}

export function makePoster(placeId: string): Promise<Result<PosterFileView>> {
  return callCloud('poster', 'poster', { placeId });
}

/**
 * Opens a poster PDF: in WeChat, downloaded and shown by the system viewer (print or forward it from
 * there); on H5, the browser's PDF viewer in a new tab (its temporary link expires).
 */
export async function openPosterFile(file: PosterFileView): Promise<Result<null>> {
  if (process.env.TARO_ENV === 'h5') {
    window.open(file.url, '_blank', 'noopener');
    return { ok: true, data: null };
  }
  try {
    const { tempFilePath, statusCode } = await Taro.downloadFile({ url: file.url });
    if (statusCode !== 200) return { ok: false, code: 'FILE_NOT_FOUND', message: '海报链接已过期，请重新生成' };
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'pdf', showMenu: true });
    return { ok: true, data: null };
  } catch {
    return { ok: false, code: 'INTERNAL', message: '无法打开海报，请稍后再试' };
  }
}
