/**
 * The household form's draft kept on the device while it is being filled, so a reload (or WeChat
 * dropping the page in the background) does not lose a family's worth of typing. Kept for a day and
 * removed once the report is filed; it never leaves the device.
 */
import Taro from '@tarojs/taro';
import type { FormDraft } from './formModel';

const PREFIX = 'gridlink.reportDraft';
const KEEP_MS = 24 * 3600_000;

interface Saved {
  savedAt: number;
  draft: FormDraft;
}

/** One draft per way into the form (a place code, or the household's building). */
export function draftKey(params: Partial<Record<string, string>>): string {
  return `${PREFIX}:${params.code ?? ''}:${params.buildingId ?? ''}`;
}

export function saveDraft(key: string, draft: FormDraft): void {
  try {
    Taro.setStorageSync(key, JSON.stringify({ savedAt: Date.now(), draft } satisfies Saved));
  } catch {
    // storage full or unavailable: the form still works, only the draft is not kept
  }
}

export function restoreDraft(key: string): FormDraft | null {
  try {
    const raw = Taro.getStorageSync(key) as unknown;
    if (typeof raw !== 'string' || raw === '') return null;
    const saved = JSON.parse(raw) as Saved;
    if (!saved?.draft || Date.now() - saved.savedAt > KEEP_MS) return null;
    return saved.draft;
  } catch {
    return null;
  }
}

export function clearDraft(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // nothing kept
  }
}
