/**
 * Place codes arrive in several wrappings: the `scene` of a mini-program code, a `code` query on
 * H5 links, the `q` of a plain URL QR opened in WeChat, or a scanned path / URL. These helpers dig
 * the code out; validation of its form is `normalizePlaceCode` in the domain.
 */
import Taro from '@tarojs/taro';

const LAST_CODE_KEY = 'gridlink.lastPlaceCode';

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `code=ABC234`, `scene=ABC234`, `c=ABC234` inside a query string or URL; or the `/q/ABC234` short link. */
export function placeCodeFromText(text: string): string | null {
  const decoded = safeDecode(text.trim());
  const query = /(?:^|[?&#])(?:code|scene|c)=([^&#]+)/.exec(decoded);
  if (query) {
    const inner = safeDecode(query[1]);
    // a scene may itself be `code=ABC234`
    return inner.includes('=') ? placeCodeFromText(inner) : inner;
  }
  const short = /\/q\/([A-Za-z0-9]+)/.exec(decoded);
  return short ? short[1] : null;
}

/** The place code of the page's launch parameters, if any. */
export function placeCodeFromParams(params: Partial<Record<string, string>>): string | null {
  if (params.scene) {
    const scene = safeDecode(params.scene);
    return scene.includes('=') ? placeCodeFromText(scene) : scene;
  }
  if (params.code) return safeDecode(params.code);
  if (params.q) return placeCodeFromText(safeDecode(params.q));
  return null;
}

/** The code of a scan: a mini-program code gives `path` with `scene=`; a URL QR gives `result`. */
export function placeCodeFromScan(scan: { path?: string; result?: string }): string | null {
  return (scan.path && placeCodeFromText(scan.path)) || (scan.result && (placeCodeFromText(scan.result) ?? scan.result.trim())) || null;
}

export function rememberPlaceCode(code: string): void {
  Taro.setStorageSync(LAST_CODE_KEY, code);
}

/** A code that no longer works (rotated): no longer offered as the last one. */
export function forgetPlaceCode(code: string): void {
  if (lastPlaceCode() === code) Taro.removeStorageSync(LAST_CODE_KEY);
}

export function lastPlaceCode(): string | null {
  const stored: unknown = Taro.getStorageSync(LAST_CODE_KEY);
  return typeof stored === 'string' && stored !== '' ? stored : null;
}
