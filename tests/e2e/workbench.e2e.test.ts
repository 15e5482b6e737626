/**
 * 工作台 in the field, end to end in Chromium against the real H5 build and the local cloud:
 * a grid worker with many items, a 65-year-old resident's emergency, and the staff parts of 7.
 * Households, requests and a fever check-in are filed in-process by their residents; everything
 * the worker does is done through the UI, by visible text and placeholders; what landed is checked
 * through the backend. Screenshots at phone (390×844) and desk (1440×900) width.
 *
 * 5. The worker opens the app and lands on the 工作台 tab (residents see no such tab), scans ≥ 6
 *    compact rows on the first screen, searches by name / phone tail / room, filters by building
 *    and kind, verifies three reports at once (批量核实), and starts isolation for a household.
 * 6. On an emergency the call is the first thing on screen and needs no reason (audited as a
 *    call); 不予受理 is small, apart, and asks first; the fever alert names whom and where.
 * 7. After isolation started the person offers 查看隔离; a verification records 听声 and 验码;
 *    办结 takes an outcome note the resident reads in the timeline.
 */
import type { Page } from 'playwright-core';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { rows } from '../../cloudfunctions/common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { IsolationDoc } from '../../src/domain/checkins';
import type { BuildingView, ReportReceipt, RequestView } from '../../src/domain/contracts';
import type { MemberInput, ReportDoc } from '../../src/domain/household';
import { shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { householdReport, idCard, requestId } from '../support/people';
import { field, fullShot, loginAt, see, settled, shown, STEP_TIMEOUT, tap, unwrap, viewportShot, watchPage } from '../support/steps';

const RESIDENT = PERSONAS.resident; // 王秀英's household: she is 65 and files from her own phone
const WORKER = PERSONAS.worker; // 李网格, 第一网格
const SEARCH = '搜索姓名 / 房号 / 手机尾号';

let e2e: E2E;
let wang: ReportReceipt;
let chu: ReportReceipt;
let otherBuilding: BuildingView; // 祥云二区 1号楼, also 第一网格
let emergencyId = '';
let medicineId = '';

let seq = 0;
function member(name: string, relation: MemberInput['relation'], birth: string, phone?: string): MemberInput {
  seq += 1;
  return { name, relation, idType: 'id_card', idNumber: idCard(birth, seq), ...(phone ? { phone } : {}) };
}

async function file(openid: string, buildingId: string, room: string, members: MemberInput[], unit = '1单元'): Promise<ReportReceipt> {
  return unwrap<ReportReceipt>(
    await e2e.cloud.invoke('report', { action: 'submit', payload: householdReport(buildingId, { unit, room, members }) }, openid),
    'report.submit',
  );
}

async function request(openid: string, personId: string, urgency: 'normal' | 'urgent' | 'emergency', details: unknown): Promise<string> {
  return unwrap<RequestView>(
    await e2e.cloud.invoke('request', { action: 'create', payload: { clientRequestId: requestId(), personId, urgency, details } }, openid),
    'request.create',
  ).requestId;
}

const today = () => shanghaiDateString(new Date());

beforeAll(async () => {
  e2e = await startE2E();
  const demo = e2e.cloud.demo!.buildingId;
  otherBuilding = unwrap<{ items: BuildingView[] }>(
    await e2e.cloud.invoke('staff', { action: 'buildings', payload: {} }, WORKER.openid),
    'staff.buildings',
  ).items.find((b) => b.compoundName === '祥云二区' && b.name === '1号楼')!;

  wang = await file(RESIDENT.openid, demo, '302', [
    member('王秀英', 'self', '19600315', '13911112468'),
    member('李国庆', 'spouse', '19581001', '13922223579'),
    member('李小华', 'grandchild', '20160601'),
  ]);
  // a grid of households: 200 items in real life, a dozen here
  const names = ['刘建国', '陈梅', '赵丽', '孙立', '周敏', '吴刚', '郑洁', '冯涛', '蒋华', '沈阳', '韩梅', '杨帆'];
  for (const [i, name] of names.entries()) {
    const building = i % 3 === 2 ? otherBuilding.id : demo;
    await file(`o_wb_e2e_${i}`, building, `${i + 4}01`, [member(name, 'self', `197${i % 10}0101`, `1360000${String(1000 + i)}`)], i % 3 === 2 ? '2单元' : '1单元');
  }
  // her emergency, and her husband's medicine
  emergencyId = await request(RESIDENT.openid, wang.members[0].personId, 'emergency', {
    kind: 'transport',
    reason: '胸闷气短，喘不上气',
    hospital: '市人民医院',
    pickupAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  });
  medicineId = await request(RESIDENT.openid, wang.members[1].personId, 'normal', { kind: 'medicine', drug: '降压药', quantity: '2盒' });
  // an old man under isolation reports a fever
  chu = await file('o_wb_e2e_chu', demo, '1201', [member('褚大爷', 'self', '19580606', '13588880001')]);
  unwrap(
    await e2e.cloud.invoke(
      'staff',
      { action: 'startIsolation', payload: { personId: chu.members[0].personId, kind: 'home_isolation', startDate: today(), plannedDays: 14, reason: '密接' } },
      WORKER.openid,
    ),
    'staff.startIsolation',
  );
  unwrap(
    await e2e.cloud.invoke('checkin', { action: 'submit', payload: { personId: chu.members[0].personId, temperature: 38.6, symptoms: ['cough'] } }, 'o_wb_e2e_chu'),
    'checkin.submit',
  );
}, 120_000);

afterAll(async () => {
  await e2e?.stop();
});

/** The visible queue rows. */
const rowsOf = (page: Page) => page.locator('.qrow').locator('visible=true');
/** Waits until the list shows `n` rows (a filter reloads it). */
async function rowsAre(page: Page, n: number): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT;
  let count = await rowsOf(page).count();
  while (count !== n && Date.now() < deadline) {
    await page.waitForTimeout(100);
    count = await rowsOf(page).count();
  }
  expect(count).toBe(n);
}
/** The row whose first line names this person and this kind. */
const row = (page: Page, name: string, kind: string) =>
  rowsOf(page).filter({ has: page.getByText(name, { exact: true }) }).filter({ has: page.getByText(kind, { exact: true }) });

/** The page on top of Taro's H5 stack (the pages under it stay in the document). */
const onTop = (page: Page) => page.locator('.taro_page').last();

/** Rows wholly on screen above the tab bar. */
async function rowsOnFirstScreen(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bar = document.querySelector('.tabbar')?.getBoundingClientRect().top ?? window.innerHeight;
    return Array.from(document.querySelectorAll('.qrow')).filter((el) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= bar;
    }).length;
  });
}

/** The tab labels of the tab bar at the foot of the window. */
const tabs = (page: Page) => page.locator('.tabbar .tabbar__text').locator('visible=true').allTextContents();

async function searchFor(page: Page, text: string): Promise<void> {
  await field(page, SEARCH).fill(text);
  await tap(page, '搜索');
  await see(page, `搜索“${text}”的结果`);
}

/**
 * Picks a building further down the wheel than it shows: taps down the wheel a visible item at a
 * time (each tap turns the wheel to it, bringing the next ones into view), then confirms.
 */
async function pickBuilding(page: Page, opener: string, via: string[], building: string): Promise<void> {
  await shown(page, opener).click();
  const ok = shown(page, '确定');
  await ok.click({ trial: true });
  for (const step of [...via, building]) {
    await shown(page, step).click({ force: true });
    await page.waitForTimeout(400);
  }
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

async function clearSearch(page: Page): Promise<void> {
  await field(page, SEARCH).fill('');
  await shown(page, /^搜索“/).first().waitFor({ state: 'hidden' });
}

// --- 5 ------------------------------------------------------------------------------------------

test('5: the worker lands on 工作台, scans compact rows, searches, filters and acts on several at once', async () => {
  // a resident opening the app: 报备 first, and no 工作台 tab
  const resident = await e2e.newPhone();
  await loginAt(e2e, resident.page, '/pages/report/index', RESIDENT.displayName, /pages\/report\/index/);
  await resident.page.locator('.tabbar').waitFor();
  await settled(resident.page);
  expect(await tabs(resident.page)).toEqual(['报备', '求助', '我的']);
  await viewportShot(e2e, resident.page, 'wb-5-0-resident-tabs-phone');

  // the worker opening the app: signed in, they land on 工作台
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/report/index', WORKER.displayName, /pages\/workbench\/index/);
  await see(page, '李网格');
  await row(page, '王秀英', '居民求助').waitFor();
  await settled(page);
  expect(await tabs(page)).toEqual(['工作台', '报备', '求助', '我的']);
  await expect(page.locator('.tabbar__item--on').innerText()).resolves.toContain('工作台');
  // most urgent first: her emergency, then the fever alert
  const kinds = await page.locator('.qrow__kind').locator('visible=true').allTextContents();
  expect(kinds.slice(0, 2)).toEqual(['居民求助', '打卡异常']);
  expect(await rowsOnFirstScreen(page)).toBeGreaterThanOrEqual(6);
  const firstRow = await row(page, '王秀英', '居民求助').innerText();
  expect(firstRow).toContain('危急');
  expect(firstRow).toContain('祥云一区 3号楼 1单元 302');
  expect(firstRow).toMatch(/\d{2}-\d{2} \d{2}:\d{2}/);
  await viewportShot(e2e, page, 'wb-5-1-landing-phone');
  await fullShot(e2e, page, 'wb-5-1-queue-phone-full');

  // search: by name, by the last four digits of the phone, by room
  await searchFor(page, '王秀英');
  await rowsAre(page, 2);
  await row(page, '王秀英', '报备核实').waitFor();
  await viewportShot(e2e, page, 'wb-5-2-search-name-phone');
  await searchFor(page, '3579');
  // her husband's phone: his request and the household's report
  await row(page, '李国庆', '居民求助').waitFor();
  await rowsAre(page, 2);
  await searchFor(page, '302');
  await rowsAre(page, 3);
  await clearSearch(page);

  // the building filter, then a kind
  await pickBuilding(page, '全部楼栋', ['祥云一区 3号楼'], '祥云二区 1号楼');
  await see(page, '祥云二区 1号楼');
  await rowsAre(page, 4);
  for (const text of await rowsOf(page).allInnerTexts()) expect(text).toContain('祥云二区 1号楼');
  await viewportShot(e2e, page, 'wb-5-3-building-phone');
  await pickBuilding(page, '祥云二区 1号楼', ['祥云一区 3号楼'], '全部楼栋');
  await tap(page, '居民求助 2');
  await rowsAre(page, 2);
  await shown(page, '全部 17').click();

  // 批量核实: three reports, one outcome, two ways of checking
  await tap(page, '批量核实');
  await see(page, '点选要核实的报备');
  for (const name of ['刘建国', '陈梅', '赵丽']) await row(page, name, '报备核实').click();
  await see(page, '已选 3 户');
  await viewportShot(e2e, page, 'wb-5-4-batch-select-phone');
  await tap(page, '核实所选（3）');
  await see(page, '批量核实（3户）');
  await tap(page, '在家核实无误');
  await tap(page, '电话核实（听声）');
  await tap(page, '验码');
  await field(page, '核实情况说明（可不填）').fill('逐户电话核实，验过健康码');
  await viewportShot(e2e, page, 'wb-5-5-batch-sheet-phone');
  await expect(page.locator('.tabbar').isVisible()).resolves.toBe(false);
  await tap(page, '确认核实');
  await see(page, '已核实 3 项：在家核实无误');
  await page.locator('.tabbar').waitFor();
  const verified = await rows<ReportDoc>(getDb().collection(Collections.reports).where({ status: 'verified' }).limit(100));
  expect(verified.map((r) => r.members[0].name).sort()).toEqual(['刘建国', '陈梅', '赵丽'].sort());
  for (const r of verified)
    expect(r.verification).toMatchObject({ outcome: 'at_home', methods: ['phone', 'code_check'], note: '逐户电话核实，验过健康码', staffName: '李网格' });
  await see(page, '报备核实 11');

  // isolation for a household at once, from its report: the persons by full name
  await shown(page, '全部 14').click();
  await row(page, '王秀英', '报备核实').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await see(page, '家庭成员（3人）');
  for (const name of ['王秀英', '李国庆', '李小华']) await see(page, name);
  await tap(page, '多人开始隔离');
  await see(page, '王秀英（本人）');
  await see(page, '李小华（孙子女/外孙子女）');
  await viewportShot(e2e, page, 'wb-5-6-isolate-many-phone');
  await tap(page, '为所选3人开始');
  await page.waitForURL(/staff\/pages\/isolation\/index/);
  await see(page, '王秀英、李国庆、李小华（3人）');
  await tap(page, '密切接触者');
  await tap(page, '开始居家隔离');
  await see(page, '已为3人开始居家隔离');
  await fullShot(e2e, page, 'wb-5-7-isolations-started-phone');
  const isolations = await rows<IsolationDoc>(getDb().collection(Collections.isolations).where({ householdId: wang.householdId, status: 'active' }));
  expect(isolations.map((i) => i.personName).sort()).toEqual(['李国庆', '李小华', '王秀英'].sort());

  // 7: back on the report, each member is under isolation: 查看隔离, no second start
  await page.goBack();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await see(page, '查看隔离');
  await expect(shown(page, '居家隔离中').count()).resolves.toBe(3);
  await expect(shown(page, '开始居家隔离').count()).resolves.toBe(0);
  await expect(shown(page, '多人开始隔离').count()).resolves.toBe(0);
  await fullShot(e2e, page, 'wb-7-1-isolated-members-phone');
  await shown(page, '查看隔离').first().click();
  await page.waitForURL(/staff\/pages\/isolation\/index/);
  await see(page, '居家隔离中');
  expect(problems.pageErrors).toEqual([]);
}, 240_000);

// --- 6 ------------------------------------------------------------------------------------------

test('6: on her emergency the call comes first and needs no reason; 不予受理 is small and asks; the fever alert names whom and where', async () => {
  const phone = await e2e.newPhone();
  let page = phone.page;
  let problems = watchPage(page);
  await loginAt(e2e, page, '/pages/workbench/index', WORKER.displayName, /pages\/workbench\/index/);
  await row(page, '王秀英', '居民求助').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  const call = shown(page, '拨打电话 王秀英');
  await call.waitFor();
  await settled(page);
  // the first button on screen, at the top, in a card with the address
  const firstButton = onTop(page).locator('.btn').first();
  await expect(firstButton.innerText()).resolves.toBe('拨打电话 王秀英');
  const callBox = (await call.boundingBox())!;
  expect(callBox.y).toBeLessThan(150);
  await see(page, '祥云一区 3号楼 1单元 302');
  await see(page, '胸闷气短，喘不上气');
  // 受理 is the way forward; 不予受理 is small, below it, not filled red
  const accept = (await shown(page, '受理').boundingBox())!;
  const reject = shown(page, '不予受理');
  const rejectBox = (await reject.boundingBox())!;
  expect(rejectBox.y).toBeGreaterThan(accept.y);
  expect(rejectBox.height).toBeLessThan(accept.height);
  expect(rejectBox.width).toBeLessThan(accept.width / 2);
  const rejectClass = (await reject.locator('xpath=ancestor-or-self::*[contains(@class,"btn")][1]').getAttribute('class')) ?? '';
  expect(rejectClass).not.toContain('btn--danger');
  await viewportShot(e2e, page, 'wb-6-1-emergency-phone');
  await fullShot(e2e, page, 'wb-6-1-emergency-phone-full');

  // the call: no reason sheet, the number dialled (tel:), the call audited
  await call.click();
  const calls = async () => rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ action: 'call' }).limit(10));
  for (let i = 0; i < 50 && (await calls()).length === 0; i++) await page.waitForTimeout(100);
  expect((await calls()).map((a) => [a.actor.name, a.target.id, a.target.field, a.reason])).toEqual([
    ['李网格', wang.members[0].personId, 'phone', expect.stringMatching(/^事项 q_/)],
  ]);
  expect(await page.locator('.sheet').count()).toBe(0);
  expect(problems.pageErrors).toEqual([]);
  // on a phone the dialer takes over; headless Chromium leaves the page behind its tel: prompt, so
  // the worker carries on in a fresh tab of the same session
  const itemUrl = page.url();
  await page.close();
  page = await phone.context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  problems = watchPage(page);
  await page.goto(itemUrl);
  await shown(page, '拨打电话 王秀英').waitFor();

  // 不予受理 asks for the reason before anything is sent
  await tap(page, '不予受理');
  await see(page, '请说明原因，居民会在求助进度中看到。');
  await viewportShot(e2e, page, 'wb-6-2-reject-asks-phone');
  await tap(page, '确认不予受理');
  await see(page, '请填写不予受理的原因，居民会看到');
  await tap(page, '取消');
  const stillOpen = unwrap<RequestView>(await e2e.cloud.invoke('request', { action: 'detail', payload: { requestId: emergencyId } }, RESIDENT.openid), 'detail');
  expect(stillOpen.status).toBe('submitted');
  await tap(page, '受理');
  await see(page, '已受理，请尽快办理');

  // the fever alert: whom, where, and the call first
  await page.goto(`${e2e.cloud.url}/#/pages/workbench/index`);
  await row(page, '褚大爷', '打卡异常').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await shown(page, '拨打电话 褚大爷').waitFor();
  await settled(page);
  await expect(onTop(page).locator('.btn').first().innerText()).resolves.toBe('拨打电话 褚大爷');
  await see(page, '祥云一区 3号楼 1单元 1201');
  await see(page, '打卡人 · 135****0001');
  await see(page, '查看隔离');
  await fullShot(e2e, page, 'wb-6-3-fever-alert-phone');
  expect(problems.pageErrors).toEqual([]);
}, 180_000);

// --- 7 ------------------------------------------------------------------------------------------

test('7: a verification records 听声 and 验码; 办结 takes a note the resident reads', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/workbench/index', WORKER.displayName, /pages\/workbench\/index/);
  await searchFor(page, '孙立');
  await row(page, '孙立', '报备核实').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await tap(page, '在家核实无误');
  await tap(page, '电话核实（听声）');
  await tap(page, '验码');
  await viewportShot(e2e, page, 'wb-7-2-two-methods-phone');
  await tap(page, '提交核实');
  await see(page, '核实结果已提交');
  await see(page, '电话核实（听声）、验码');
  const [report] = await rows<ReportDoc>(getDb().collection(Collections.reports).where({ 'members.name': '孙立' }));
  expect(report.verification).toMatchObject({ outcome: 'at_home', methods: ['phone', 'code_check'] });

  // 办结 with the outcome, which the resident sees
  await tap(page, '返回工作台');
  await clearSearch(page);
  await row(page, '李国庆', '居民求助').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await tap(page, '受理');
  await see(page, '已受理，请尽快办理');
  await tap(page, '办结');
  await see(page, '写下办理结果，居民会在求助进度中看到。');
  await field(page, '如：药已送到家门口，已电话告知（可不填）').fill('降压药两盒已送到门口，已电话告知');
  await viewportShot(e2e, page, 'wb-7-3-complete-note-phone');
  await tap(page, '确认办结');
  await see(page, '已办结，居民会看到“已完成”');
  const seen = unwrap<RequestView>(await e2e.cloud.invoke('request', { action: 'detail', payload: { requestId: medicineId } }, RESIDENT.openid), 'detail');
  expect(seen.timeline.at(-1)).toMatchObject({ to: 'done', note: '降压药两盒已送到门口，已电话告知' });

  // on her own phone
  const resident = await e2e.newPhone();
  resident.page.setDefaultTimeout(STEP_TIMEOUT);
  await loginAt(e2e, resident.page, `/pages/request/detail?id=${medicineId}`, RESIDENT.displayName, /pages\/request\/detail/);
  await see(resident.page, '降压药两盒已送到门口，已电话告知');
  await fullShot(e2e, resident.page, 'wb-7-4-resident-reads-outcome-phone');
  expect(problems.pageErrors).toEqual([]);
}, 180_000);

// --- the same pages at a desk ------------------------------------------------------------------

test('at a desk (1440×900): 工作台, the emergency item and the batch sheet', async () => {
  const { page } = await e2e.newDesk();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/report/index', WORKER.displayName, /pages\/workbench\/index/);
  await rowsOf(page).first().waitFor();
  await settled(page);
  expect(await tabs(page)).toEqual(['工作台', '报备', '求助', '我的']);
  await viewportShot(e2e, page, 'wb-desk-1-workbench');
  await tap(page, '批量核实');
  await see(page, '点选要核实的报备');
  await rowsOf(page).nth(0).click();
  await rowsOf(page).nth(1).click();
  await tap(page, '核实所选（2）');
  await see(page, '批量核实（2户）');
  // the sheet's buttons are not under the tab bar
  await expect(page.locator('.tabbar').isVisible()).resolves.toBe(false);
  await viewportShot(e2e, page, 'wb-desk-2-batch-sheet');
  await page.locator('.sheet').getByText('取消', { exact: true }).click();
  await tap(page, '取消');
  await shown(page, /^全部 \d+$/).first().click();
  await row(page, '褚大爷', '打卡异常').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await shown(page, '拨打电话 褚大爷').waitFor();
  await settled(page);
  await viewportShot(e2e, page, 'wb-desk-3-alert-item');
  // her household's report: the members under isolation, and the isolation page
  await page.goto(`${e2e.cloud.url}/#/pages/workbench/index`);
  await searchFor(page, '王秀英');
  await row(page, '王秀英', '报备核实').click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await see(page, '家庭成员（3人）');
  await settled(page);
  await fullShot(e2e, page, 'wb-desk-4-report-item');
  await shown(page, '查看隔离').first().click();
  await page.waitForURL(/staff\/pages\/isolation\/index/);
  await see(page, '居家隔离中');
  await settled(page);
  await page.waitForTimeout(500);
  await fullShot(e2e, page, 'wb-desk-5-isolation');
  expect(problems.pageErrors).toEqual([]);
}, 120_000);
