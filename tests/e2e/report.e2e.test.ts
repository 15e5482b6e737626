/**
 * The resident's 报备, end to end in Chromium against the real H5 build and the local cloud:
 * scan a building's QR link, log in, file a three-person household, read the receipt, find it
 * under 我的; then check what landed in the database. Driven by what a resident sees (visible
 * text and placeholders), never by test ids or direct API calls.
 */
import type { Page } from 'playwright-core';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { rows } from '../../cloudfunctions/common/db';
import type { HouseholdView } from '../../src/domain/contracts';
import { idCardCheckChar } from '../../src/domain/idcard';
import { maskIdNumber, maskPhone } from '../../src/domain/masking';
import type { QueueItemDoc } from '../../src/domain/queue';
import { shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { STEP_TIMEOUT, field, fullShot, pick, see, shown, watchPage } from '../support/steps';

const RESIDENT_OPENID = 'o_local_resident_1';

/** A valid 居民身份证 number: region 110105 (北京 朝阳), birth date, sequence, check character. */
function idNumber(birth: string, seq: string): string {
  const first17 = `110105${birth}${seq}`;
  return first17 + idCardCheckChar(first17);
}

const REPORTER = { name: '张伟', id: idNumber('19850312', '031'), phone: '13812345678', temperature: '36.5' };
const SPOUSE = { name: '王芳', id: idNumber('19870921', '042'), phone: '13900001234', temperature: '36.4' };
// born 2018: under 14, so no phone
const CHILD = { name: '张小宝', id: idNumber('20180605', '013'), temperature: '36.7' };
const ROOM = '201';
const ADDRESS = `祥云一区 3号楼 1单元 ${ROOM}`;

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 30_000);

afterAll(async () => {
  await e2e?.stop();
});

// --- what the resident sees -------------------------------------------------------------------

/** Text of the page on screen (the shown Taro page; hidden pages of the stack stay in the DOM). */
async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

async function openQrAndLogin(page: Page, persona: string, shotName?: string): Promise<number> {
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${e2e.cloud.url}/q/${e2e.cloud.demo!.buildingCode}`);
  // no session yet: the app asks for a (demo) login first
  await see(page, '本地演示登录');
  const persons = shown(page, persona);
  await persons.waitFor();
  const ms = shotName ? (await fullShot(e2e, page, shotName)).ms : 0;
  await persons.click();
  return ms;
}

async function countAll(): Promise<Record<string, number>> {
  const db = getDb();
  const out: Record<string, number> = {};
  for (const name of [Collections.reports, Collections.households, Collections.persons, Collections.queueItems]) {
    out[name] = (await rows(db.collection(name).limit(1000))).length;
  }
  return out;
}

// --- the tests --------------------------------------------------------------------------------

test('a resident scans the building QR, files a three-person household, gets the receipt and finds it under 我的', async () => {
  const demo = e2e.cloud.demo!;
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  const started = Date.now();
  let shotMs = 0;

  // --- scan → login → entry
  shotMs += await openQrAndLogin(page, '居民 张先生', 'report-1-login');
  // back on the entry page with the scanned code (reLaunch keeps the QR query)
  await see(page, '开始报备');
  expect(page.url()).toContain(`code=${demo.buildingCode}`);
  await see(page, demo.communityName);
  await see(page, demo.buildingName);
  shotMs += (await fullShot(e2e, page, 'report-2-entry')).ms;

  // --- the form, as it opens
  await shown(page, '开始报备').click();
  await field(page, '请输入姓名').waitFor();
  await see(page, '房屋信息');
  await see(page, demo.buildingName);
  // 3号楼 has a single unit: it is chosen already
  await see(page, '1单元');
  shotMs += (await fullShot(e2e, page, 'report-3-form-empty')).ms;

  // room
  await pick(page, shown(page, '请选择房号'), `${ROOM} 室`);
  await see(page, `${ROOM} 室`);

  // privacy notice (required) and the separate health/travel consent
  await shown(page, '我已阅读并同意《隐私政策》').click();
  await shown(page, '同意收集健康与行程信息（敏感个人信息）').click();
  await field(page, '体温（℃，可不填）').first().waitFor();

  // the reporter
  await field(page, '请输入姓名').fill(REPORTER.name);
  await field(page, '请输入证件号码').fill(REPORTER.id);
  await field(page, '请输入手机号（14岁以下可不填）').fill(REPORTER.phone);
  await field(page, '体温（℃，可不填）').fill(REPORTER.temperature);

  // spouse: 配偶 is the first relation on the wheel
  await shown(page, '添加家庭成员').click();
  await see(page, '家庭成员 2');
  await field(page, '请输入姓名').nth(1).fill(SPOUSE.name);
  await pick(page, shown(page, '请选择关系'), '配偶');
  await see(page, '配偶');
  await field(page, '请输入证件号码').nth(1).fill(SPOUSE.id);
  await field(page, '请输入手机号（14岁以下可不填）').nth(1).fill(SPOUSE.phone);
  await field(page, '体温（℃，可不填）').nth(1).fill(SPOUSE.temperature);

  // child: no phone
  await shown(page, '添加家庭成员').click();
  await see(page, '家庭成员 3');
  await field(page, '请输入姓名').nth(2).fill(CHILD.name);
  await pick(page, shown(page, '请选择关系'), '子女');
  await see(page, '子女');
  await field(page, '请输入证件号码').nth(2).fill(CHILD.id);
  await field(page, '体温（℃，可不填）').nth(2).fill(CHILD.temperature);

  // health questions start unanswered: each member's symptoms and health code
  for (let i = 0; i < 3; i++) {
    await shown(page, '无症状').nth(i).click();
    await shown(page, '绿码').nth(i).click();
  }

  // category and travel
  await shown(page, '返回人员').click();
  await see(page, '行程信息');
  await field(page, '出发地，如：湖北省 武汉市 江岸区').fill('湖北省 武汉市 江岸区');
  await field(page, '详细地址（可不填）').fill('沿江大道 188 号');
  await pick(page, shown(page, '请选择到达日期')); // the wheel starts on today
  await see(page, shanghaiDateString(new Date()));
  await pick(page, shown(page, '请选择交通方式'), '火车/高铁');
  await see(page, '火车/高铁');
  await field(page, '车次/航班号（可不填）').fill('G502');
  await field(page, '其他需要说明的情况（可不填）').fill('孩子在本小区幼儿园上学');

  shotMs += (await fullShot(e2e, page, 'report-4-form-filled')).ms;

  // --- submit → receipt
  await shown(page, '提交报备').click();
  await see(page, '报备成功');
  const toReceiptMs = Date.now() - started;
  const reportId = new URL(page.url().replace('/#/', '/')).searchParams.get('reportId');
  expect(reportId).toBeTruthy();

  await see(page, '登记人员（3人）');
  await see(page, demo.communityName);
  await see(page, ADDRESS);
  await see(page, '返回人员');
  for (const person of [REPORTER, SPOUSE, CHILD]) {
    await see(page, person.name);
    await see(page, `居民身份证 ${maskIdNumber('id_card', person.id)}`);
  }
  expect(maskIdNumber('id_card', REPORTER.id)).toMatch(/^110105\*{8}\d{3}[\dX]$/);
  await see(page, `手机 ${maskPhone(REPORTER.phone)}`);
  expect(maskPhone(REPORTER.phone)).toBe('138****5678');
  await see(page, `手机 ${maskPhone(SPOUSE.phone)}`);
  await see(page, '负责网格员');
  await see(page, '李网格');
  const callButton = shown(page, '拨打电话');
  await callButton.waitFor();
  expect(await callButton.isEnabled()).toBe(true);
  const receiptText = await screenText(page);
  // the child was filed without a phone: only two phone lines
  expect(receiptText.match(/手机 /g) ?? []).toHaveLength(2);
  const html = await page.content();
  for (const full of [REPORTER.id, SPOUSE.id, CHILD.id, REPORTER.phone, SPOUSE.phone]) {
    expect(receiptText).not.toContain(full);
    // nor anywhere in the document (hidden pages, attributes, input values)
    expect(html).not.toContain(full);
  }
  shotMs += (await fullShot(e2e, page, 'report-5-receipt')).ms;

  // --- 我的
  await shown(page, '查看我的报备').click();
  await see(page, '我的家庭');
  // the receipt leaves the screen (Taro removes it shortly after switching tabs)
  await shown(page, '报备成功').waitFor({ state: 'hidden' });
  await see(page, '我的报备记录');
  await see(page, ADDRESS);
  for (const person of [REPORTER, SPOUSE, CHILD]) await see(page, person.name);
  // the report in the list: its category and the names of the people filed
  await see(page, [REPORTER.name, SPOUSE.name, CHILD.name].join('、'));
  await see(page, '返回人员');
  const meText = await screenText(page);
  for (const full of [REPORTER.id, SPOUSE.id, CHILD.id, REPORTER.phone, SPOUSE.phone]) expect(meText).not.toContain(full);
  shotMs += (await fullShot(e2e, page, 'report-6-me')).ms;

  console.log(
    `报备 time to receipt: ${(toReceiptMs / 1000).toFixed(1)} s from opening the QR URL ` +
      `(${((toReceiptMs - shotMs) / 1000).toFixed(1)} s without the screenshots taken on the way); ` +
      `console errors: ${problems.consoleErrors.length ? problems.consoleErrors.join(' | ') : 'none'}`,
  );
  expect(problems.pageErrors).toEqual([]);
  expect(toReceiptMs).toBeLessThan(60_000);

  // --- what landed: the household, as the resident's own function call sees it
  const household = await e2e.cloud.invoke('report', { action: 'myHousehold', payload: {} }, RESIDENT_OPENID);
  expect(household.ok).toBe(true);
  const view = (household as { ok: true; data: HouseholdView | null }).data;
  expect(view).not.toBeNull();
  expect(view!.buildingId).toBe(demo.buildingId);
  expect(view!.communityId).toBe(demo.communityId);
  expect(view!.address).toBe(ADDRESS);
  expect(view!.members).toHaveLength(3);
  expect(view!.members.map((m) => [m.name, m.relation]).sort()).toEqual(
    [
      [REPORTER.name, 'self'],
      [SPOUSE.name, 'spouse'],
      [CHILD.name, 'child'],
    ].sort(),
  );

  // --- and the work queue: exactly one open item for the grid worker to verify it
  const items = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ kind: 'verify_report' }).limit(1000));
  const open = items.filter(
    (i) =>
      i.status === 'open' &&
      i.placePath.includes(demo.buildingId) &&
      i.placePath.includes(demo.gridIds[0]) &&
      i.placePath.includes(demo.communityId),
  );
  expect(open).toHaveLength(1);
  expect(open[0].refId).toBe(reportId);
  expect(open[0].gridId).toBe(demo.gridIds[0]);
  expect(`${open[0].title} ${open[0].summary}`).not.toContain(REPORTER.id);
}, 75_000);

test('a wrong ID check character is shown under the field and nothing is written', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  const before = await countAll();

  await openQrAndLogin(page, '居民 刘女士');
  await shown(page, '开始报备').click();
  await field(page, '请输入姓名').waitFor();

  // everything else valid, so the check character is the only thing wrong
  const valid = idNumber('19900101', '022');
  const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
  await pick(page, shown(page, '请选择房号'), '102 室');
  await shown(page, '我已阅读并同意《隐私政策》').click();
  await field(page, '请输入姓名').fill('刘洋');
  const idInput = field(page, '请输入证件号码');
  await idInput.fill(wrong);
  await field(page, '请输入手机号（14岁以下可不填）').fill('13700007777');
  await shown(page, '其他').click();
  await shown(page, '提交报备').click();

  const error = page.getByText('身份证号校验位不正确', { exact: false }).locator('visible=true');
  await error.waitFor();
  await see(page, '请按红色提示修改后再提交');
  // right under the ID number input, above the phone field (measured together: the page scrolls to the top)
  const handles = [await error.elementHandle(), await idInput.elementHandle(), await shown(page, '手机号').elementHandle()];
  const [errorTop, inputBottom, phoneLabelTop] = await page.evaluate(
    ([e, i, p]) => [e!.getBoundingClientRect().top, i!.getBoundingClientRect().bottom, p!.getBoundingClientRect().top],
    handles,
  );
  expect(errorTop).toBeGreaterThanOrEqual(inputBottom - 1);
  expect(errorTop).toBeLessThan(phoneLabelTop);
  // what the resident sees right after tapping 提交报备 (once the page has scrolled), and the whole form
  await shown(page, '请按红色提示修改后再提交').click({ trial: true });
  await e2e.shot(page, 'report-7-idcheck-error-on-screen');
  await fullShot(e2e, page, 'report-8-idcheck-error');

  // still on the form, and nothing was filed
  expect(page.url()).toContain('/pages/report/form');
  expect(await countAll()).toEqual(before);
  expect(problems.pageErrors).toEqual([]);
}, 40_000);
