/** Upper-level lists for batch tests and the bench: written as xlsx or csv (UTF-8 or GBK), uploaded as an admin would. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { getCloud } from '../../cloudfunctions/common/cloud';
import type { ImportView } from '../../src/domain/batches';
import type { TestCloud } from './testCloud';

export async function xlsxOf(headers: string[], rows: string[][], title?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  if (title) ws.addRow([title]);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
export function csvOf(headers: string[], rows: string[][], encoding: 'utf8' | 'utf8bom' | 'gbk' = 'utf8'): Buffer {
  const text = [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return Buffer.concat([encoding === 'utf8bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

/** Uploads a list as `openid` (prepareUpload, then the bytes through the SDK) and answers its file id. */
export async function uploadList(t: TestCloud, openid: string, bytes: Buffer, kind: 'xlsx' | 'csv'): Promise<string> {
  const prepared = await t.call(openid, 'file', 'prepareUpload', { purpose: 'import', kind, size: bytes.length });
  if (!prepared.ok) throw new Error(prepared.message);
  const res = (await getCloud().uploadFile({ cloudPath: prepared.data.cloudPath, fileContent: bytes })) as { fileID: string };
  return res.fileID;
}

/** Runs an import job to its end, step by step as the desk's progress bar does. */
export async function runToEnd(t: TestCloud, openid: string, view: ImportView): Promise<ImportView> {
  let v = view;
  for (let i = 0; i < 1000 && v.status === 'running'; i++) {
    const res = await t.call(openid, 'batch', 'run', { importId: v.importId });
    if (!res.ok) throw new Error(res.message);
    v = res.data;
  }
  return v;
}
