/**
 * The ledger export (台账导出): column profiles, export jobs (started, then stepped until done, with
 * progress), and opening the file. The server checks role and scope on every call.
 */
import Taro from '@tarojs/taro';
import type { ExportJobView, PayloadOf, Result } from '../domain';
import type { LedgerColumn, LedgerLayout, LedgerProfile } from '../domain/ledger';
import { callCloud, type LocalFile } from './cloud';

export type ExportRequest = PayloadOf<'ledger', 'start'>;

export function getProfiles(layout?: LedgerLayout): Promise<Result<LedgerProfile[]>> {
  return callCloud('ledger', 'profiles', layout ? { layout } : {});
}

export function saveProfile(profile: { profileId?: string; name: string; layout: LedgerLayout; columns: LedgerColumn[] }): Promise<Result<LedgerProfile>> {
  return callCloud('ledger', 'saveProfile', profile);
}

export function deleteProfile(profileId: string): Promise<Result<{ profileId: string }>> {
  return callCloud('ledger', 'deleteProfile', { profileId });
}

export function profileFromTemplate(fileId: string, layout: LedgerLayout) {
  return callCloud('ledger', 'templateProfile', { fileId, layout });
}

export function startExport(request: ExportRequest): Promise<Result<ExportJobView>> {
  return callCloud('ledger', 'start', request);
}

export function stepExport(jobId: string): Promise<Result<ExportJobView>> {
  return callCloud('ledger', 'step', { jobId });
}

export function getExportJob(jobId: string): Promise<Result<ExportJobView>> {
  return callCloud('ledger', 'job', { jobId });
}

export function getExportJobs(): Promise<Result<ExportJobView[]>> {
  return callCloud('ledger', 'jobs', {});
}

/** Progress of a job, 0–100. */
export function progressOf(job: ExportJobView): number {
  if (job.status === 'done') return 100;
  if (job.total === 0) return 0;
  // reading is most of the work; the last few percent are the file itself
  return Math.min(95, Math.round((job.scanned / job.total) * 95));
}

/** Opens a finished export: the browser downloads it; WeChat downloads it and opens the sheet. */
export async function openExportFile(file: { url: string; name: string }): Promise<Result<null>> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.downloadFile({ url: file.url });
      await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
      return { ok: true, data: null };
    } catch {
      return { ok: false, code: 'NETWORK', message: '文件下载失败，请重试' };
    }
  }
  // through a blob, so the file keeps its name (the storage link names it by its random path)
  let href = file.url;
  try {
    const res = await fetch(file.url);
    if (res.ok) href = URL.createObjectURL(await res.blob());
  } catch {
    // a storage that refuses the fetch (CORS) still downloads from the link itself
  }
  const a = document.createElement('a');
  a.href = href;
  a.download = file.name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (href !== file.url) setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return { ok: true, data: null };
}

/** A spreadsheet chosen to upload (a template): from a chat on WeChat, from the disk in a browser. */
export async function chooseSheetFile(): Promise<(LocalFile & { name: string }) | null> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
      const f = res.tempFiles[0];
      return f ? { path: f.path, size: f.size, name: f.name } : null;
    } catch {
      return null;
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
    input.style.display = 'none';
    input.onchange = () => {
      const f = input.files?.[0];
      input.remove();
      resolve(f ? { path: URL.createObjectURL(f), size: f.size, name: f.name } : null);
    };
    document.body.appendChild(input);
    input.click();
  });
}
