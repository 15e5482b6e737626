/**
 * The xlsx side of the ledger: the export file written with exceljs's streaming writer (rows are
 * committed as they come, so the workbook never holds the ledger), and a template's header row read
 * with the streaming reader (only the first row is parsed).
 */
import { PassThrough, Readable, type Writable } from 'stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { CellValue } from '../../src/domain/ledger';

export interface ExportSheet {
  title: string;
  headers: string[];
  /** who exported it, when, which scope and filters: the print header/footer and the info sheet */
  signature: string;
  info: Array<[string, string]>;
}

/** Sheet XML waiting for the zip above which `drain` waits. */
const DRAIN_BYTES = 256 * 1024;

/** A streaming workbook whose bytes are collected as they are written. */
export class StreamingWorkbook {
  private readonly chunks: Buffer[] = [];
  private readonly stream = new PassThrough();
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(private readonly meta: ExportSheet) {
    this.stream.on('data', (c: Buffer) => this.chunks.push(c));
    // no styles: exceljs registers a style per cell otherwise (a tenth of the writing time)
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.stream, useStyles: false, useSharedStrings: false });
    this.workbook.creator = 'GridLink 网格通';
    this.sheet = this.workbook.addWorksheet(meta.title.slice(0, 31), {
      headerFooter: { oddHeader: `&L${escapeHf(meta.title)}&R${escapeHf(meta.signature)}`, oddFooter: `&L${escapeHf(meta.signature)}&R第 &P 页 / 共 &N 页` },
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    this.sheet.addRow(meta.headers).commit();
  }

  addRow(values: CellValue[]): void {
    this.sheet.addRow(values).commit();
  }

  /**
   * Lets the zip catch up. exceljs's sheet stream hands its XML to the zip entry without waiting for
   * it (StreamBuf in batch mode ignores backpressure), so rows written faster than they are deflated
   * pile up in the entry's write buffer — the whole sheet, for a large ledger. After a batch of rows
   * this waits until that buffer has drained. (Reaches into exceljs 4.4's writer; if its shape
   * changes, this waits for nothing and memory is merely less bounded.)
   */
  async drain(): Promise<void> {
    const pipe = (this.sheet as unknown as { stream?: { pipes?: Array<Writable & { _writableState?: { length?: number } }> } }).stream?.pipes?.[0];
    // a readable-stream 2 PassThrough (archiver's): no writableLength, its state has the length
    const waiting = pipe ? (pipe.writableLength ?? pipe._writableState?.length) : undefined;
    if (!pipe || typeof waiting !== 'number' || waiting < DRAIN_BYTES) return;
    await new Promise<void>((ok) => {
      const timer = setTimeout(done, 2000);
      function done() {
        clearTimeout(timer);
        pipe!.off('drain', done);
        ok();
      }
      pipe.on('drain', done);
    });
  }

  async finish(): Promise<Buffer> {
    this.sheet.commit();
    const info = this.workbook.addWorksheet('导出信息');
    for (const [k, v] of this.meta.info) info.addRow([k, v]).commit();
    info.commit();
    const done = new Promise<void>((ok, fail) => {
      this.stream.on('end', () => ok());
      this.stream.on('error', fail);
    });
    await this.workbook.commit();
    this.stream.end();
    await done;
    return Buffer.concat(this.chunks);
  }
}

/** `&` starts a code in Excel's header/footer text. */
const escapeHf = (s: string) => s.replace(/&/g, '&&');

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: string; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (typeof o.text === 'string') return o.text;
    if (o.result !== undefined) return String(o.result);
  }
  return String(v);
}

/** The first non-empty row of the first sheet of an xlsx, read with the streaming reader. */
export async function xlsxHeaderRow(bytes: Buffer): Promise<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (values.some((v) => v.trim())) return values;
    }
    break;
  }
  return [];
}

/** The first line of a csv (UTF-8 with or without BOM, else GBK as Excel on Chinese Windows saves it). */
export function csvHeaderRow(bytes: Buffer): string[] {
  const head = bytes.subarray(0, 64 * 1024);
  let text = head.toString('utf8');
  if (text.includes('\uFFFD')) text = iconv.decode(head, 'gbk');
  text = text.replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}
