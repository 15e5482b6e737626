/**
 * What a 65-year-old resident and a grid worker ran into (issue "In the field"), end to end in
 * Chromium on the real H5 build: 代报 without a phone, re-filing without retyping, health answers
 * that start unanswered, and the smaller defects of the forms. Each page is looked at at phone
 * width and at desk width.
 */
import type { Page } from 'playwright-core';
import { PERSONAS } from '../../localcloud/personas';
import { maskIdNumber, maskPhone } from '../../src/domain/masking';
import type { HouseholdView, Page as ListPage, RequestView } from '../../src/domain/contracts';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree, idCard, requestId } from '../support/people';
import { box, field, fileDemoHousehold, fullShot, loginAt, pick, see, shown, tap, unwrap, watchPage } from '../support/steps';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 30_000);

afterAll(async () => {
  await e2e?.stop();
});

const screenText = (page: Page) => page.evaluate(() => document.body.innerText);

/** A phone-width shot, then the same page at a desk. */
async function bothWidths(page: Page, name: string): Promise<void> {
  await fullShot(e2e, page, `${name}-phone`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await fullShot(e2e, page, `${name}-desk`);
  await page.setViewportSize({ width: 390, height: 844 });
}

test('1. 代报 for a resident without a phone: no phone asked, the card names the resident, the worker is the contact', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/staff/pages/proxy/index', PERSONAS.worker.displayName, /staff\/pages\/proxy\/index/);
  await see(page, '代居民报备');
  await see(page, '居民本人');
  expect(await screenText(page)).not.toContain('填报人（本人）');
  await pick(page, shown(page, '请选择楼栋'), '祥云一区 3号楼');
  await pick(page, shown(page, '请选择房号'), '201 室');
  await tap(page, '已向居民说明《隐私政策》，居民同意登记');
  await field(page, '请输入姓名').fill('赵老伯');
  await field(page, '请输入证件号码').fill(idCard('19530412', 901));
  // an adult with no phone: the placeholder says so, and nothing is demanded
  await field(page, '手机号（没有可不填）').waitFor();
  await tap(page, '其他');
  await bothWidths(page, 'field-1-proxy-form');
  await tap(page, '提交代报');
  await see(page, '代报成功');
  await see(page, '联系人');
  await see(page, '李网格');
  expect(await screenText(page)).not.toContain('请填写手机号');
  await bothWidths(page, 'field-1-proxy-filed');
  expect(problems.pageErrors).toEqual([]);
}, 60_000);

test('3. re-filing keeps the stored ID numbers and phones, offers the last answers, and a reload keeps the draft', async () => {
  const family = familyOfThree(911);
  const openid = PERSONAS.resident.openid;
  await fileDemoHousehold(e2e, openid, '401', family);
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/me/index', PERSONAS.resident.displayName, /pages\/me\/index/);
  await see(page, '我的家庭');
  await tap(page, '更新报备');
  await field(page, '请输入姓名').first().waitFor();
  // every member is there with their stored, masked numbers: nothing to retype, no contradiction
  for (const m of family) await see(page, `居民身份证 ${maskIdNumber('id_card', m.idNumber)}`);
  await see(page, maskPhone(family[0].phone!));
  expect(await shown(page, '已登记').count()).toBe(5);
  expect(await field(page, '请输入证件号码').count()).toBe(0);
  // the last answer (返回人员) is the starting point
  expect(await box(page, '.chip', '返回人员').getAttribute('class')).toContain('chip--on');
  // the resident changes one phone, then the page reloads half way
  await shown(page, '修改').nth(1).click();
  await field(page, '请输入手机号（14岁以下可不填）').first().fill('13600009999');
  await bothWidths(page, 'field-3-refile-form');
  await page.reload();
  await field(page, '请输入手机号（14岁以下可不填）').first().waitFor();
  expect(await field(page, '请输入手机号（14岁以下可不填）').first().inputValue()).toBe('13600009999');
  // health questions are asked afresh for everyone (never carried over as facts)
  for (let i = 0; i < family.length; i++) {
    await shown(page, '无症状').nth(i).click();
    await shown(page, '绿码').nth(i).click();
  }
  await tap(page, '提交报备');
  await see(page, '报备成功');
  const household = unwrap<HouseholdView>(await e2e.cloud.invoke('report', { action: 'myHousehold', payload: {} }, openid), 'myHousehold');
  expect(household.members.map((m) => m.idMasked)).toEqual(family.map((m) => maskIdNumber('id_card', m.idNumber)));
  expect(household.members.map((m) => m.phoneMasked)).toEqual(['136****9999', maskPhone(family[1].phone!), undefined]);
  expect(problems.pageErrors).toEqual([]);
}, 60_000);

test('4. health answers start unanswered and must be answered', async () => {
  const { page } = await e2e.newPhone();
  await loginAt(e2e, page, `/pages/report/index?code=${e2e.cloud.demo!.buildingCode}`, PERSONAS.resident2.displayName, /pages\/report\/index/);
  await tap(page, '开始报备');
  await field(page, '请输入姓名').waitFor();
  await pick(page, shown(page, '请选择房号'), '402 室');
  await tap(page, '我已阅读并同意《隐私政策》');
  await tap(page, '同意收集健康与行程信息（敏感个人信息）');
  // nothing preselected: neither 绿码 nor 无症状
  expect(await box(page, '.chip', '绿码').getAttribute('class')).not.toContain('chip--on');
  expect(await box(page, '.chip', '无症状').getAttribute('class')).not.toContain('chip--on');
  await field(page, '请输入姓名').fill('刘芳');
  await field(page, '请输入证件号码').fill(idCard('19700101', 912));
  await field(page, '请输入手机号（14岁以下可不填）').fill('13500001234');
  await tap(page, '健康监测');
  await tap(page, '提交报备');
  await see(page, '请选择有无症状');
  await see(page, '请选择健康码颜色');
  await bothWidths(page, 'field-4-health-unanswered');
  await tap(page, '无症状');
  await tap(page, '绿码');
  await tap(page, '提交报备');
  await see(page, '报备成功');
}, 60_000);

test('7. a long name is refused with the limit shown, a one-trip schedule is refused, the request list does not break times', async () => {
  const { page } = await e2e.newPhone();
  await loginAt(e2e, page, `/pages/report/index?code=${e2e.cloud.demo!.buildingCode}`, PERSONAS.resident3.displayName, /pages\/report\/index/);
  await tap(page, '开始报备');
  const name = field(page, '请输入姓名');
  await name.fill('张'.repeat(35));
  // not cut at 30: the count shows how far over it is
  expect(await name.inputValue()).toHaveLength(35);
  await see(page, '35/30');
  await tap(page, '提交报备');
  await see(page, '内容过长（最多30个字）');
  await bothWidths(page, 'field-7-long-name');

  // a schedule with fewer than two trips is refused by the same rule the function applies
  const openid = PERSONAS.resident3.openid;
  const household = await fileDemoHousehold(e2e, openid, '501', familyOfThree(913));
  const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
  const oneTrip = await e2e.cloud.invoke(
    'request',
    {
      action: 'create',
      payload: {
        clientRequestId: requestId(),
        personId: household.members[0].personId,
        urgency: 'normal',
        details: { kind: 'transport', reason: '透析', hospital: '市一院', pickupAt: `${tomorrow}T08:00:00+08:00`, recurrence: { everyDays: 2, until: tomorrow } },
      },
    },
    openid,
  );
  expect(oneTrip).toMatchObject({ ok: false, code: 'OUT_OF_RANGE' });

  // a request with a pick-up time, in the list at phone width: the time stays on one line
  unwrap<RequestView>(
    await e2e.cloud.invoke(
      'request',
      {
        action: 'create',
        payload: {
          clientRequestId: requestId(),
          personId: household.members[0].personId,
          urgency: 'normal',
          details: { kind: 'transport', reason: '定期复诊（心内科）需要轮椅协助上下楼', hospital: '市第一人民医院门诊部', pickupAt: `${tomorrow}T08:00:00+08:00` },
        },
      },
      openid,
    ),
    'request.create',
  );
  unwrap<ListPage<RequestView>>(await e2e.cloud.invoke('request', { action: 'mine', payload: {} }, openid), 'request.mine');
  await page.goto(`${e2e.cloud.url}/#/pages/request/index`);
  const summary = page.locator('.req__summary').locator('visible=true').first();
  await summary.waitFor();
  // "08:00" is drawn on one line: its characters share one line box
  const lines = await summary.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf('08:00');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 5);
      return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    }
    return -1;
  });
  expect(lines).toBe(1);
  await bothWidths(page, 'field-7-request-list');
}, 60_000);
