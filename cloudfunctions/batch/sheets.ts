/**
 * Reading an upper-level list (xlsx with exceljs; csv in UTF-8, UTF-8 with BOM or GBK — what Excel on
 * Chinese Windows saves) into a header row and data rows of strings, and writing xlsx files back.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { guessMapping } from '../../src/domain/batches';
import { formatShanghai } from '../../src/domain/time';
import type { FileKind } from '../../src/domain/files';
import { fail } from '../common/errors';

export interface Sheet {
  headers: string[];
  rows: string[][];
  /** each data row's 1-based row number in the file (what the user sees in Excel) */
  rowNumbers: number[];
  /** 1-based row number of the header in the file (a title row may stand above it) */
  headerRowNumber: number;
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK (GB18030, its superset). */
export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** RFC 4180: quoted fields with commas, quotes ("") and line breaks; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // exceljs reads a date cell as UTC of its wall-clock value
    const wall = new Date(v.getTime() - 8 * 3600_000);
    return v.getUTCHours() === 0 && v.getUTCMinutes() === 0 ? formatShanghai(wall, 'YYYY-MM-DD') : formatShanghai(wall, 'YYYY-MM-DD HH:mm');
  }
  if (typeof v === 'number') {
    // a long number typed into Excel (an ID card) is stored as a float: give its digits, never 1.1E+17
    return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  }
  if (typeof v === 'object') {
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result instanceof Date ? cell.text : v.result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
  }
  return cell.text ?? String(v);
}

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return fail('BATCH_FILE_UNREADABLE');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell).trim();
    });
    out[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(out, (r) => r ?? []);
}

const blank = (row: readonly string[]) => row.every((c) => !c || !c.trim());

/**
 * The header row is the one of the first five that names the most fields (a title row such as
 * 「机场专项核查名单」 may stand above it); data rows follow it, fully blank rows are dropped.
 */
export async function readSheet(bytes: Buffer, kind: FileKind): Promise<Sheet> {
  const all = kind === 'xlsx' ? await xlsxRows(bytes) : parseCsv(decodeCsv(bytes)).map((r) => r.map((c) => c.trim()));
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(5, all.length); i++) {
    const score = Object.keys(guessMapping(all[i])).length;
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  if (best < 0) best = all.findIndex((r) => !blank(r));
  if (best < 0) return fail('BATCH_FILE_EMPTY');
  const headers = all[best].map((h, i) => h || `第${i + 1}列`);
  const width = headers.length;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  all.slice(best + 1).forEach((r, i) => {
    if (blank(r)) return;
    const cells = r.slice();
    while (cells.length < width) cells.push('');
    rows.push(cells);
    rowNumbers.push(best + 2 + i);
  });
  // cells beyond the header keep a name of their own
  const widest = rows.reduce((m, r) => Math.max(m, r.length), width);
  for (let i = width; i < widest; i++) headers.push(`第${i + 1}列`);
  for (const r of rows) while (r.length < widest) r.push('');
  return { headers, rows, rowNumbers, headerRowNumber: best + 1 };
}

/** An xlsx of one sheet: a bold, frozen header row and text cells (IDs stay digits). */
export async function writeXlsx(sheetName: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...headers]).font = { bold: true };
  for (const r of rows) sheet.addRow([...r]);
  sheet.columns.forEach((col, i) => {
    col.numFmt = '@';
    col.width = Math.min(40, Math.max(8, ...[headers[i] ?? '', ...rows.slice(0, 50).map((r) => r[i] ?? '')].map((s) => Array.from(s).length * 2)));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
