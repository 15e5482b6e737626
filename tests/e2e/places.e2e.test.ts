/**
 * The community admin sets up places end to end in Chromium on the H5 build: from 我的 to 社区管理,
 * imports a tree from an xlsx the test writes (a file with row errors first: the preview lists them
 * and nothing is written), sees the imported buildings with their codes and rooms, and moves a
 * building to another grid; the household living there has an open item, which then shows in that
 * grid worker's 工作台. Phone (390×844) and desk (1440×900) screenshots.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { first } from '../../cloudfunctions/common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { QueuePage } from '../../src/domain/contracts';
import { IMPORT_COLUMNS } from '../../src/domain/hierarchy';
import type { Place } from '../../src/domain/places';
import { to } from '../../src/domain/routes';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree, householdReport } from '../support/people';
import { fullShot, loginAt, see, shown, tap, unwrap, watchPage } from '../support/steps';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 30_000);

afterAll(async () => {
  await e2e?.stop();
});

async function xlsx(rows: Array<Array<string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('楼栋');
  ws.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function chooseFile(page: Page, name: string, buffer: Buffer, opener: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, opener)]);
  await chooser.setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
}

/** The button `label` in the row of the place named `name`. */
async function tapInRow(page: Page, name: string, label: string): Promise<void> {
  const row = page
    .locator('.adm-row')
    .locator('visible=true')
    .filter({ has: shown(page, new RegExp(`^${name}( ›)?$`)) });
  await row.getByText(label, { exact: true }).first().click();
}

test('the admin imports a tree from an xlsx, sees it, and moves a building to another grid; its open item follows', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/me/index', PERSONAS.admin.displayName, /pages\/me\/index/);
  await tap(page, '社区管理');
  await page.waitForURL(/admin\/pages\/places/);
  await see(page, '祥云社区 ›');
  await fullShot(e2e, page, 'places-1-scope');

  // a file with mistakes first: every row's error, nothing written
  await tap(page, '表格导入');
  await page.waitForURL(/admin\/pages\/import/);
  const bad = await xlsx([
    ['祥云社区', '', '', '新苑小区', '1号楼', 2, 18, 2],
    ['祥云社区', '', '第五网格', '新苑小区', '2号楼', 1, 'abc', 3],
  ]);
  await chooseFile(page, '有错误.xlsx', bad, '选择表格文件');
  await see(page, '有 2 处错误，请修改表格后重新选择（未写入任何内容）：');
  await see(page, '第 2 行');
  await see(page, '网格：网格未填写');
  await fullShot(e2e, page, 'places-2-import-errors');

  const good = await xlsx([
    ['祥云社区', '', '第五网格', '新苑小区', '1号楼', 2, 18, 2],
    ['祥云社区', '', '第五网格', '新苑小区', '2号楼', 1, 6, 3],
    ['祥云社区', '东片区', '第一网格', '祥云一区', '1号楼', 2, 18, 2],
  ]);
  await chooseFile(page, '祥云社区楼栋.xlsx', good, '重新选择');
  await see(page, '没有错误，可以导入。');
  await see(page, '预览：祥云社区楼栋.xlsx');
  await fullShot(e2e, page, 'places-3-import-preview');
  await tap(page, '确认导入');
  await see(page, /^已导入到 祥云社区/);
  await fullShot(e2e, page, 'places-4-imported');
  await tap(page, '查看地点');
  await page.waitForURL(/admin\/pages\/places/);

  // the imported tree, with codes and rooms
  await tap(page, '祥云社区 ›');
  await see(page, '第五网格 ›');
  await tap(page, '第五网格 ›');
  await tap(page, '新苑小区 ›');
  await see(page, '1单元 101–1802，2单元 101–1802');
  const db = getDb();
  const compound = (await first<Place>(db.collection(Collections.places).where({ name: '新苑小区' })))!;
  const building = (await first<Place>(db.collection(Collections.places).where({ parentId: compound._id, name: '1号楼' })))!;
  await see(page, building.code);
  await fullShot(e2e, page, 'places-5-compound');

  // a household lives in the imported building; its report waits for verification in 第五网格 (no worker yet)
  const receipt = unwrap<{ reportId: string }>(
    await e2e.cloud.invoke(
      'report',
      { action: 'submit', payload: householdReport(building._id, { room: '1201', members: familyOfThree(77) }) },
      PERSONAS.resident.openid,
    ),
    'report.submit',
  );
  const item = (await first<{ _id: string }>(db.collection(Collections.queueItems).where({ refId: receipt.reportId })))!;
  const queueOf = async () =>
    unwrap<QueuePage>(await e2e.cloud.invoke('staff', { action: 'queue', payload: {} }, PERSONAS.worker.openid), 'queue').items.map(
      (i) => i.itemId,
    );
  expect(await queueOf()).not.toContain(item._id);

  // move 1号楼 to 第一网格
  await tapInRow(page, '1号楼', '迁移');
  await page.waitForURL(/admin\/pages\/move/);
  await see(page, '迁移 1号楼');
  await tap(page, '祥云社区 ›');
  await tap(page, '东片区 ›');
  await tapInRow(page, '第一网格', '迁到这里');
  await fullShot(e2e, page, 'places-6-move-target');
  await tap(page, '确认把 1号楼 迁到 第一网格');
  await see(page, '迁移完成');
  await see(page, '1 → 1');
  await fullShot(e2e, page, 'places-7-moved');

  // the item is in 第一网格's worker's queue now: on their 工作台
  expect(await queueOf()).toContain(item._id);
  const worker = await e2e.newPhone();
  await loginAt(e2e, worker.page, '/pages/workbench/index', PERSONAS.worker.displayName, /pages\/workbench\/index/);
  // its row: where, then what (`新苑小区 1号楼 1单元 1201 · …`)
  await see(worker.page, /^新苑小区 1号楼 1单元 1201 · /);
  await fullShot(e2e, worker.page, 'places-8-worker-queue');
  expect(problems.pageErrors).toEqual([]);
}, 120_000);

test('at a desk the tree, the import and the settings keep a readable column', async () => {
  const { page } = await e2e.newDesk();
  const problems = watchPage(page);
  const community = e2e.cloud.demo!.communityId;
  await loginAt(e2e, page, to.adminPlaces(community), PERSONAS.admin.displayName, /admin\/pages\/places/);
  await see(page, '东片区 ›');
  await fullShot(e2e, page, 'places-desk-1-tree');
  await tap(page, '社区设置');
  await page.waitForURL(/admin\/pages\/settings/);
  await see(page, '响应时限（分钟）');
  await fullShot(e2e, page, 'places-desk-2-settings');
  const emergency = page.getByPlaceholder('1–10080', { exact: true }).locator('visible=true').first();
  await emergency.fill('90');
  await tap(page, '保存设置');
  await see(page, '紧急事项的时限不能长于加急事项');
  await emergency.fill('5');
  await tap(page, '保存设置');
  await see(page, /^已保存/);
  await fullShot(e2e, page, 'places-desk-3-settings-saved');
  const saved = unwrap<{ slaMinutes: { emergency: number } }>(
    await e2e.cloud.invoke('hierarchy', { action: 'settings', payload: { communityId: community } }, PERSONAS.admin.openid),
    'settings',
  );
  expect(saved.slaMinutes.emergency).toBe(5);
  expect(problems.pageErrors).toEqual([]);
}, 90_000);
