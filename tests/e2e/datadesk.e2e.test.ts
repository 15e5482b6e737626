/**
 * The data desk in Chromium: at a desk (1440×900) the community admin names a batch, picks an
 * upper-level list from disk (an xlsx the test writes), confirms the guessed columns, watches the
 * import, sees the row with an error, dispatches, and places the unplaced row on a building in
 * 待分拨; the grid worker's queue then holds the rows of their grid. The import page at 390×844 too.
 */
import { PERSONAS } from '../../localcloud/personas';
import { Pages, to } from '../../src/domain/routes';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from '../support/browser';
import { xlsxOf } from '../support/batches';
import { idCard } from '../support/people';
import { field, fullShot, loginAt, pick, see, settled, shown, tap, watchPage } from '../support/steps';

const ADMIN = PERSONAS.admin;
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);
afterAll(async () => {
  await e2e?.stop();
});

const HEADERS = ['序号', '姓名', '身份证号码', '联系电话', '现住址', '来源地', '备注'];
const ROWS = [
  ['1', '张三', idCard('19800101', 31), '13800001111', '祥云一区3号楼2单元301', '湖北武汉', ''],
  ['2', '李四', idCard('19810202', 32), '13800002222', '和平里2号楼1单元101', '上海', ''],
  ['3', '王五', '110105198203030139', '13800003333', '锦园1号楼1单元101', '', ''],
  ['4', '钱七', '', '13800006666', '云祥花园3号楼2单元301', '', ''],
];

/** The admin signs in (the app lands on 工作台), then opens the desk's import page. */
async function signIn(page: Page) {
  await loginAt(e2e, page, to.login(Pages.batchImport), ADMIN.displayName, /pages\/(workbench|datadesk)/);
  await page.goto(`${e2e.cloud.url}/#${Pages.batchImport}`);
  await see(page, '导入上级核查名单');
}

async function chooseList(page: Page, bytes: Buffer, name: string) {
  const chooser = page.waitForEvent('filechooser');
  await tap(page, '选择 Excel / CSV 文件');
  await (await chooser).setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
}

it('at a desk: import, confirm the columns, see the error, dispatch, place the unplaced row', async () => {
  const { page } = await e2e.newDesk();
  const watch = watchPage(page);
  // the list goes up in chunks through the file function (as on CloudBase), never to a storage endpoint
  const uploads: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/api/storage/upload')) uploads.push('storage');
    const action = req.url().endsWith('/api/functions/file') ? (JSON.parse(req.postData() ?? '{}') as { action?: string }).action : undefined;
    if (action) uploads.push(action);
  });
  await signIn(page);
  await see(page, '导入上级核查名单');
  await field(page, '如：区疫情防控指挥部').fill('区疫情防控指挥部');
  await field(page, '如：机场专项').fill('机场专项');
  await chooseList(page, await xlsxOf(HEADERS, ROWS, '机场专项核查名单'), '机场专项.xlsx');

  await see(page, '确认表头：机场专项.xlsx（4 行）');
  expect(uploads).toEqual(['beginUpload', 'uploadChunk', 'finishUpload']);
  // the first rows are shown masked
  await see(page, '138****1111');
  expect(await shown(page, ROWS[0][2]).count()).toBe(0);
  await fullShot(e2e, page, 'datadesk-mapping-1440');
  await tap(page, '确认并导入');

  await see(page, '机场专项 · 区疫情防控指挥部');
  await see(page, '有误的行（1）');
  await see(page, '身份证号：身份证号校验位不正确，请逐位核对');
  await fullShot(e2e, page, 'datadesk-batch-1440');
  await tap(page, '派发 2 条');
  await see(page, '已派发 2 条到各网格员的工作台');

  await tap(page, '处理待分拨 1 条');
  await see(page, '钱七 · 第6行');
  await see(page, '小区不在辖区名单中');
  await pick(page, shown(page, '选择楼栋').first(), '祥云一区 3号楼');
  await fullShot(e2e, page, 'datadesk-unplaced-1440');
  await tap(page, '分拨到该楼栋');
  await see(page, '第6行 钱七：已分拨');
  await see(page, '没有待分拨的记录。');

  // the grid worker of 第一网格 has 张三 and 钱七; 李四 went to 第二网格
  const queue = (await e2e.cloud.invoke('staff', { action: 'queue', payload: { kind: 'batch_row' } }, PERSONAS.worker.openid)) as {
    ok: true;
    data: { items: Array<{ personName: string }> };
  };
  expect(queue.data.items.map((i) => i.personName).sort()).toEqual(['张三', '钱七'].sort());
  expect(watch.pageErrors).toEqual([]);

  // the grid worker, on the phone, records 电话核查 and the outcome on 张三's row
  const { page: phone } = await e2e.newPhone();
  const phoneWatch = watchPage(phone);
  await loginAt(e2e, phone, to.login(Pages.workbench), PERSONAS.worker.displayName, /pages\/workbench/);
  // the login's reLaunch has landed (a hash change before it would be overtaken by it)
  await see(phone, '待处理');
  await settled(phone);
  const itemId = (queue.data.items as Array<{ personName: string; itemId: string }>).find((i) => i.personName === '张三')!.itemId;
  await phone.goto(`${e2e.cloud.url}/#${to.staffItem(itemId)}`);
  await see(phone, '上级数据');
  await see(phone, /一人一档中没有此人 · 系统$/);
  await tap(phone, '已接通');
  await field(phone, '如：已告知居家健康监测，人在辖区').fill('本人接听，在辖区');
  await tap(phone, '记录电话核查');
  await see(phone, /已接通 · 本人接听，在辖区 · 李网格$/);
  await tap(phone, '查无此人');
  await tap(phone, '提交核查结果');
  // the row is closed: the form is gone, the outcome stays
  await phone.getByText('提交核查结果', { exact: true }).first().waitFor({ state: 'hidden' });
  await see(phone, '查无此人');
  await fullShot(e2e, phone, 'datadesk-item-390');
  expect(phoneWatch.pageErrors).toEqual([]);
}, 120_000);

it('on a phone: the import page fits 390 wide', async () => {
  const { page } = await e2e.newPhone();
  await signIn(page);
  await field(page, '如：区疫情防控指挥部').fill('市公安局');
  await field(page, '如：机场专项').fill('夜查名单');
  await chooseList(page, await xlsxOf(HEADERS, ROWS.slice(0, 2)), '夜查.xlsx');
  await see(page, '确认表头：夜查.xlsx（2 行）');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await fullShot(e2e, page, 'datadesk-mapping-390');
}, 120_000);
