/**
 * The admin's place hierarchy: the tree, building units, community settings, the tree import and
 * re-gridding jobs. Every call goes through `callCloud`; the server checks role and scope each time.
 */
import Taro from '@tarojs/taro';
import type { BuildingUnit, PayloadOf, PlaceLevel, Result } from '../domain';
import { callCloud } from './cloud';
import { uploadFile, type ChosenFile } from './files';

export const getChildren = (parentId: string | null, cursor: string | null = null) =>
  callCloud('hierarchy', 'children', { ...(parentId ? { parentId } : {}), cursor });
export const createPlace = (parentId: string, level: PlaceLevel, name: string, units?: BuildingUnit[]) =>
  callCloud('hierarchy', 'create', { parentId, level, name, ...(units ? { units } : {}) });
export const renamePlace = (placeId: string, name: string) => callCloud('hierarchy', 'rename', { placeId, name });
export const reorderPlaces = (parentId: string, orderedIds: string[]) => callCloud('hierarchy', 'reorder', { parentId, orderedIds });
export const retirePlace = (placeId: string) => callCloud('hierarchy', 'retire', { placeId });
export const setBuildingUnits = (buildingId: string, units: BuildingUnit[]) => callCloud('hierarchy', 'setUnits', { buildingId, units });
export const getSettings = (communityId: string) => callCloud('hierarchy', 'settings', { communityId });
export const saveSettings = (payload: PayloadOf<'hierarchy', 'updateSettings'>) => callCloud('hierarchy', 'updateSettings', payload);
export const previewImport = (fileId: string, rootId?: string) =>
  callCloud('hierarchy', 'importPreview', { fileId, ...(rootId ? { rootId } : {}) });
export const applyImport = (fileId: string, rootId?: string) =>
  callCloud('hierarchy', 'importApply', { fileId, ...(rootId ? { rootId } : {}) });
export const importTemplate = (format: 'xlsx' | 'csv' = 'xlsx') => callCloud('hierarchy', 'importTemplate', { format });
export const movePlaces = (placeIds: string[], toParentId: string) => callCloud('hierarchy', 'move', { placeIds, toParentId });
export const splitGrid = (gridId: string, name: string, placeIds: string[]) => callCloud('hierarchy', 'split', { gridId, name, placeIds });
export const runMoveJob = (jobId: string) => callCloud('hierarchy', 'runJob', { jobId });

const PICK_CANCELLED: Result<never> = { ok: false, code: 'CANCELLED', message: '' };

/** The H5 file dialog for one table; resolves with nothing when the dialog is closed without a file. */
function pickOnWeb(): Promise<ChosenFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? { path: URL.createObjectURL(file), size: file.size, name: file.name, type: file.type } : null);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.appendChild(input);
    input.click();
  });
}

/** Pick an xlsx or csv (from a chat on WeChat, from disk on H5) and upload it as an import file. */
export async function pickAndUploadTable(): Promise<Result<{ fileId: string; name: string }>> {
  let file: ChosenFile | null = null;
  if (process.env.TARO_ENV === 'h5') file = await pickOnWeb();
  else {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
      const f = res.tempFiles[0];
      file = f ? { path: f.path, size: f.size, name: f.name } : null;
    } catch {
      file = null;
    }
  }
  if (!file) return PICK_CANCELLED;
  const uploaded = await uploadFile('import', file);
  return uploaded.ok ? { ok: true, data: { fileId: uploaded.data.fileId, name: file.name ?? '表格' } } : uploaded;
}

/** Open a generated file: a download in the browser, WeChat's document viewer in the mini-program. */
export async function openGeneratedFile(url: string, name: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  const { tempFilePath } = await Taro.downloadFile({ url });
  await Taro.openDocument({ filePath: tempFilePath, showMenu: true });
}
