/**
 * hierarchy.importPreview / importApply / importTemplate: a tree from an xlsx the test writes with
 * exceljs, csv saved as GBK, UTF-8 (with and without BOM) and UTF-16; every row's errors before
 * anything is written; the same file twice changes nothing.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import { IMPORT_COLUMNS } from '../../src/domain/hierarchy';
import type { Place } from '../../src/domain/places';
import { getBytes, loginAs, type HttpSession } from '../../tests/support/http';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { decodeCsv, detectEncoding, parseCsv } from './sheet';

let t: TestCloud;
let admin: HttpSession;
let worker: HttpSession;

const HEADER = [...IMPORT_COLUMNS];
const TREE: string[][] = [
  ['祥云社区', '东片区', '第一网格', '新苑小区', '1号楼', '2', '18', '2'],
  ['祥云社区', '东片区', '第一网格', '新苑小区', '2号楼', '1', '6', '3'],
  ['祥云社区', '', '第九网格', '', '临街楼', '', '4', '2'],
  ['', '南片区', '第十网格', '南湖花园', 'A座', '3', '30', '4'],
];

async function xlsx(table: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('楼栋');
  for (const r of table) ws.addRow(r.map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const csvText = (table: string[][], sep = ',') => table.map((r) => r.join(sep)).join('\r\n') + '\r\n';

async function upload(who: HttpSession, bytes: Buffer, kind: 'xlsx' | 'csv'): Promise<string> {
  const prepared = await who.call('file', 'prepareUpload', { purpose: 'import', kind, size: bytes.length });
  if (!prepared.ok) throw new Error(prepared.message);
  const put = await who.upload(prepared.data.cloudPath, bytes);
  if (put.status !== 200) throw new Error(`upload: ${put.status}`);
  return (put.body as { data: { fileId: string } }).data.fileId;
}

const placesUnderCommunity = async () =>
  rows<Place>(getDb().collection(Collections.places).where({ path: t.cloud.demo!.communityId }).limit(1000));

beforeAll(async () => {
  t = await startTestCloud();
  admin = await loginAs(t.cloud.url, 'admin');
  worker = await loginAs(t.cloud.url, 'worker');
});
afterAll(() => t.stop());

describe('the tree import', () => {
  it('previews every row’s errors and writes nothing; apply refuses such a file', async () => {
    const bad = [
      HEADER,
      ['祥云社区', '东片区', '', '新苑小区', '1号楼', '1', '6', '2'],
      ['彩虹社区', '东片区', '第一网格', '新苑小区', '2号楼', '1', '6', '2'],
      ['祥云社区', '东片区', '第一网格', '新苑小区', '3号楼', '1', 'abc', '2'],
      ['祥云社区', '东片区', '第一网格', '新苑小区', '4号楼', '0', '6', '120'],
      ['祥云社区', '东片区', '第一网格', '新苑小区', '5号楼', '1', '6', '2'],
      ['祥云社区', '东片区', '第一网格', '新苑小区', '5号楼', '1', '6', '2'],
      [],
      ['祥云社区', '东片区', '第一网格', '新苑小区', '楼'.repeat(31), '1', '6', '2'],
      // 第一网格 has a compound 祥云一区 already: it cannot be a building there
      ['祥云社区', '东片区', '第一网格', '', '祥云一区', '1', '6', '2'],
    ];
    const before = await t.counts();
    const fileId = await upload(admin, await xlsx(bad), 'xlsx');
    const res = await admin.call('hierarchy', 'importPreview', { fileId });
    if (!res.ok) throw new Error(res.message);
    expect(res.data.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '网格'],
      [3, '社区'],
      [4, '层数'],
      [5, '单元数'],
      [5, '每层户数'],
      [7, '楼栋'],
      [9, '楼栋'],
      [10, '楼栋'],
    ]);
    expect(res.data.errors[1].message).toContain('祥云社区');
    expect(res.data.errors[5].message).toContain('第 6 行');
    expect(res.data.errorCount).toBe(8);
    const applied = await admin.call('hierarchy', 'importApply', { fileId });
    expect(applied).toMatchObject({ ok: false, code: 'IMPORT_INVALID' });
    expect(!applied.ok && applied.message).toContain('8 处错误');
    const after = await t.counts();
    expect({ ...after, files: 0, audit_log: 0 }).toEqual({ ...before, files: 0, audit_log: 0 });
  });

  it('says which columns a table without the template’s header lacks', async () => {
    const fileId = await upload(
      admin,
      Buffer.from(
        csvText([
          ['名称', '地址'],
          ['a', 'b'],
        ]),
        'utf8',
      ),
      'csv',
    );
    const res = await admin.call('hierarchy', 'importPreview', { fileId });
    if (!res.ok) throw new Error(res.message);
    expect(res.data.errors).toEqual([{ row: 1, message: expect.stringContaining('网格、楼栋、层数、每层户数') }]);
  });

  it('imports an xlsx: existing places matched by name, new ones with codes and grids; the same file twice changes nothing', async () => {
    const before = await placesUnderCommunity();
    const fileId = await upload(admin, await xlsx([HEADER, ...TREE]), 'xlsx');
    const preview = await admin.call('hierarchy', 'importPreview', { fileId });
    if (!preview.ok) throw new Error(preview.message);
    // 东片区 and 第一网格 exist; 南片区, 第九网格, 第十网格, two compounds and four buildings are new
    expect(preview.data).toMatchObject({
      rows: 4,
      errorCount: 0,
      create: { area: 1, grid: 2, compound: 2, building: 4 },
      updateUnits: 0,
      unchanged: 0,
    });
    expect(await placesUnderCommunity()).toHaveLength(before.length);

    const applied = await admin.call('hierarchy', 'importApply', { fileId });
    if (!applied.ok) throw new Error(applied.message);
    const after = await placesUnderCommunity();
    expect(after).toHaveLength(before.length + 9);
    const byName = new Map(after.map((p) => [p.name, p]));
    const firstGrid = before.find((p) => p.name === '第一网格')!;
    expect(byName.get('新苑小区')).toMatchObject({ parentId: firstGrid._id, gridId: firstGrid._id });
    expect(byName.get('1号楼') ?? after.find((p) => p.name === '1号楼' && p.parentId === byName.get('新苑小区')!._id)).toBeTruthy();
    const a = byName.get('A座')!;
    expect(a.units).toHaveLength(3);
    expect(a.units![0]).toEqual({ name: '1单元', floors: 30, roomsPerFloor: 4 });
    expect(a.gridId).toBe(byName.get('第十网格')!._id);
    expect(byName.get('临街楼')).toMatchObject({
      parentId: byName.get('第九网格')!._id,
      units: [{ name: '1单元', floors: 4, roomsPerFloor: 2 }],
    });
    const codes = after.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);

    // the same file again
    const again = await admin.call('hierarchy', 'importApply', { fileId });
    expect(again).toMatchObject({ ok: true, data: { rows: 4, create: {}, updateUnits: 0, unchanged: 4 } });
    const third = await placesUnderCommunity();
    expect(third.map((p) => [p._id, p.code, p.sort]).sort()).toEqual(after.map((p) => [p._id, p.code, p.sort]).sort());
  });

  it('reads a csv Excel saved in GBK, matching what exists and changing units where the row says so', async () => {
    // 2号楼 gets a second unit; 临街二号楼 is new
    const table = [
      HEADER,
      TREE[0],
      TREE[2],
      ['祥云社区', '东片区', '第一网格', '新苑小区', '2号楼', '2', '6', '3'],
      ['祥云社区', '', '第九网格', '', '临街二号楼', '1', '5', '2'],
    ];
    const bytes = iconv.encode(csvText(table), 'gbk');
    expect(detectEncoding(bytes)).toBe('gbk');
    const fileId = await upload(admin, bytes, 'csv');
    const preview = await admin.call('hierarchy', 'importPreview', { fileId });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.data).toMatchObject({ errorCount: 0, rows: 4, create: { building: 1 }, updateUnits: 1, unchanged: 2 });
    const applied = await admin.call('hierarchy', 'importApply', { fileId });
    expect(applied.ok).toBe(true);
    const two = (await placesUnderCommunity()).filter((p) => p.name === '2号楼' && p.units?.length === 2 && p.units[0].roomsPerFloor === 3);
    expect(two).toHaveLength(1);
    expect((await placesUnderCommunity()).some((p) => p.name === '临街二号楼')).toBe(true);
  });

  it('reads csv in UTF-8 with and without a BOM, and UTF-16 (tab separated)', async () => {
    const table = [HEADER, ['祥云社区', '', '第九网格', '', '临街楼', '1', '4', '2']];
    const variants: Array<[string, Buffer]> = [
      ['utf8', Buffer.from(csvText(table), 'utf8')],
      ['utf8', Buffer.from(`\uFEFF${csvText(table)}`, 'utf8')],
      ['utf16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvText(table, '\t'), 'utf16le')])],
    ];
    for (const [encoding, bytes] of variants) {
      expect(detectEncoding(bytes)).toBe(encoding);
      const fileId = await upload(admin, bytes, 'csv');
      const preview = await admin.call('hierarchy', 'importPreview', { fileId });
      if (!preview.ok) throw new Error(preview.message);
      // the building imported from the xlsx above: found by name, nothing to do
      expect(preview.data).toMatchObject({ errorCount: 0, rows: 1, create: {}, unchanged: 1 });
    }
  });

  it('parses quoted csv fields', () => {
    expect(parseCsv('a,"b,""c""",d\r\n"x\ny",,z')).toEqual([
      ['a', 'b,"c"', 'd'],
      ['x\ny', '', 'z'],
    ]);
    expect(decodeCsv(iconv.encode('社区,网格', 'gbk'))).toBe('社区,网格');
  });

  it('hands out the template as an xlsx with the columns, readable by its admin only', async () => {
    const res = await admin.call('hierarchy', 'importTemplate', {});
    if (!res.ok) throw new Error(res.message);
    expect(res.data.name).toBe('地点导入模板.xlsx');
    const got = await getBytes(res.data.url);
    expect(got.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(got.bytes as unknown as ArrayBuffer);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    // the template imports as it is (its example rows are valid)
    const fileId = await upload(admin, got.bytes, 'xlsx');
    const preview = await admin.call('hierarchy', 'importPreview', { fileId });
    expect(preview).toMatchObject({ ok: true, data: { errorCount: 0, rows: 3 } });
    expect(await worker.call('file', 'url', { fileId: res.data.fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    const csv = await admin.call('hierarchy', 'importTemplate', { format: 'csv' });
    if (!csv.ok) throw new Error(csv.message);
    const text = (await getBytes(csv.data.url)).bytes;
    expect(text.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('refuses a worker, another admin’s upload, and a root outside the scope', async () => {
    const fileId = await upload(worker, Buffer.from(csvText([HEADER, ...TREE]), 'utf8'), 'csv');
    expect(await worker.call('hierarchy', 'importPreview', { fileId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // the admin may not import a file someone else uploaded
    expect(await admin.call('hierarchy', 'importPreview', { fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    const own = await upload(admin, Buffer.from(csvText([HEADER, ...TREE]), 'utf8'), 'csv');
    expect(await admin.call('hierarchy', 'importPreview', { fileId: own, rootId: 'pl_not_mine' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await admin.call('hierarchy', 'importPreview', { fileId: 'cloud://x/y' })).toMatchObject({ ok: false });
  });
});
