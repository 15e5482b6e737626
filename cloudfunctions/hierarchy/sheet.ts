/**
 * Reading an uploaded table into rows of text: xlsx with exceljs (the first worksheet), csv decoded
 * as Excel saves it — UTF-8 with or without a BOM, UTF-16 (「Unicode 文本」, tab separated) or GBK
 * on Chinese Windows (read as GB18030, its superset).
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sniffFileKind } from '../../src/domain/files';
import { fail } from '../common/errors';

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

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(cell.text ?? v);
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return fail('IMPORT_UNREADABLE', '无法打开该 xlsx 文件，请用 Excel 另存后重试', 'fileId');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail('IMPORT_UNREADABLE', '表格里没有工作表', 'fileId');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** Rows of cell text, the first being the header (row numbers: index + 1). */
export async function readTable(bytes: Buffer): Promise<string[][]> {
  const kind = sniffFileKind(bytes);
  if (kind === 'xlsx') return readXlsx(bytes);
  if (kind === 'csv') return parseCsv(decodeCsv(bytes));
  return fail('IMPORT_UNREADABLE', undefined, 'fileId');
}
