/**
 * Reading an upper-level list (common/tables.ts: xlsx, or csv as Excel saves it) into a header row
 * and data rows of strings, and writing xlsx files back.
 */
import { Readable } from 'stream';
import ExcelJS from 'exceljs';
import { guessMapping } from '../../src/domain/batches';
import type { FileKind } from '../../src/domain/files';
import { fail } from '../common/errors';
import { cellText, decodeCsv, parseCsv } from '../common/tables';

export interface Sheet {
  headers: string[];
  rows: string[][];
  /** each data row's 1-based row number in the file (what the user sees in Excel) */
  rowNumbers: number[];
  /** 1-based row number of the header in the file (a title row may stand above it) */
  headerRowNumber: number;
}

const blank = (row: readonly string[]) => row.every((c) => !c || !c.trim());

/**
 * The cell texts of an xlsx's first worksheet with rows (common/tables.ts's cellText: dates, long
 * numbers), read as a stream: a list of 100,000 rows never becomes a whole workbook model in
 * memory (that model, about 2 KB a row, was most of a large import's memory). Null: not an xlsx.
 */
export async function xlsxRowsStreamed(bytes: Buffer): Promise<string[][] | null> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    // number formats tell a date cell from a number
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const worksheet of reader) {
      const out: string[][] = [];
      for await (const row of worksheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cellText(cell);
        });
        out[row.number - 1] = Array.from(cells, (c) => c ?? '');
      }
      if (out.length > 0) return Array.from(out, (r) => r ?? []);
    }
    return [];
  } catch {
    return null;
  }
}

/**
 * The header row is the one of the first five that names the most fields (a title row such as
 * 「机场专项核查名单」 may stand above it); data rows follow it, fully blank rows are dropped.
 */
export async function readSheet(bytes: Buffer, kind: FileKind): Promise<Sheet> {
  const raw = kind === 'xlsx' ? ((await xlsxRowsStreamed(bytes)) ?? fail('BATCH_FILE_UNREADABLE')) : parseCsv(decodeCsv(bytes));
  // trimmed in place, and data rows below are the same arrays padded: a 100,000-row list is held once, not three times
  const all = raw;
  for (const r of all) for (let i = 0; i < r.length; i++) r[i] = r[i].trim();
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
    const cells = r;
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
