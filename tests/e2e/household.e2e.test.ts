/**
 * Who owns a household, end to end in Chromium, each person on their own phone (browser context):
 * a resident who knows one ID number of another family files it and gets nothing of theirs; the grid
 * worker merges the two households when they turn out to be one; a spouse joins with a family invite.
 */
import type { Page } from 'playwright-core';
import { PERSONAS } from '../../localcloud/personas';
import { maskIdNumber } from '../../src/domain/masking';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree, requestId, type TypedMember } from '../support/people';
import { box, field, fileDemoHousehold, fullShot, loginAt, pick, see, shown, tap, unwrap, watchPage } from '../support/steps';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 30_000);

afterAll(async () => {
  await e2e?.stop();
});

const screenText = (page: Page) => page.evaluate(() => document.body.innerText);

/** The resident scans the building's code, signs in, and files one member on the real form. */
async function fileOneMember(page: Page, persona: string, member: TypedMember, room: string): Promise<void> {
  await loginAt(e2e, page, `/pages/report/index?code=${e2e.cloud.demo!.buildingCode}`, persona, /pages\/report\/index/);
  await shown(page, '开始报备').click();
  await field(page, '请输入姓名').waitFor();
  await pick(page, shown(page, '请选择房号'), `${room} 室`);
  await shown(page, '我已阅读并同意《隐私政策》').click();
  await shown(page, '同意收集健康与行程信息（敏感个人信息）').click();
  await field(page, '请输入姓名').fill(member.name);
  await field(page, '请输入证件号码').fill(member.idNumber);
  await field(page, '请输入手机号（14岁以下可不填）').fill(member.phone ?? '');
  await shown(page, '健康监测').click();
  // health questions start unanswered
  await shown(page, '无症状').click();
  await shown(page, '绿码').click();
  await shown(page, '提交报备').click();
  await see(page, '报备成功');
}

test('knowing the spouse’s ID number gets B nothing of A’s; the worker merges them once they are one family', async () => {
  const family = familyOfThree(501);
  const [husband, spouse, child] = family;
  // A (居民 张先生) filed the family earlier and asked for insulin for the child
  const a = await fileDemoHousehold(e2e, PERSONAS.resident.openid, '201', family);
  unwrap(
    await e2e.cloud.invoke(
      'request',
      {
        action: 'create',
        payload: { clientRequestId: requestId(), personId: a.members[2].personId, urgency: 'urgent', details: { kind: 'medicine', drug: '胰岛素', quantity: '2支' } },
      },
      PERSONAS.resident.openid,
    ),
    'request.create',
  );

  // --- B, on another phone, files a household of one: A's spouse as 本人, another room
  const b = await e2e.newPhone();
  const problems = watchPage(b.page);
  await fileOneMember(b.page, PERSONAS.resident3.displayName, { ...spouse, relation: 'self', phone: '13700001111' }, '202');
  await see(b.page, '待网格员确认');
  await see(b.page, spouse.name);
  await fullShot(e2e, b.page, 'household-1-b-receipt-pending');
  let text = await screenText(b.page);
  for (const leak of [husband.name, child.name, '201', '胰岛素']) expect(text).not.toContain(leak);

  // B's 我的: its own address, the pending member, none of A's people; 求助 has nothing of A's
  await tap(b.page, '查看我的报备');
  await see(b.page, '我的家庭');
  await see(b.page, '祥云一区 3号楼 1单元 202');
  await see(b.page, '待网格员确认');
  text = await screenText(b.page);
  for (const leak of [husband.name, child.name, '1单元 201', '胰岛素']) expect(text).not.toContain(leak);
  await fullShot(e2e, b.page, 'household-2-b-me');
  await b.page.goto(`${e2e.cloud.url}/#/pages/request/index`);
  await see(b.page, '我的求助');
  expect(await screenText(b.page)).not.toContain('胰岛素');

  // --- A, on their phone: the household as it was
  const aPhone = await e2e.newPhone();
  await loginAt(e2e, aPhone.page, '/pages/me/index', PERSONAS.resident.displayName, /pages\/me\/index/);
  await see(aPhone.page, '祥云一区 3号楼 1单元 201');
  for (const m of family) await see(aPhone.page, m.name);
  expect(await screenText(aPhone.page)).not.toContain('待网格员确认');

  // --- the grid worker: one 家庭成员冲突 item, both households masked; they merge them
  const worker = await e2e.newPhone();
  await loginAt(e2e, worker.page, '/pages/workbench/index', PERSONAS.worker.displayName, /pages\/workbench\/index/);
  await see(worker.page, '家庭成员冲突 1');
  await box(worker.page, '.qrow', '家庭成员冲突').click();
  await worker.page.waitForURL(/staff\/pages\/item\/index/);
  await see(worker.page, '原家庭（此人现在所在）');
  await see(worker.page, '新登记的家庭');
  await see(worker.page, maskIdNumber('id_card', spouse.idNumber));
  const itemText = await screenText(worker.page);
  for (const full of family.map((m) => m.idNumber)) expect(itemText).not.toContain(full);
  await fullShot(e2e, worker.page, 'household-3-worker-conflict');
  await tap(worker.page, '两户合并为一户');
  await field(worker.page, '如：电话核实，此人已搬至新址').fill('电话核实：夫妻同住201');
  await tap(worker.page, '确认');
  await see(worker.page, '已处理：两户合并为一户');
  await fullShot(e2e, worker.page, 'household-4-worker-merged');

  // --- B now shares A's household
  await b.page.goto(`${e2e.cloud.url}/#/pages/me/index`);
  await see(b.page, '祥云一区 3号楼 1单元 201');
  for (const m of family) await see(b.page, m.name);
  expect(problems.pageErrors).toEqual([]);
}, 120_000);

test('the spouse joins the household from her own phone with a family invite', async () => {
  const family = familyOfThree(502);
  // her husband filed the family from his phone and made a code from 我的 → 邀请家人
  const husbandOpenid = 'o_e2e_husband';
  await fileDemoHousehold(e2e, husbandOpenid, '401', family);
  const code = unwrap<{ code: string }>(await e2e.cloud.invoke('report', { action: 'createFamilyInvite', payload: {} }, husbandOpenid), 'createFamilyInvite');

  const wife = await e2e.newPhone();
  await loginAt(e2e, wife.page, '/pages/me/index', PERSONAS.resident2.displayName, /pages\/me\/index/);
  await see(wife.page, '您还没有报备过。扫描社区或楼栋二维码，即可为全家报备。');
  await tap(wife.page, '家人已为全家报备？输入邀请码加入家庭 ›');
  await see(wife.page, '用邀请码加入家人的家庭');
  await field(wife.page, '8位邀请码，如 ABCD-EFGH').fill(code.code.toLowerCase());
  await fullShot(e2e, wife.page, 'household-5-join-code');
  await tap(wife.page, '加入家庭');
  await see(wife.page, '邀请家人');
  await see(wife.page, '祥云一区 3号楼 1单元 401');
  for (const m of family) await see(wife.page, m.name);
  await fullShot(e2e, wife.page, 'household-6-joined');

  // and she can invite the next family member herself: a fresh one-time code
  await tap(wife.page, '生成邀请码');
  await see(wife.page, /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  expect(await screenText(wife.page)).not.toContain(code.code);
  await fullShot(e2e, wife.page, 'household-7-invite-code');
}, 90_000);
