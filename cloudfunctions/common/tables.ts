/**
 * Tables as Excel users save them, read into rows of text — shared by the place-tree import and the
 * data desk: csv decoded as Excel writes it (UTF-8 with or without a BOM, UTF-16 「Unicode 文本」,
 * tab separated, or GBK on Chinese Windows, read as GB18030, its superset), and xlsx cells as the
 * text the user sees (dates in Shanghai time, long numbers such as ID cards as their digits).
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { formatShanghai } from '../../src/domain/time';

export type CsvEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gbk';

/** Which encoding a csv's bytes are in. */
export function detectEncoding(bytes: Buffer): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf8';
  } catch {
    return 'gbk';
  }
}

export function decodeCsv(bytes: Buffer): string {
  const encoding = detectEncoding(bytes);
  const text =
    encoding === 'utf8'
      ? bytes.toString('utf8')
      : encoding === 'utf16le'
        ? bytes.subarray(2).toString('utf16le')
        : encoding === 'utf16be'
          ? iconv.decode(bytes.subarray(2), 'utf16-be')
          : iconv.decode(bytes, 'gb18030');
  return text.replace(/^\uFEFF/, '');
}

/** RFC 4180 fields (quotes, doubled quotes, CRLF or LF); the delimiter is the header line's comma or tab. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter =
    !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
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
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function cellText(cell: ExcelJS.Cell): string {
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

/** The rows of the first worksheet that has any, as cell text; null when the bytes are not an xlsx exceljs can open. */
export async function xlsxRows(bytes: Buffer): Promise<string[][] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell);
    });
    out[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(out, (r) => r ?? []);
}
