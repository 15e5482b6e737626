/**
 * 数据看板 end to end in Chromium against the real H5 build and the local cloud. Households,
 * requests, isolations and a fever check-in are filed in-process through the functions; two hours
 * later (the local clock, pinned, moved on) the emergency and the urgent items are past due and the daily
 * stats job has run. The admin opens the dashboard: exceptions come first, and the overdue number
 * opens the queue filtered to exactly the overdue items; so does the overdue number of the
 * verification batch (an upper-level list imported and dispatched at 09:00, due at 10:00), and its
 * 待分拨 number opens the desk's 待分拨 list; the grid table sorts and opens a grid; the worker
 * reaches the dashboard from 工作台. Screenshots at phone (390×844) and desk (1440×900).
 */
import type { Page } from 'playwright-core';
import { Collections } from '../../cloudfunctions/common/collections';
import { getCloud, getDb } from '../../cloudfunctions/common/cloud';
import type { ImportView } from '../../src/domain/batches';
import { now, setClock } from '../../cloudfunctions/common/clock';
import { rows } from '../../cloudfunctions/common/db';
import { runDailyStats } from '../../cloudfunctions/scheduler/dailyStats';
import { PERSONAS } from '../../localcloud/personas';
import type { BuildingView, QueuePage, ReportReceipt } from '../../src/domain/contracts';
import { emptyFigures, type DailyStatsDoc, type DashboardView } from '../../src/domain/dashboard';
import type { MemberInput } from '../../src/domain/household';
import { addDays, shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { csvOf } from '../support/batches';
import { householdReport, idCard, requestId } from '../support/people';
import { fullShot, loginAt, see, settled, STEP_TIMEOUT, tap, unwrap, viewportShot, watchPage } from '../support/steps';

const ADMIN = PERSONAS.admin; // 王书记, 祥云社区
const WORKER = PERSONAS.worker; // 李网格, 第一网格

let e2e: E2E;
let seq = 0;
function member(name: string, relation: MemberInput['relation'], birth: string, phone?: string): MemberInput {
  seq += 1;
  return { name, relation, idType: 'id_card', idNumber: idCard(birth, 300 + seq), ...(phone ? { phone } : {}) };
}

async function file(
  openid: string,
  buildingId: string,
  unit: string,
  room: string,
  members: MemberInput[],
  category: 'returning' | 'home_isolation' = 'returning',
): Promise<ReportReceipt> {
  return unwrap<ReportReceipt>(
    await e2e.cloud.invoke('report', { action: 'submit', payload: householdReport(buildingId, { unit, room, members, category }) }, openid),
    'report.submit',
  );
}

const invoke = async <T>(openid: string, fn: string, action: string, payload: unknown): Promise<T> =>
  unwrap<T>(await e2e.cloud.invoke(fn, { action, payload }, openid), `${fn}.${action}`);

/** Shanghai wall-clock time of today → instant (the local clock is pinned: the day never turns mid-test) */
const today = shanghaiDateString(new Date());
const at = (hhmm: string) => new Date(`${today}T${hhmm}:00+08:00`);

beforeAll(async () => {
  setClock({ at: at('09:00') });
  e2e = await startE2E();
  const demo = e2e.cloud.demo!;
  const buildings = (await invoke<{ items: BuildingView[] }>(ADMIN.openid, 'staff', 'buildings', {})).items;
  const inGrid = (g: number) => buildings.filter((b) => b.gridId === demo.gridIds[g]);
  const names = ['王秀英', '刘建国', '陈梅', '赵丽', '孙立', '周敏', '吴刚', '郑洁'];
  const filed: ReportReceipt[] = [];
  for (const [i, name] of names.entries()) {
    const b = inGrid(i % 3)[i % 2];
    filed.push(
      await file(
        `o_db_e2e_${i}`,
        b.id,
        b.units[0].name,
        `${(i % 5) + 1}0${1 + (i % 2)}`,
        [member(name, 'self', `196${i}0315`, `1391111${String(2000 + i)}`), member(`${name.slice(0, 1)}小宝`, 'child', '20160601')],
        i % 2 ? 'returning' : 'home_isolation',
      ),
    );
  }
  // requests: an emergency in grid 1, an urgent one in grid 2, normal ones
  const request = (i: number, urgency: 'normal' | 'urgent' | 'emergency', description: string) =>
    invoke(`o_db_e2e_${i}`, 'request', 'create', {
      clientRequestId: requestId(),
      personId: filed[i].members[0].personId,
      urgency,
      details: { kind: 'other', description },
    });
  await request(0, 'emergency', '胸闷气短');
  await request(1, 'urgent', '需要降压药');
  await request(3, 'normal', '代购米面');
  await request(4, 'normal', '代购蔬菜');
  // isolations, and a fever
  for (const i of [0, 2, 4, 6])
    await invoke(ADMIN.openid, 'staff', 'startIsolation', {
      personId: filed[i].members[0].personId,
      kind: 'home_isolation',
      startDate: shanghaiDateString(now()),
      plannedDays: 14,
      reason: '密接',
    });
  await invoke('o_db_e2e_0', 'checkin', 'submit', { personId: filed[0].members[0].personId, temperature: 38.4, symptoms: ['cough'] });

  // an upper-level list, due at 10:00: three rows for 第一网格, one for 第二网格, one no building matches (待分拨)
  const csv = csvOf(
    ['姓名', '身份证号码', '联系电话', '现住址'],
    [
      ['冯一', idCard('19700101', 401), '13700001001', '祥云一区3号楼2单元301'],
      ['冯二', idCard('19700102', 402), '13700001002', '祥云一区3号楼2单元302'],
      ['冯三', idCard('19700103', 403), '13700001003', '锦园1号楼1单元101'],
      ['冯四', idCard('19700104', 404), '13700001004', '和平里2号楼1单元101'],
      ['冯五', idCard('19700105', 405), '13700001005', '云祥花园3号楼2单元301'],
    ],
  );
  const prepared = await invoke<{ cloudPath: string }>(ADMIN.openid, 'file', 'prepareUpload', { purpose: 'import', kind: 'csv', size: csv.length });
  const { fileID } = (await getCloud().uploadFile({ cloudPath: prepared.cloudPath, fileContent: csv })) as { fileID: string };
  let job = await invoke<ImportView>(ADMIN.openid, 'batch', 'upload', { fileId: fileID, source: '区指挥部', subject: '返乡人员核查', deadline: at('10:00').toISOString() });
  if (job.status === 'mapping') job = await invoke<ImportView>(ADMIN.openid, 'batch', 'confirmMapping', { importId: job.importId, mapping: job.mapping });
  while (job.status === 'running') job = await invoke<ImportView>(ADMIN.openid, 'batch', 'run', { importId: job.importId });
  await invoke(ADMIN.openid, 'batch', 'dispatch', { batchId: job.batchId });
  // the grid worker has phoned 冯一: one row at 电话核查, the other three at 核对上级数据
  const dispatched = await invoke<{ items: Array<{ rowId: string; name: string }> }>(ADMIN.openid, 'batch', 'rows', { batchId: job.batchId, state: 'dispatched' });
  const phoned = dispatched.items.find((r) => r.name === '冯一')!;
  await invoke(PERSONAS.worker.openid, 'batch', 'pass', { rowId: phoned.rowId, kind: 'phone', phoneOutcome: 'reached', inArea: true });

  // two hours later: the emergency (10 min) and the urgent items (1 h) are past due; the stats job ran
  setClock({ at: at('11:00') });
  await runDailyStats(getDb(), now(), { refreshMinutes: 0 });
  // the trend's earlier days: the job's documents of today, as 13 earlier days would have left them (fixture)
  const docs = await rows<DailyStatsDoc>(getDb().collection(Collections.dailyStats).where({ date: today }).limit(100));
  for (let d = 1; d < 14; d++) {
    const scale = (n: number) => Math.max(0, Math.round(n * (0.4 + ((d * 37) % 11) / 10)));
    for (const doc of docs) {
      const { _id, ...rest } = doc;
      const f = doc.figures;
      await getDb()
        .collection(Collections.dailyStats)
        .doc(`${_id}_e2e${d}`)
        .set({
          data: {
            ...rest,
            date: addDays(today, -d),
            final: true,
            figures: {
              ...f,
              isolated: scale(f.isolated),
              checkins: { done: scale(f.checkins.done + 3), fever: d % 4 === 0 ? 1 : 0, missing: scale(d % 3) },
              queue: { ...f.queue, opened: { ...f.queue.opened, request: scale(3) }, closed: scale(4) },
              // the requests of the day were filed today only
              requests: emptyFigures().requests,
            },
          },
        });
    }
  }
}, 180_000);

afterAll(async () => {
  setClock({ at: null });
  await e2e?.stop();
});

/** The page on top of Taro's H5 stack (the pages under it stay in the document). */
const onTop = (page: Page) => page.locator('.taro_page').last();

/** Waits until `read` gives `want` (a list reloads, a sort re-renders), then checks it. */
async function until<T>(read: () => Promise<T>, want: T): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT;
  let got = await read();
  while (got !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    got = await read();
  }
  expect(got).toBe(want);
}

/** The number of a stat on the dashboard. */
async function statValue(page: Page, label: string): Promise<number> {
  const stat = onTop(page).locator('.db-stat').filter({ hasText: label }).first();
  return Number(await stat.locator('.db-stat__value').innerText());
}

test('the dashboard puts exceptions first, and its overdue number opens exactly the overdue items', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  // the admin lands on 工作台; 我的 has the way to the dashboard
  await loginAt(e2e, page, '/pages/report/index', ADMIN.displayName, /pages\/workbench\/index/);
  await see(page, '王书记');
  await page.locator('.tabbar').getByText('我的', { exact: true }).click();
  await tap(page, '数据看板 ›');
  await page.waitForURL(/dashboard\/pages\/index/);
  await see(page, '需要马上处理');
  await settled(page);
  // exceptions first: the red card is the first card of the page
  const firstCard = await onTop(page).locator('.card').first().innerText();
  expect(firstCard).toContain('逾期事项');
  expect(firstCard).toContain('最久未办');
  const view = unwrap<DashboardView>(
    await e2e.cloud.invoke('dashboard', { action: 'overview', payload: {} }, ADMIN.openid),
    'dashboard.overview',
  );
  const overdue = await statValue(page, '逾期事项');
  expect(overdue).toBe(view.exceptions.overdue.value);
  expect(overdue).toBeGreaterThanOrEqual(3); // the emergency, the urgent request, the home-isolation reports
  expect(await statValue(page, '发热/症状待跟进')).toBe(1);
  await viewportShot(e2e, page, 'dashboard-0-admin-phone-first-screen');
  await fullShot(e2e, page, 'dashboard-1-admin-phone');

  // the overdue number opens the queue filtered to the overdue items, and only those
  await onTop(page).locator('.db-stat').filter({ hasText: '逾期事项' }).first().click();
  await page.waitForURL(/staff\/pages\/queue\/index\?.*overdue=1/);
  await see(page, '逾期事项 · 祥云社区');
  const list = onTop(page).locator('.qrow');
  await list.first().waitFor();
  await until(() => list.count(), overdue);
  // one list, nothing left to load
  expect(await onTop(page).getByText('加载更多').count()).toBe(0);
  await see(page, `已全部显示（${overdue}项）`);
  const due = await onTop(page).locator('.qrow__due').allInnerTexts();
  expect(due.every((t) => t.startsWith('超时'))).toBe(true);
  const backend = [
    ...unwrap<QueuePage>(
      await e2e.cloud.invoke('staff', { action: 'queue', payload: { overdue: true, status: 'open' } }, ADMIN.openid),
      'queue',
    ).items,
    ...unwrap<QueuePage>(
      await e2e.cloud.invoke('staff', { action: 'queue', payload: { overdue: true, status: 'in_progress' } }, ADMIN.openid),
      'queue',
    ).items,
  ];
  expect(backend.every((i) => i.overdue)).toBe(true);
  expect(backend).toHaveLength(overdue);
  await fullShot(e2e, page, 'dashboard-2-overdue-list-phone');

  // back on the dashboard: the grid table sorts by a column and opens a grid
  await page.goBack();
  await see(page, '需要马上处理');
  const gridNames = () => onTop(page).locator('.db-table__grid').allInnerTexts();
  await onTop(page).locator('.db-table__row--head .db-table__num').filter({ hasText: '待办' }).click();
  const byOpen = view.grids.rows.slice().sort((a, b) => b.open - a.open || a.name.localeCompare(b.name, 'zh-CN'));
  await until(async () => (await gridNames())[0], byOpen[0].name);
  await onTop(page).locator('.db-table__grid').filter({ hasText: '第二网格' }).click();
  await page.waitForURL(/dashboard\/pages\/index\/index\?placeId=/);
  await see(page, '第二网格（网格）');
  await fullShot(e2e, page, 'dashboard-3-grid-phone');
  expect(problems.pageErrors).toEqual([]);
}, 90_000);

test('the overdue batch number opens exactly the overdue batch rows; 待分拨 opens the desk’s list', async () => {
  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/report/index', ADMIN.displayName, /pages\/workbench\/index/);
  await tap(page, '数据看板');
  await page.waitForURL(/dashboard\/pages\/index/);
  await see(page, '需要马上处理');
  await settled(page);
  const alerts = onTop(page).locator('.card').first();
  const batchOverdue = Number(await alerts.locator('.db-stat').filter({ hasText: '核查逾期' }).locator('.db-stat__value').innerText());
  expect(batchOverdue).toBe(4); // the four placed rows, past 10:00
  expect(Number(await alerts.locator('.db-stat').filter({ hasText: '待分拨' }).locator('.db-stat__value').innerText())).toBe(1);
  await see(page, '核查批次（核查中 4 · 已办结 0）');
  await alerts.locator('.db-stat').filter({ hasText: '核查逾期' }).click();
  await page.waitForURL(/staff\/pages\/queue\/index\?.*kind=batch_row.*overdue=1|staff\/pages\/queue\/index\?.*overdue=1.*kind=batch_row/);
  await see(page, '核查逾期 · 祥云社区');
  const list = onTop(page).locator('.qrow');
  await list.first().waitFor();
  await until(() => list.count(), batchOverdue);
  const titles = await list.allInnerTexts();
  // the four placed rows of the list, each past its deadline; not the unplaced one, nothing else
  expect(titles.map((t) => t.split('\n')[1]).sort()).toEqual(['冯一', '冯三', '冯二', '冯四'].sort());
  expect(titles.every((t) => t.startsWith('上级核查') && t.includes('超时'))).toBe(true);
  await see(page, `已全部显示（${batchOverdue}项）`);
  await fullShot(e2e, page, 'dashboard-6-batch-overdue-list-phone');
  await page.goBack();
  await see(page, '需要马上处理');
  // a per-pass number opens the rows at that pass: 电话核查 → 冯一 alone, 核对上级数据 → the other three
  const passStat = (label: string) => onTop(page).locator('.db-stat').filter({ hasText: label });
  expect(Number(await passStat('电话核查').locator('.db-stat__value').innerText())).toBe(1);
  expect(Number(await passStat('核对上级数据').locator('.db-stat__value').innerText())).toBe(3);
  await passStat('核对上级数据').click();
  await page.waitForURL(/staff\/pages\/batch-rows\/index\?.*stage=check/);
  await settled(page);
  await see(page, '核对上级数据 · 祥云社区');
  const stageList = onTop(page).locator('.brows__row .brows__name');
  await until(async () => (await stageList.allInnerTexts()).sort().join(','), ['冯二', '冯三', '冯四'].sort().join(','));
  await see(page, '已全部显示（3条）');
  await fullShot(e2e, page, 'dashboard-6b-pass-rows-phone');
  await page.goBack();
  await see(page, '需要马上处理');
  await settled(page);
  await passStat('电话核查').click();
  await page.waitForURL(/staff\/pages\/batch-rows\/index\?.*stage=phone/);
  await settled(page);
  await until(async () => (await stageList.allInnerTexts()).join(','), '冯一');
  await see(page, /电话核查 \d+月\d+日/);
  // the row opens its queue item
  await onTop(page).locator('.brows__row').first().click();
  await page.waitForURL(/staff\/pages\/item\/index\?id=/);
  await see(page, '冯一');
  await page.goBack();
  await page.goBack();
  await see(page, '需要马上处理');
  await settled(page);
  await onTop(page).locator('.card').first().locator('.db-stat').filter({ hasText: '待分拨' }).click();
  await page.waitForURL(/datadesk\/pages\/unplaced\/index/);
  await settled(page);
  // the row first: a shot taken at once catches the page still sliding in
  await see(page, '冯五 · 第6行');
  await fullShot(e2e, page, 'dashboard-7-unplaced-phone');
  expect(problems.pageErrors).toEqual([]);
}, 90_000);

test('at a desk: two columns, the whole grid table, and the charts', async () => {
  const { page } = await e2e.newDesk();
  await loginAt(e2e, page, '/pages/report/index', ADMIN.displayName, /pages\/workbench\/index/);
  await tap(page, '数据看板');
  await page.waitForURL(/dashboard\/pages\/index/);
  await see(page, '需要马上处理');
  await settled(page);
  const columns = await onTop(page)
    .locator('.db-columns > .db-col')
    .evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect()).map((r) => ({ left: r.left, width: r.width })));
  expect(columns).toHaveLength(2);
  expect(columns[1].left).toBeGreaterThan(columns[0].left + columns[0].width - 1);
  // the desk shows the columns a phone leaves out
  await expect(onTop(page).locator('.db-table__row--head').innerText()).resolves.toContain('户数');
  expect(await onTop(page).locator('.db-chart').count()).toBe(4);
  expect(await onTop(page).locator('.db-chart__group').count()).toBe(4 * 14);
  await fullShot(e2e, page, 'dashboard-4-admin-desk');
}, 60_000);

test('the worker opens the dashboard of their grid from 工作台', async () => {
  const { page } = await e2e.newPhone();
  await loginAt(e2e, page, '/pages/report/index', WORKER.displayName, /pages\/workbench\/index/);
  await see(page, '李网格');
  await tap(page, '数据看板');
  await page.waitForURL(/dashboard\/pages\/index/);
  await see(page, '第一网格（网格）');
  await settled(page);
  await fullShot(e2e, page, 'dashboard-5-worker-phone');
}, 60_000);
