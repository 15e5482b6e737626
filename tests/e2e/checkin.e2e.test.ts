/**
 * Home isolation and daily check-in end to end in Chromium against the real H5 build and the local
 * cloud. A household is filed in-process; then, through the UI, the grid worker 李网格 starts a
 * home isolation for one of its members; the resident 张先生 sees the banner on 报备, checks in
 * with 38.2 ℃ and a cough, and is told the worker was notified; the worker finds the urgent
 * 打卡异常 item in the queue and the fever on the roster, then ends the isolation early, which
 * asks for a reason. Driven by visible text; checked again through the backend.
 *
 * Slots are before 10:00 and before 18:00 (Shanghai), and a slot that closed before an isolation
 * was started is not expected; so the local cloud's clock is pinned to 08:30 Shanghai today, and
 * the run does not depend on the hour it happens at.
 *
 * Then 随时上报: 刘女士's husband is isolated at 13:00; at 13:40 (pinned) the page shows the morning
 * 不在打卡期 and the afternoon 待打卡 14:00 开始, never 无需打卡, and offers 立即上报体温/症状; a
 * fever reported then reaches the worker's queue at once, and at 14:10 the afternoon check-in
 * still counts. The page reads every time from the server, so only the local cloud's clock is pinned.
 */
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { setClock } from '../../cloudfunctions/common/clock';
import { rows } from '../../cloudfunctions/common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { CheckinDoc, IsolationDoc } from '../../src/domain/checkins';
import type { CheckinToday, IsolationView, QueuePage } from '../../src/domain/contracts';
import { maskName } from '../../src/domain/masking';
import type { QueueItemDoc } from '../../src/domain/queue';
import { formatShanghai, shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree } from '../support/people';
import { box, field, fileDemoHousehold, fullShot, loginAt, see, tap, unwrap, viewportShot, watchPage } from '../support/steps';

const RESIDENT = PERSONAS.resident;
const WORKER = PERSONAS.worker;
const ROOM = '301';
const ADDRESS = `祥云一区 3号楼 1单元 ${ROOM}`;
const FAMILY = familyOfThree();
const [PATIENT] = FAMILY;
const MASKED = maskName(PATIENT.name);

let e2e: E2E;
let personId = '';

beforeAll(async () => {
  setClock({ at: new Date(`${shanghaiDateString(new Date())}T08:30:00+08:00`) });
  e2e = await startE2E();
  const household = await fileDemoHousehold(e2e, RESIDENT.openid, ROOM, FAMILY);
  personId = household.members.find((m) => m.name === PATIENT.name)!.personId;
}, 60_000);

afterAll(async () => {
  setClock({ at: null });
  await e2e?.stop();
});

// --- the test ---------------------------------------------------------------------------------

test('the worker starts a home isolation; the resident checks in with a fever; the worker sees the urgent item and ends it early', async () => {
  const worker = await e2e.newPhone();
  const workerProblems = watchPage(worker.page);
  const today = shanghaiDateString(new Date());
  const lastDay = shanghaiDateString(new Date(Date.parse(`${today}T12:00:00+08:00`) + 13 * 86_400_000));

  // --- the worker opens the isolation page for the person (the URL the item page links to) and signs in
  const isolationPath = `/staff/pages/isolation/index?personId=${encodeURIComponent(personId)}&name=${encodeURIComponent(PATIENT.name)}`;
  await loginAt(e2e, worker.page, isolationPath, WORKER.displayName, /staff\/pages\/isolation\/index\?personId=/);
  await see(worker.page, PATIENT.name);
  await see(worker.page, '开始居家隔离');
  await see(worker.page, today);
  await see(worker.page, `预计至 ${formatShanghai(lastDay, 'M月D日')}（含开始当天）`);
  await tap(worker.page, '密切接触者');
  await fullShot(e2e, worker.page, 'checkin-1-start-isolation');
  await tap(worker.page, '开始居家隔离');
  await see(worker.page, `已开始居家隔离，至${formatShanghai(lastDay, 'M月D日')}`);
  await see(worker.page, '居家隔离中');
  await see(worker.page, `${formatShanghai(lastDay, 'YYYY年M月D日')}（还剩14天）`);
  await box(worker.page, '.iso-event', '开始').waitFor();
  await fullShot(e2e, worker.page, 'checkin-2-isolation-started');

  const isolations = await rows<IsolationDoc>(getDb().collection(Collections.isolations).limit(10));
  expect(isolations.map((i) => [i.personId, i.kind, i.startDate, i.endDate, i.status, i.reason])).toEqual([
    [personId, 'home_isolation', today, lastDay, 'active', '密切接触者'],
  ]);

  // --- the roster: the person (staff in scope see names in full), waiting for today's check-in
  await worker.page.goto(`${e2e.cloud.url}/#/staff/pages/roster/index`);
  const entry = box(worker.page, '.rcard', PATIENT.name);
  await entry.waitFor();
  await entry.getByText(ADDRESS, { exact: true }).waitFor();
  await entry.getByText(`至 ${formatShanghai(lastDay, 'M月D日')}`, { exact: true }).waitFor();
  expect(await entry.locator('.slot__state--fever').count()).toBe(0);
  const rosterText = await worker.page.evaluate(() => document.body.innerText);
  expect(rosterText).not.toContain(PATIENT.phone);
  await fullShot(e2e, worker.page, 'checkin-3-roster-before');

  // --- the resident: the banner on 报备, then the check-in page
  const resident = await e2e.newPhone();
  const residentProblems = watchPage(resident.page);
  await loginAt(e2e, resident.page, '/pages/report/index', RESIDENT.displayName, /pages\/report\/index/);
  await see(resident.page, '我的家庭');
  await see(resident.page, '今日健康打卡：还有 1 人未打卡');
  await fullShot(e2e, resident.page, 'checkin-4-report-banner');
  await tap(resident.page, '今日健康打卡：还有 1 人未打卡');
  await resident.page.waitForURL(/pages\/checkin\/index/);
  const card = box(resident.page, '.ci-person', PATIENT.name);
  await card.waitFor();
  await card.getByText('居家隔离', { exact: true }).waitFor();
  await card.getByText(`至 ${formatShanghai(lastDay, 'M月D日')}（还剩14天）`, { exact: true }).waitFor();
  await see(resident.page, '打卡前提醒我');

  // a temperature out of range is refused on the page
  await field(resident.page, '如 36.5').fill('50');
  await tap(resident.page, '提交打卡');
  await see(resident.page, '体温应在35.0至42.0℃之间');

  await field(resident.page, '如 36.5').fill('38.2');
  await tap(resident.page, '咳嗽');
  await fullShot(e2e, resident.page, 'checkin-5-form');
  await tap(resident.page, '提交打卡');
  await see(resident.page, '体温异常，已通知网格员');
  await see(resident.page, '李网格');
  await see(resident.page, '拨打电话');
  await card.locator('.slot__state--fever').getByText('异常', { exact: true }).waitFor();
  await card.getByText('38.2℃', { exact: true }).waitFor();
  await fullShot(e2e, resident.page, 'checkin-6-fever');

  // a second check-in in the same slot corrects the first
  await field(resident.page, '如 36.5').fill('38.0');
  await tap(resident.page, '咳嗽');
  await tap(resident.page, '提交打卡');
  await see(resident.page, /^已更正(上午|下午)打卡$/);
  await card.getByText('38.0℃', { exact: true }).waitFor();

  // the reminder switch saves on the server (no WeChat prompt on H5)
  await tap(resident.page, '打卡前提醒我');
  await see(resident.page, '已开启');
  await fullShot(e2e, resident.page, 'checkin-7-corrected');

  const todayView = unwrap<CheckinToday>(
    await e2e.cloud.invoke('checkin', { action: 'today', payload: {} }, RESIDENT.openid),
    'checkin.today',
  );
  expect(todayView.persons).toHaveLength(1);
  expect(todayView.persons[0].slots.filter((s) => s.state === 'fever').map((s) => s.temperature)).toEqual([38]);

  // --- back on 报备 the banner is gone
  await resident.page.goto(`${e2e.cloud.url}/#/pages/report/index`);
  await see(resident.page, '我的家庭');
  await resident.page.locator('.entry__checkin').locator('visible=true').waitFor({ state: 'detached' });
  await fullShot(e2e, resident.page, 'checkin-8-report-no-banner');

  // --- the worker: the urgent item on 工作台
  await worker.page.goto(`${e2e.cloud.url}/#/pages/workbench/index`);
  await see(worker.page, '打卡异常 1');
  // the household's report waits there too: the row of the alert is the one saying 打卡异常
  const item = box(worker.page, '.qrow', PATIENT.name).filter({ has: worker.page.getByText('打卡异常', { exact: true }) });
  await item.waitFor();
  await item.getByText('紧急', { exact: true }).waitFor();
  // the alert shows the latest reading of the slot (the resident corrected 38.2 to 38.0)
  await item.getByText(/体温 38\.0℃、咳嗽/).waitFor();
  await fullShot(e2e, worker.page, 'checkin-9-queue');
  const queue = unwrap<QueuePage>(
    await e2e.cloud.invoke('staff', { action: 'queue', payload: { kind: 'checkin_alert' } }, WORKER.openid),
    'staff.queue',
  );
  expect(queue.items.map((i) => [i.title, i.priority, i.status])).toEqual([[`打卡异常 · ${MASKED}`, 'urgent', 'open']]);

  // --- the roster shows the fever; ending early from there asks for a reason
  await worker.page.goto(`${e2e.cloud.url}/#/staff/pages/roster/index`);
  await see(worker.page, '异常 1');
  await entry.locator('.slot__state--fever').waitFor();
  await entry.getByText('38.0℃', { exact: true }).waitFor();
  await fullShot(e2e, worker.page, 'checkin-10-roster-fever');
  await entry.getByText('延长 / 解除', { exact: true }).click();
  await worker.page.waitForURL(/staff\/pages\/isolation\/index/);
  await see(worker.page, '居家隔离中');
  await tap(worker.page, '解除');
  await see(worker.page, '解除居家隔离');
  await tap(worker.page, '确认解除');
  await see(worker.page, `提前解除（原定至${formatShanghai(lastDay, 'M月D日')}）需要填写原因`);
  await viewportShot(e2e, worker.page, 'checkin-11-end-needs-reason');
  await field(worker.page, '请填写提前解除的原因').fill('送医隔离治疗');
  await tap(worker.page, '确认解除');
  await see(worker.page, '已解除居家隔离');
  await see(worker.page, '已解除');
  await box(worker.page, '.iso-event', '解除').getByText('送医隔离治疗', { exact: true }).waitFor();
  await fullShot(e2e, worker.page, 'checkin-12-ended');

  const ended = await rows<IsolationDoc>(getDb().collection(Collections.isolations).limit(10));
  expect(ended.map((i) => [i.status, i.timeline.map((e) => [e.action, e.staffName, e.note])])).toEqual([
    [
      'ended',
      [
        ['start', '李网格', '密切接触者'],
        ['end', '李网格', '送医隔离治疗'],
      ],
    ],
  ]);

  // --- the resident has nobody left to check in for
  await resident.page.goto(`${e2e.cloud.url}/#/pages/checkin/index`);
  await resident.page.reload();
  await see(resident.page, '您家目前没有正在居家隔离或健康监测的成员，无需打卡。');
  await fullShot(e2e, resident.page, 'checkin-13-nobody');

  expect(workerProblems.pageErrors).toEqual([]);
  expect(residentProblems.pageErrors).toEqual([]);
}, 180_000);

test('随时上报: isolated at 13:00, at 13:40 the page says when the afternoon opens and takes a fever at once; at 14:10 the afternoon check-in counts', async () => {
  const LIU = PERSONAS.resident2;
  const today = shanghaiDateString(new Date());
  const at = (hhmm: string) => new Date(`${today}T${hhmm}:00+08:00`);
  const family = familyOfThree(2);
  setClock({ at: at('12:30') });
  const household = await fileDemoHousehold(e2e, LIU.openid, '302', family);
  const husband = household.members.find((m) => m.name === family[0].name)!;
  setClock({ at: at('13:00') });
  unwrap<IsolationView>(
    await e2e.cloud.invoke(
      'staff',
      {
        action: 'startIsolation',
        payload: { personId: husband.personId, kind: 'home_isolation', startDate: today, plannedDays: 14, reason: '密切接触者' },
      },
      WORKER.openid,
    ),
    'staff.startIsolation',
  );

  // --- 13:40: between the slots on the first day
  setClock({ at: at('13:40') });
  const phone = await e2e.newPhone();
  const problems = watchPage(phone.page);
  await loginAt(e2e, phone.page, '/pages/checkin/index', LIU.displayName, /pages\/checkin\/index/);
  const card = box(phone.page, '.ci-person', husband.name);
  await card.waitFor();
  const morning = card.locator('.slot').filter({ hasText: '上午' });
  const afternoon = card.locator('.slot').filter({ hasText: '下午' });
  await morning.getByText('不在打卡期', { exact: true }).waitFor();
  await afternoon.getByText('待打卡', { exact: true }).waitFor();
  await afternoon.getByText('14:00 开始', { exact: true }).waitFor();
  await see(phone.page, '立即上报体温/症状');
  await see(
    phone.page,
    '发热或有不适随时上报，会立即通知网格员。现在不在打卡时段，本次不计入打卡；下午打卡 14:00 开始，届时请再测一次体温。',
  );
  expect(await phone.page.evaluate(() => document.body.innerText)).not.toContain('无需打卡');
  await fullShot(e2e, phone.page, 'checkin-14-between-slots');

  await field(phone.page, '如 36.5').fill('38.4');
  await tap(phone.page, '咳嗽');
  await tap(phone.page, '立即上报');
  await see(phone.page, '体温异常，已通知网格员');
  await card.getByText('13:40 38.4℃ 咳嗽', { exact: true }).waitFor();
  // the afternoon still waits: a reading outside it does not fill it
  await afternoon.getByText('14:00 开始', { exact: true }).waitFor();
  await fullShot(e2e, phone.page, 'checkin-15-off-slot-fever');

  const fevers = async () =>
    (
      await rows<QueueItemDoc>(
        getDb().collection(Collections.queueItems).where({ kind: 'checkin_alert', householdId: household.householdId }).limit(10),
      )
    ).filter((i) => i._id.startsWith('q_fever_'));
  expect((await fevers()).map((i) => [i.priority, i.status, i.summary])).toEqual([
    [1, 'open', `${today} 13:40 随时上报 · 体温 38.4℃、咳嗽`],
  ]);

  // --- the worker sees it at once, most urgent first
  const worker = await e2e.newPhone();
  await loginAt(e2e, worker.page, '/pages/workbench/index', WORKER.displayName, /pages\/workbench\/index/);
  await box(worker.page, '.qrow', family[0].name)
    .filter({ has: worker.page.getByText('打卡异常', { exact: true }) })
    .getByText(new RegExp(`${today} 13:40 随时上报 · 体温 38\\.4℃、咳嗽`))
    .waitFor();

  // --- 14:10: the afternoon slot is open and the check-in counts for it
  setClock({ at: at('14:10') });
  await phone.page.reload();
  await card.waitFor();
  await see(phone.page, '下午打卡');
  await see(phone.page, '18:00 前');
  await field(phone.page, '如 36.5').fill('36.8');
  await tap(phone.page, '提交打卡');
  await see(phone.page, '下午打卡成功');
  await afternoon.getByText('已打卡', { exact: true }).waitFor();
  await afternoon.getByText('36.8℃', { exact: true }).waitFor();
  await fullShot(e2e, phone.page, 'checkin-16-afternoon-counts');

  const stored = await rows<CheckinDoc>(getDb().collection(Collections.checkins).where({ personId: husband.personId }).limit(10));
  // the off-slot reading and the afternoon's check-in, each kept
  expect(stored.map((c) => [c.slot, c.temperature]).sort()).toEqual([
    [null, 38.4],
    ['pm', 36.8],
  ]);
  expect(await fevers()).toHaveLength(1);
  expect(problems.pageErrors).toEqual([]);
}, 120_000);
