/**
 * The desk console in Chromium: the admin makes 陈先生 a dispatcher (an invite); at a desk
 * (1440×900) the desk shows its QR code and his phone (390×844, a demo persona) confirms the ticket,
 * as 扫码登录网页版 does; the desk is then his. He imports a list written as xlsx and one written as
 * GBK csv, fixes the row with a wrong ID and places the unplaced row from the console's row detail,
 * and opens a number of the progress table. A resident's session never gets in; on a phone the
 * three panes stack.
 */
import { PERSONAS } from '../../localcloud/personas';
import { Pages } from '../../src/domain/routes';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from '../support/browser';
import { csvOf, xlsxOf } from '../support/batches';
import { idCard } from '../support/people';
import { field, fullShot, loginAt, pick, see, settled, shown, tap, watchPage } from '../support/steps';

const DISPATCHER = PERSONAS.resident3;
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
  const demo = e2e.cloud.demo!;
  const invite = (await e2e.cloud.invoke('staff', { action: 'createInvite', payload: { role: 'dispatcher', name: '陈调度', scope: [demo.communityId] } }, PERSONAS.admin.openid)) as {
    ok: true;
    data: { inviteCode: string };
  };
  const accepted = (await e2e.cloud.invoke('staff', { action: 'acceptInvite', payload: { inviteCode: invite.data.inviteCode } }, DISPATCHER.openid)) as { ok: boolean };
  expect(accepted.ok).toBe(true);
}, 60_000);
afterAll(async () => {
  await e2e?.stop();
});

const HEADERS = ['序号', '姓名', '身份证号码', '联系电话', '现住址', '来源地', '备注'];
const XLSX_ROWS = [
  ['1', '张三', idCard('19800101', 31), '13800001111', '祥云一区3号楼2单元301', '湖北武汉', ''],
  ['2', '李四', idCard('19810202', 32), '13800002222', '和平里2号楼1单元101', '上海', ''],
  ['3', '王五', '110105198203030139', '13800003333', '锦园1号楼1单元101', '', ''],
  ['4', '钱七', '', '13800006666', '云祥花园3号楼2单元301', '', ''],
];
const CSV_ROWS = [
  ['1', '赵六', idCard('19830303', 34), '13900001111', '祥云二区1号楼1单元101', '广东深圳', '夜查'],
  ['2', '孙八', idCard('19840404', 35), '13900002222', '翠竹园2号楼', '', ''],
];

async function chooseList(page: Page, bytes: Buffer, name: string, mimeType: string) {
  const chooser = page.waitForEvent('filechooser');
  await tap(page, '选择 Excel / CSV 文件');
  await (await chooser).setFiles({ name, mimeType, buffer: bytes });
}

async function importList(page: Page, source: string, subject: string, bytes: Buffer, name: string, mimeType: string, rows: number) {
  await see(page, '导入上级核查名单');
  await field(page, '如：区疫情防控指挥部').fill(source);
  await field(page, '如：机场专项').fill(subject);
  await chooseList(page, bytes, name, mimeType);
  await see(page, `确认表头：${name}（${rows} 行）`);
  await tap(page, '确认并导入');
  await see(page, `${subject} · ${source}`);
}

const cell = (page: Page, name: string) => page.locator(`[data-cell="${name}"]`).locator('visible=true').first();

it('a dispatcher signed in by scanning imports xlsx and GBK csv, fixes an error, places a row and opens a number', async () => {
  const desk = await e2e.newDesk();
  const deskWatch = watchPage(desk.page);
  await desk.page.goto(`${e2e.cloud.url}/#${Pages.deskSignIn}`);
  const qr = desk.page.locator('[data-link]').first();
  await qr.waitFor();
  const link = (await qr.getAttribute('data-link'))!;

  // his phone, signed in as the persona: 工作台 → 扫码登录网页版 (the camera opens the code's link)
  const phone = await e2e.newPhone();
  await loginAt(e2e, phone.page, Pages.workbench, DISPATCHER.displayName, /workbench/);
  await see(phone.page, '调度员');
  await phone.page.goto(link);
  await see(phone.page, '登录网格通网页版？');
  await tap(phone.page, '确认登录');
  await see(phone.page, '网页版已登录');

  // the desk is now his 工作台, with the data desk's entry
  await desk.page.waitForURL(/workbench/, { timeout: 15_000 });
  await see(desk.page, '陈调度');
  await settled(desk.page);
  await tap(desk.page, '核查批次');
  await see(desk.page, '还没有核查批次。');
  await tap(desk.page, '导入上级核查名单');

  await importList(desk.page, '区疫情防控指挥部', '机场专项', await xlsxOf(HEADERS, XLSX_ROWS, '机场专项核查名单'), '机场专项.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 4);
  await see(desk.page, '有误的行（1）');
  await tap(desk.page, '派发 2 条');
  await see(desk.page, '已派发 2 条到各网格员的工作台');

  // the second list arrives as a GBK csv: its Chinese headers and names read right
  await tap(desk.page, '导入下一份名单');
  await importList(desk.page, '市公安局', '夜查名单', csvOf(HEADERS, CSV_ROWS, 'gbk'), '夜查名单.csv', 'text/csv', 2);
  await tap(desk.page, '派发 2 条');
  await see(desk.page, '已派发 2 条到各网格员的工作台');

  // the console: batches and progress | 待分拨 | row detail
  await desk.page.goto(`${e2e.cloud.url}/#${Pages.deskConsole}`);
  await see(desk.page, '核查批次');
  await see(desk.page, '夜查名单 · 市公安局');
  await see(desk.page, '钱七 · 第6行');

  // place the unplaced row from its detail
  await tap(desk.page, '钱七 · 第6行');
  await see(desk.page, '小区不在辖区名单中');
  await pick(desk.page, shown(desk.page, '选择楼栋').first(), '祥云一区 3号楼');
  await tap(desk.page, '分拨到该楼栋');
  await see(desk.page, '已分拨，已派发到网格员的工作台');
  await see(desk.page, '没有待分拨的记录。');

  // the xlsx batch's progress: its 有错误 number opens 王五; fixed in the detail, re-validated and dispatched
  await tap(desk.page, '机场专项 · 区疫情防控指挥部');
  await cell(desk.page, '有错误|人数').waitFor();
  await cell(desk.page, '有错误|人数').click();
  await see(desk.page, '有错误 · 人数');
  await tap(desk.page, '王五 · 第5行');
  await see(desk.page, '身份证号：身份证号校验位不正确，请逐位核对');
  const idInput = field(desk.page, '请输入正确的身份证号');
  expect(await idInput.inputValue()).toBe('110105198203030139');
  await desk.page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(e2e, desk.page, 'deskconsole-fix-1440');
  await idInput.fill(idCard('19820303', 33));
  await tap(desk.page, '保存修正并重新校验');
  await see(desk.page, '已修正，已派发到网格员的工作台');
  // the batch list counts again: nothing left to fix or place
  await see(desk.page, /^4 人 · 待分拨 0 · 有错误 0 · /);

  // the progress now: 第一网格 has 张三, 王五, 钱七; its 人数 opens them
  await cell(desk.page, '第一网格|人数').waitFor();
  expect(await cell(desk.page, '第一网格|人数').innerText()).toBe('3');
  expect(await cell(desk.page, '全部|核查中').innerText()).toBe('4');
  expect(await desk.page.locator('[data-cell="有错误|人数"]').count()).toBe(0);
  await cell(desk.page, '第一网格|人数').click();
  await see(desk.page, '第一网格 · 人数');
  for (const name of ['张三 · 第3行', '王五 · 第5行', '钱七 · 第6行']) await see(desk.page, name);
  expect(await shown(desk.page, '李四 · 第4行').count()).toBe(0);
  await tap(desk.page, '张三 · 第3行');
  await see(desk.page, '核查记录');
  await desk.page.evaluate(() => window.scrollTo(0, 0));
  await settled(desk.page);
  await fullShot(e2e, desk.page, 'deskconsole-1440');
  // three panes side by side
  const xs = await desk.page.evaluate(() => ['.dc-pane--batches', '.dc-pane--rows', '.dc-pane--detail'].map((s) => Math.round(document.querySelector(s)!.getBoundingClientRect().left)));
  expect(xs[0]).toBeLessThan(xs[1]);
  expect(xs[1]).toBeLessThan(xs[2]);
  expect(deskWatch.pageErrors).toEqual([]);

  // on his phone the console stacks, and fits 390 wide
  await phone.page.goto(`${e2e.cloud.url}/#${Pages.deskConsole}`);
  await see(phone.page, '夜查名单 · 市公安局');
  await cell(phone.page, '全部|人数').waitFor();
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await settled(phone.page);
  await fullShot(e2e, phone.page, 'deskconsole-390');
}, 180_000);

it('a resident’s session does not open the console', async () => {
  const { page } = await e2e.newPhone();
  await loginAt(e2e, page, Pages.report, PERSONAS.resident.displayName, /pages/);
  await page.goto(`${e2e.cloud.url}/#${Pages.deskConsole}`);
  await see(page, /仅限社区工作人员使用|仅限社区管理员或调度员操作/);
  await see(page, '扫码登录');
  expect(await shown(page, '核查批次').count()).toBe(0);
}, 60_000);
