/**
 * The staff side (工作台) end to end in Chromium against the real H5 build and the local cloud.
 * A resident's household and a supplies request are filed in-process; then, through the UI, the
 * demo grid worker 李网格 opens 我的 → 工作台, finds both items, reveals an ID number for a stated
 * reason, verifies the report, accepts and completes the request; the resident then sees 已完成.
 * Then the community admin 王书记 invites a new worker, who opens the link and joins, and the
 * admin finds them in the staff list. Driven by visible text; checked again through the backend.
 */
import type { Locator, Page } from 'playwright-core';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { rows } from '../../cloudfunctions/common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { InviteView, RequestView, StaffProfile } from '../../src/domain/contracts';
import { maskIdNumber, maskPhone } from '../../src/domain/masking';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { NotificationDoc } from '../../cloudfunctions/common/notify';
import type { ReportDoc } from '../../src/domain/household';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree, idCard, requestId } from '../support/people';
import {
  box,
  field,
  fileDemoHousehold,
  fullShot,
  loginAt,
  pick,
  see,
  shown,
  STEP_TIMEOUT,
  tap,
  unwrap,
  viewportShot,
  watchPage,
} from '../support/steps';

const RESIDENT = PERSONAS.resident;
const ROOM = '101';
const ADDRESS = `祥云一区 3号楼 1单元 ${ROOM}`;
const FAMILY = familyOfThree();
const [REPORTER] = FAMILY;
const ELDER = { name: '王大爷', idNumber: idCard('19460815', 7), phone: '13700001111' };

let e2e: E2E;
let requestIdFiled = '';

beforeAll(async () => {
  e2e = await startE2E();
  const household = await fileDemoHousehold(e2e, RESIDENT.openid, ROOM, FAMILY);
  const reporter = household.members.find((m) => m.name === REPORTER.name)!;
  const created = unwrap<RequestView>(
    await e2e.cloud.invoke(
      'request',
      {
        action: 'create',
        payload: {
          clientRequestId: requestId(),
          personId: reporter.personId,
          urgency: 'urgent',
          details: {
            kind: 'supplies',
            items: [
              { name: '大米', quantity: 2, unit: '袋' },
              { name: '退烧药', quantity: 1, unit: '盒' },
            ],
          },
          note: '家中老人发烧，急需',
        },
      },
      RESIDENT.openid,
    ),
    'request.create',
  );
  requestIdFiled = created.requestId;
}, 60_000);

afterAll(async () => {
  await e2e?.stop();
});

// --- what the worker sees ---------------------------------------------------------------------

/** Opens 我的 without a session: the app asks for the demo login and comes back to 我的. */
function loginAtMe(page: Page, persona: string): Promise<void> {
  return loginAt(e2e, page, '/pages/me/index', persona, /pages\/me\/index/);
}

/** The queue row of this kind (报备核实, 居民求助…). */
function card(page: Page, kind: string): Locator {
  return box(page, '.qrow', kind);
}

// --- the tests --------------------------------------------------------------------------------

test('the grid worker verifies the household and completes the request; the resident sees 已完成', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);

  // --- 我的 → 工作台 (the staff tab)
  await loginAtMe(page, '网格员 李网格（第一网格）');
  await see(page, '工作台');
  await see(page, '李网格 · 网格员');
  await fullShot(e2e, page, 'staff-1-me-entry');
  await tap(page, '工作台');

  // --- the queue: counts per kind, the urgent request first, then the report
  await page.waitForURL(/pages\/workbench\/index/);
  await see(page, '第一网格');
  await see(page, '报备核实 1');
  await see(page, '居民求助 1');
  await see(page, '全部 2');
  // each row: its kind, whom (in full), and where
  const requestTitle = '居民求助';
  const reportTitle = '报备核实';
  await card(page, requestTitle).waitFor();
  await card(page, reportTitle).waitFor();
  const titles = await page.locator('.qrow__kind').locator('visible=true').allTextContents();
  expect(titles).toEqual([requestTitle, reportTitle]);
  await card(page, requestTitle).getByText(REPORTER.name, { exact: true }).waitFor();
  await card(page, requestTitle).getByText(new RegExp(`^${ADDRESS} · `)).waitFor();
  await card(page, requestTitle).getByText('紧急', { exact: true }).waitFor();
  const queueText = await page.evaluate(() => document.body.innerText);
  for (const m of FAMILY) {
    expect(queueText).not.toContain(m.idNumber);
    if (m.phone) expect(queueText).not.toContain(m.phone);
  }
  await fullShot(e2e, page, 'staff-2-queue');

  // --- the report: masked members; the full ID only for a reason
  await card(page, reportTitle).click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await see(page, ADDRESS);
  await see(page, '家庭成员（3人）');
  await see(page, '返回人员');
  for (const m of FAMILY) {
    await see(page, m.name);
    await see(page, maskIdNumber('id_card', m.idNumber));
    if (m.phone) await see(page, maskPhone(m.phone));
  }
  const itemHtml = await page.content();
  for (const m of FAMILY) expect(itemHtml).not.toContain(m.idNumber);
  await fullShot(e2e, page, 'staff-3-report-item');

  await tap(page, '查看证件号');
  await see(page, `查看${REPORTER.name}的证件号`);
  await tap(page, '入户核实');
  await viewportShot(e2e, page, 'staff-4-reveal-reason');
  await tap(page, '确认查看');
  await see(page, REPORTER.idNumber);
  const audits = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ action: 'reveal' }).limit(100));
  expect(audits.map((a) => [a.actor.name, a.target.field, a.reason])).toEqual([['李网格', 'id', '入户核实']]);

  // --- 转派: hand the item to the community admin, who is told; the worker can still finish it
  await tap(page, '转派给同事');
  await see(page, '王书记（社区管理员）');
  await tap(page, '王书记（社区管理员）');
  await field(page, '需要同事知道的情况（可不填）').fill('请社区协调入户');
  await viewportShot(e2e, page, 'staff-4b-reassign');
  await tap(page, '确认转派');
  await see(page, '已转派，对方会收到通知');
  await see(page, '负责人：王书记');
  const handedOver = await rows<NotificationDoc>(
    getDb().collection(Collections.notifications).where({ template: 'itemAssigned', toOpenid: PERSONAS.admin.openid }),
  );
  expect(handedOver).toHaveLength(1);

  // --- verify: 在家核实无误, by phone
  await tap(page, '在家核实无误');
  await tap(page, '电话核实（听声）');
  await field(page, '核实情况说明（可不填）').fill('本人接听，全家均在家');
  await tap(page, '提交核实');
  await see(page, '核实结果已提交');
  await see(page, '已核实');
  await page
    .getByText(/^李网格 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    .locator('visible=true')
    .waitFor();
  await fullShot(e2e, page, 'staff-5-report-verified');

  // --- back in the queue: the report is gone, the request is waiting
  await tap(page, '返回工作台');
  await see(page, '报备核实 0');
  await see(page, '全部 1');
  await card(page, reportTitle).waitFor({ state: 'detached' });

  // --- the request: accept, then complete
  await card(page, requestTitle).click();
  await page.waitForURL(/staff\/pages\/item\/index/);
  await see(page, '大米 2袋');
  await see(page, '退烧药 1盒');
  await see(page, '家中老人发烧，急需');
  await see(page, '求助人');
  await see(page, maskPhone(REPORTER.phone!));
  await fullShot(e2e, page, 'staff-6-request-item');
  await tap(page, '受理');
  await see(page, '已受理，请尽快办理');
  await see(page, '办结');
  await fullShot(e2e, page, 'staff-7-request-accepted');
  await tap(page, '办结');
  // the outcome note is optional
  await tap(page, '确认办结');
  await see(page, '已办结，居民会看到“已完成”');
  await see(page, '已完成');
  await fullShot(e2e, page, 'staff-8-request-done');
  expect(problems.pageErrors).toEqual([]);

  // --- what landed
  const reports = await rows<ReportDoc>(getDb().collection(Collections.reports).limit(10));
  expect(reports).toHaveLength(1);
  expect(reports[0].status).toBe('verified');
  expect(reports[0].verification).toMatchObject({ outcome: 'at_home', methods: ['phone'], staffName: '李网格', note: '本人接听，全家均在家' });
  const items = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).limit(100));
  expect(items.filter((i) => i.status !== 'closed')).toEqual([]);
  const detail = unwrap<RequestView>(
    await e2e.cloud.invoke('request', { action: 'detail', payload: { requestId: requestIdFiled } }, RESIDENT.openid),
    'detail',
  );
  expect(detail.status).toBe('done');
  expect(detail.timeline.map((t) => t.to)).toEqual(['submitted', 'accepted', 'done']);

  // --- the resident, on their own phone: 求助 shows 已完成
  const resident = await e2e.newPhone();
  resident.page.setDefaultTimeout(STEP_TIMEOUT);
  await resident.page.goto(`${e2e.cloud.url}/#/pages/request/index`);
  await see(resident.page, '本地演示登录');
  await tap(resident.page, RESIDENT.displayName);
  await resident.page.waitForURL(/pages\/request\/index/);
  const mine = resident.page.locator('.req').locator('visible=true').filter({ hasText: '大米 2袋' });
  await mine.getByText('已完成', { exact: true }).waitFor();
  await fullShot(e2e, resident.page, 'staff-9-resident-sees-done');

  // --- 代报: the worker files a household for an elderly resident without a smartphone
  await tap(page, '返回工作台');
  await tap(page, '代居民报备');
  await see(page, '居民同意情况');
  await pick(page, shown(page, '请选择楼栋'), '祥云一区 3号楼');
  await pick(page, shown(page, '请选择房号'), '201 室');
  await field(page, '请输入姓名').fill(ELDER.name);
  await field(page, '请输入证件号码').fill(ELDER.idNumber);
  await field(page, '手机号（没有可不填）').fill(ELDER.phone);
  await tap(page, '已向居民说明《隐私政策》，居民同意登记');
  await tap(page, '其他');
  await tap(page, '提交代报');
  await see(page, '代报成功');
  const filedText = await page.locator('body').innerText();
  expect(filedText).toContain(maskIdNumber('id_card', ELDER.idNumber));
  expect(filedText).not.toContain(ELDER.idNumber);
  await fullShot(e2e, page, 'staff-10-proxy-filed');
  const proxied = await rows<ReportDoc>(getDb().collection(Collections.reports).where({ 'filedBy.kind': 'staff' }));
  expect(proxied).toHaveLength(1);
  expect(proxied[0]).toMatchObject({ address: '祥云一区 3号楼 1单元 201', members: [expect.objectContaining({ name: ELDER.name })] });
  expect(problems.pageErrors).toEqual([]);
}, 180_000);

test('the admin invites a worker, who opens the link and joins; the admin finds them in the staff list', async () => {
  const admin = await e2e.newPhone();
  const problems = watchPage(admin.page);
  await loginAtMe(admin.page, PERSONAS.admin.displayName);
  await tap(admin.page, '工作台');
  await see(admin.page, '祥云社区');
  await tap(admin.page, '邀请工作人员');

  // --- the invite: role, name, scope by drilling down 祥云社区 → 东片区 → 第二网格
  await admin.page.waitForURL(/staff\/pages\/invite\/index/);
  await see(admin.page, '我的辖区');
  await field(admin.page, '请输入姓名').fill('吴晓敏');
  await field(admin.page, '工作手机号（可不填）').fill('13900002222');
  await tap(admin.page, '下级 ›');
  await see(admin.page, '东片区');
  await admin.page.locator('.scope__row').locator('visible=true').filter({ hasText: '东片区' }).getByText('下级 ›').click();
  await see(admin.page, '第二网格');
  await tap(admin.page, '第二网格');
  await see(admin.page, '7天');
  await fullShot(e2e, admin.page, 'staff-10-invite-form');
  await tap(admin.page, '生成邀请');
  await see(admin.page, '邀请码');
  const code = (await admin.page.locator('.invite__code').locator('visible=true').innerText()).trim();
  expect(code).toMatch(/^[23456789A-Z]{10}$/);
  const link = `${e2e.cloud.url}/#/staff/pages/join/index?code=${code}`;
  await see(admin.page, link);
  await see(admin.page, '第二网格');
  await fullShot(e2e, admin.page, 'staff-11-invite-created');

  // --- the new worker (here the demo's second resident) opens the link after signing in
  const worker = await e2e.newPhone();
  await loginAtMe(worker.page, PERSONAS.resident2.displayName);
  await worker.page.goto(link);
  await see(worker.page, '加入社区工作人员');
  await see(worker.page, code);
  await fullShot(e2e, worker.page, 'staff-12-join');
  await tap(worker.page, '确认加入');
  await see(worker.page, '已加入');
  await see(worker.page, '吴晓敏');
  await see(worker.page, '第二网格');
  await fullShot(e2e, worker.page, 'staff-13-joined');
  await tap(worker.page, '进入工作台');
  await see(worker.page, '第二网格');
  await see(worker.page, '暂无待处理事项');
  const profile = unwrap<StaffProfile | null>(
    await e2e.cloud.invoke('staff', { action: 'me', payload: {} }, PERSONAS.resident2.openid),
    'staff.me',
  );
  expect(profile).toMatchObject({ name: '吴晓敏', role: 'worker', scope: [{ name: '第二网格' }] });

  // --- the code was one-time
  const again = await e2e.cloud.invoke('staff', { action: 'acceptInvite', payload: { inviteCode: code } }, PERSONAS.resident.openid);
  expect(again).toMatchObject({ ok: false, code: 'INVITE_USED' });

  // --- the admin's staff list shows them; deactivating asks first
  await admin.page.goto(`${e2e.cloud.url}/#/staff/pages/members/index`);
  await see(admin.page, '辖区工作人员');
  const newcomer = admin.page.locator('.staffer').locator('visible=true').filter({ hasText: '吴晓敏' });
  await newcomer.getByText('在岗', { exact: true }).waitFor();
  await fullShot(e2e, admin.page, 'staff-14-members');
  await newcomer.getByText('停用', { exact: true }).click();
  await see(admin.page, '停用吴晓敏？');
  await tap(admin.page, '确认停用');
  await see(admin.page, '已停用 吴晓敏，其将无法再使用工作台');
  await newcomer.getByText('已停用', { exact: true }).waitFor();
  const after = unwrap<StaffProfile | null>(
    await e2e.cloud.invoke('staff', { action: 'me', payload: {} }, PERSONAS.resident2.openid),
    'staff.me',
  );
  expect(after).toBeNull();
  expect(problems.pageErrors).toEqual([]);

  const invites = await rows<InviteView & { usedAt: unknown }>(getDb().collection(Collections.invites).limit(10));
  expect(invites).toHaveLength(1);
  // the code itself is not stored
  expect(JSON.stringify(invites)).not.toContain(code);
}, 150_000);
