/** Reading an uploaded place-tree table into rows of text (see common/tables.ts for the formats). */
import { sniffFileKind } from '../../src/domain/files';
import { fail } from '../common/errors';
import { decodeCsv, parseCsv, xlsxRows } from '../common/tables';

export { decodeCsv, detectEncoding, parseCsv } from '../common/tables';

/** Rows of cell text, the first being the header (row numbers: index + 1). */
export async function readTable(bytes: Buffer): Promise<string[][]> {
  const kind = sniffFileKind(bytes);
  if (kind === 'xlsx') return (await xlsxRows(bytes)) ?? fail('IMPORT_UNREADABLE', '无法打开该 xlsx 文件，请用 Excel 另存后重试', 'fileId');
  if (kind === 'csv') return parseCsv(decodeCsv(bytes));
  return fail('IMPORT_UNREADABLE', undefined, 'fileId');
}
