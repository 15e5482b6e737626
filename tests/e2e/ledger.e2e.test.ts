/**
 * 台账导出 end to end: the community admin exported the ledger yesterday (in-process, the base); today
 * a family arrives and a resident goes into home isolation; the admin opens 台账导出 at the desk,
 * asks for only the changes since their last export, watches it run, downloads the file, and the
 * test opens it with exceljs: exactly the new family (新增) and the isolated resident (变更), masked,
 * signed with who exported it and when. Screenshots at 1440×900 and 390×844, and the admin's
 * 导出模板 page.
 */
import { readFileSync } from 'fs';
import ExcelJS from 'exceljs';
import { PERSONAS } from '../../localcloud/personas';
import type { ExportJobView } from '../../src/domain/contracts';
import { DEFAULT_PERSON_PROFILE } from '../../src/domain/ledger';
import { shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree, idCard } from '../support/people';
import { field, fileDemoHousehold, fullShot, loginAt, see, shown, tap, unwrap, viewportShot, watchPage } from '../support/steps';

const ADMIN = PERSONAS.admin;
let e2e: E2E;
let isolatedName: string;
const NEWCOMERS = [
  { name: '孙磊', relation: 'self' as const, idType: 'id_card' as const, idNumber: idCard('19950505', 71), phone: '13600002222' },
  { name: '孙小雨', relation: 'child' as const, idType: 'id_card' as const, idNumber: idCard('20190909', 72) },
];

async function exportInProcess(openid: string, payload: Record<string, unknown>): Promise<ExportJobView> {
  let view = unwrap<ExportJobView>(await e2e.cloud.invoke('ledger', { action: 'start', payload }, openid), 'ledger.start');
  while (view.status === 'running') view = unwrap<ExportJobView>(await e2e.cloud.invoke('ledger', { action: 'step', payload: { jobId: view.jobId } }, openid), 'ledger.step');
  return view;
}

beforeAll(async () => {
  e2e = await startE2E();
  const first = await fileDemoHousehold(e2e, PERSONAS.resident.openid, '301', familyOfThree(11));
  await fileDemoHousehold(e2e, PERSONAS.resident2.openid, '302', familyOfThree(12).slice(0, 2));
  // yesterday's export: the base of today's changes
  const base = await exportInProcess(ADMIN.openid, { layout: 'person', profileId: DEFAULT_PERSON_PROFILE.id });
  expect(base.rows).toBe(5);
  // today: a new family, and one resident under home isolation
  await fileDemoHousehold(e2e, PERSONAS.resident3.openid, '501', NEWCOMERS);
  const person = first.members[0];
  isolatedName = person.name;
  unwrap(
    await e2e.cloud.invoke(
      'staff',
      { action: 'startIsolation', payload: { personId: person.personId, kind: 'home_isolation', startDate: shanghaiDateString(new Date()), plannedDays: 14, reason: '密切接触者' } },
      PERSONAS.worker.openid,
    ),
    'staff.startIsolation',
  );
}, 120_000);

afterAll(async () => {
  await e2e?.stop();
});

async function readXlsx(bytes: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(text);
  const rows: Array<Record<string, string>> = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, text((row.values as unknown[])[i + 1])])));
  });
  return { headers, rows, footer: sheet.headerFooter.oddFooter ?? '' };
}

it('the admin exports the day’s changes at the desk and opens the file', async () => {
  const { page } = await e2e.newDesk();
  const watch = watchPage(page);
  await loginAt(e2e, page, '/staff/pages/export/index', ADMIN.displayName, /staff\/pages\/export\/index/);
  await see(page, '导出台账');
  await see(page, '直报系统默认（一人一档）');
  await fullShot(e2e, page, 'ledger-1-export-desk');

  await tap(page, '只导出我上次用此模板和范围导出后新增、变更的记录');
  await tap(page, '开始导出');
  // the job's own card (yesterday's export is listed below it, with its own file)
  const card = page.locator('.xjob--active').locator('visible=true');
  await card.getByText('共 3 行：新增 2，变更 1，未变 0', { exact: true }).waitFor();
  await card.getByText('下载文件', { exact: true }).waitFor();
  await fullShot(e2e, page, 'ledger-2-export-done-desk');

  const [download] = await Promise.all([page.waitForEvent('download'), card.getByText('下载文件', { exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/^一人一档_祥云社区_\d{8}-\d{4}_变更\.xlsx$/);
  const file = await readXlsx(readFileSync(await download.path()));
  expect(file.headers).toEqual(DEFAULT_PERSON_PROFILE.columns.map((c) => c.header));
  expect(Object.fromEntries(file.rows.map((r) => [r['姓名'], r['变更标记']]))).toEqual({ 孙磊: '新增', 孙小雨: '新增', [isolatedName]: '变更' });
  expect(file.rows.find((r) => r['姓名'] === isolatedName)).toMatchObject({ 管控措施: '居家隔离' });
  expect(file.rows.find((r) => r['姓名'] === '孙磊')!['身份证号']).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
  expect(file.rows.find((r) => r['姓名'] === '孙磊')!['联系电话']).toBe('136****2222');
  expect(file.footer).toContain('导出人：王书记');
  expect(watch.pageErrors).toEqual([]);
}, 120_000);

it('the export page and the profiles page on the phone and at the desk', async () => {
  const { page } = await e2e.newPhone();
  const watch = watchPage(page);
  await loginAt(e2e, page, '/staff/pages/export/index', ADMIN.displayName, /staff\/pages\/export\/index/);
  await see(page, '导出台账');
  await see(page, '最近的导出');
  await tap(page, '导出完整身份证号和电话（记入审计）');
  await field(page, '如：报送区疫情防控指挥部').waitFor();
  await fullShot(e2e, page, 'ledger-3-export-phone');
  // without a reason nothing is exported
  await tap(page, '开始导出');
  await see(page, '导出完整身份证号和电话需要填写理由');

  await tap(page, '管理导出模板（选择字段、排序、改表头、从上级模板导入） ›');
  await see(page, '新建导出模板');
  await fullShot(e2e, page, 'ledger-4-profiles-phone');
  await shown(page, '选择字段').first().click();
  await see(page, '新模板 · 一人一档');
  await viewportShot(e2e, page, 'ledger-5-profile-editor-phone');
  expect(watch.pageErrors).toEqual([]);

  const desk = await e2e.newDesk();
  await loginAt(e2e, desk.page, '/staff/pages/profiles/index', ADMIN.displayName, /staff\/pages\/profiles\/index/);
  await see(desk.page, '新建导出模板');
  await fullShot(e2e, desk.page, 'ledger-6-profiles-desk');
}, 120_000);
