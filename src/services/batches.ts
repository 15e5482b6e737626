/** The data desk's client side: pick an upper-level list (a WeChat chat file or a file on disk), upload it, follow its import. */
import Taro from '@tarojs/taro';
import type { BatchField, BatchRowFilter, ColumnMapping, ImportView, PassKind, Result } from '../domain';
import { callCloud } from './cloud';
import { uploadFile } from './files';

const cancelled: Result<never> = { ok: false, code: 'CANCELLED', message: '已取消' };

/** A table from a WeChat chat (chooseMessageFile) or, in a browser, from disk. */
async function pickTable(): Promise<Result<{ path: string; size: number; name: string }>> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
      const f = res.tempFiles[0];
      return f ? { ok: true, data: { path: f.path, size: f.size, name: f.name } } : cancelled;
    } catch {
      return cancelled;
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,.csv';
    input.setAttribute('data-testid', 'batch-file');
    input.style.display = 'none';
    input.onchange = () => {
      const f = input.files?.[0];
      input.remove();
      resolve(f ? { ok: true, data: { path: URL.createObjectURL(f), size: f.size, name: f.name } } : cancelled);
    };
    document.body.appendChild(input);
    input.click();
  });
}

export interface BatchName {
  source: string;
  subject: string;
  /** ISO date-time */
  deadline: string;
}

/** Pick → upload → `batch.upload`: the import as the server read it (mapping guessed or from the source's profile). */
export async function pickAndImport(name: BatchName): Promise<Result<ImportView & { fileName: string }>> {
  const picked = await pickTable();
  if (!picked.ok) return picked;
  const uploaded = await uploadFile('import', { path: picked.data.path, size: picked.data.size, name: picked.data.name });
  if (!uploaded.ok) return uploaded;
  const res = await callCloud('batch', 'upload', { fileId: uploaded.data.fileId, ...name });
  return res.ok ? { ok: true, data: { ...res.data, fileName: picked.data.name } } : res;
}

export const confirmMapping = (importId: string, mapping: ColumnMapping) => callCloud('batch', 'confirmMapping', { importId, mapping });
export const runStep = (importId: string) => callCloud('batch', 'run', { importId });
export const batchView = (batchId: string) => callCloud('batch', 'batch', { batchId });
export const errorRows = (batchId: string) => callCloud('batch', 'rows', { batchId, state: 'invalid' });
export const dispatch = (batchId: string, withErrors: boolean) => callCloud('batch', 'dispatch', { batchId, withErrors });
export const errorFile = (batchId: string) => callCloud('batch', 'errorFile', { batchId });
export const returnFile = (batchId: string) => callCloud('batch', 'returnFile', { batchId });
/** the 待分拨 rows under a place (the dashboard's number opens a place's), else under the caller's scope */
export const unplacedRows = (placeId: string | undefined, cursor: string | null) =>
  callCloud('batch', 'unplaced', { ...(placeId ? { placeId } : {}), cursor });
/** rows being checked at one pass under a place of the scope (else the scope): a dashboard number's rows */
export const stageRows = (stage: PassKind, placeId: string | undefined, cursor: string | null) =>
  callCloud('batch', 'stageRows', { stage, ...(placeId ? { placeId } : {}), cursor });
export const placeRow = (rowId: string, to: { buildingId: string } | { outOfArea: true }) => callCloud('batch', 'place', { rowId, ...to });

/** Opens a generated file (an expiring URL): a download in the browser, the document viewer on WeChat. */
export async function openFile(url: string): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const { tempFilePath } = await Taro.downloadFile({ url });
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
    return;
  }
  window.open(url, '_blank');
}

// the desk console
export const listBatches = (cursor: string | null) => callCloud('batch', 'list', { cursor });
export const batchProgress = (batchId: string) => callCloud('batch', 'progress', { batchId });
export const filteredRows = (batchId: string, filter: BatchRowFilter, cursor: string | null) => callCloud('batch', 'rows', { batchId, ...filter, cursor });
export const deskRow = (rowId: string) => callCloud('batch', 'row', { rowId });
export const fixRow = (rowId: string, values: Partial<Record<BatchField, string>>) => callCloud('batch', 'fixRow', { rowId, values });
