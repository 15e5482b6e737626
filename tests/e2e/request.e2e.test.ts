/**
 * 求助 end to end in Chromium against the real H5 build and the local cloud. Each resident's
 * household is filed in-process first (报备 has its own end-to-end test); then, through the UI: 张先生
 * books a recurring dialysis transport, 刘女士 files an emergency (offered 120 first) and files and
 * cancels a supplies request. Driven by what a resident sees; checked again through the backend.
 */
import type { Locator, Page } from 'playwright-core';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { rows } from '../../cloudfunctions/common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { Page as ListPage, RequestView } from '../../src/domain/contracts';
import type { Result } from '../../src/domain/errors';
import { PRIORITIES, type QueueItemDoc } from '../../src/domain/queue';
import { shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree, householdReport } from '../support/people';
import { STEP_TIMEOUT, field, fullShot, nextPaint, see, shown, watchPage } from '../support/steps';

const DAY_MS = 86_400_000;
const ZHANG = PERSONAS.resident;
const LIU = PERSONAS.resident2;

let e2e: E2E;

async function fileHousehold(openid: string, room: string, seed: number): Promise<void> {
  const demo = e2e.cloud.demo!;
  const filed = await e2e.cloud.invoke(
    'report',
    { action: 'submit', payload: householdReport(demo.buildingId, { room, members: familyOfThree(seed) }) },
    openid,
  );
  if (!filed.ok) throw new Error(`household for ${openid}: ${filed.code} ${filed.message}`);
}

beforeAll(async () => {
  e2e = await startE2E();
  await fileHousehold(ZHANG.openid, '401', 1);
  await fileHousehold(LIU.openid, '402', 2);
}, 60_000);

afterAll(async () => {
  await e2e?.stop();
});

async function myRequests(openid: string): Promise<RequestView[]> {
  const result = (await e2e.cloud.invoke('request', { action: 'mine', payload: {} }, openid)) as Result<ListPage<RequestView>>;
  if (!result.ok) throw new Error(`request.mine: ${result.code}`);
  return result.data.items;
}

// --- what the resident sees -------------------------------------------------------------------

/** Taro's H5 buttons are custom elements without a button role: found by their text. */
function button(page: Page, name: string): Locator {
  return shown(page, name);
}

/**
 * Turns the wheels of the open picker sheet to `values` (one per column, as labelled on the wheel,
 * e.g. ['2026年', '11月', '24日'] or ['08', '30']) and confirms. Each wheel is dragged with touch
 * events by the distance from its current item to the wanted one, as a finger would.
 */
async function spin(page: Page, opener: Locator, values: readonly string[]): Promise<void> {
  await opener.click();
  const ok = shown(page, '确定');
  // a trial click waits until the sheet has slid in and stands still
  await ok.click({ trial: true });
  for (let column = 0; column < values.length; column++) {
    const moved = await page.evaluate(
      async ([col, text]) => {
        const frame = () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
        const groups = Array.from(document.querySelectorAll<HTMLElement>('taro-picker-group')).filter((g) => g.getClientRects().length > 0);
        const group = groups[col];
        if (!group) return `no wheel ${col}`;
        const items = Array.from(group.querySelectorAll<HTMLElement>('.weui-picker__item'));
        const index = items.findIndex((i) => i.textContent === text);
        if (index < 0) return `no ${text} on wheel ${col}: ${items.map((i) => i.textContent).join(',')}`;
        const indicator = group.querySelector('.weui-picker__indicator')!.getBoundingClientRect();
        const delta = indicator.top - items[index].getBoundingClientRect().top;
        if (Math.abs(delta) < items[index].offsetHeight / 2) return 'ok';
        const touch = (type: string, y: number) => {
          const event = new Event(type, { bubbles: true, cancelable: true });
          Object.defineProperty(event, 'changedTouches', { value: [{ clientY: y }] });
          group.dispatchEvent(event);
        };
        // the wheel reads its position back from the sheet after each move: let it re-render in between
        const y = indicator.top;
        touch('touchstart', y);
        await frame();
        touch('touchmove', y + delta);
        await frame();
        touch('touchend', y + delta);
        await frame();
        return 'ok';
      },
      [column, values[column]] as const,
    );
    if (moved !== 'ok') throw new Error(moved);
    // a later wheel's items (the days of a month) follow the earlier ones
    await nextPaint(page);
  }
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

function wheelDate(date: string): string[] {
  const [y, m, d] = date.split('-').map(Number);
  // months and days are zero-padded on the wheel
  return [`${y}年`, `${String(m).padStart(2, '0')}月`, `${String(d).padStart(2, '0')}日`];
}

async function login(page: Page, persona: string): Promise<void> {
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${e2e.cloud.url}/#/pages/request/index`);
  // no session yet: the app asks for a (demo) login first, then comes back here
  await see(page, '本地演示登录');
  await shown(page, persona).click();
  await see(page, '我的求助');
}

/** Waits until the chip `label` is the chosen one. */
async function expectChipOn(page: Page, label: string): Promise<void> {
  await page.locator('.chip--on').locator('visible=true').filter({ hasText: label }).waitFor();
}

/** The list entry (card) of the newest request of a kind. */
function card(page: Page, kindLabel: string): Locator {
  return page
    .locator('.req')
    .locator('visible=true')
    .filter({ has: shown(page, kindLabel) })
    .first();
}

// --- the tests --------------------------------------------------------------------------------

test('张先生 books a dialysis transport every two days and sees it listed as 周期', async () => {
  const { page } = await e2e.newPhone();
  const errors = watchPage(page).pageErrors;
  const now = Date.now();
  const tomorrow = shanghaiDateString(new Date(now + DAY_MS));
  // two weeks after the first trip
  const until = shanghaiDateString(new Date(now + 15 * DAY_MS));

  await login(page, ZHANG.displayName);
  await see(page, '紧急情况拨打120');
  await see(page, '还没有求助记录。需要帮助时，点上方对应的类型提交即可。');
  await see(page, '李网格');
  await fullShot(e2e, page, 'request-1-tab-empty');

  await shown(page, '就医转运').click();
  await field(page, '如：血液透析、复诊、产检').waitFor();
  // the reporter is preselected
  await expectChipOn(page, '张伟（本人）');
  await field(page, '如：血液透析、复诊、产检').fill('血液透析');
  await field(page, '医院名称').fill('市第一人民医院');
  await spin(page, shown(page, '选择日期'), wheelDate(tomorrow));
  await see(page, tomorrow);
  await spin(page, shown(page, '选择时间'), ['08', '30']);
  await see(page, '08:30');
  await shown(page, '1人').click();
  await shown(page, '周期接送（如透析，需定期往返）').click();
  // every two days is the default
  await expect(field(page, '天数').inputValue()).resolves.toBe('2');
  await spin(page, shown(page, '选择结束日期'), wheelDate(until));
  await see(page, until);
  await fullShot(e2e, page, 'request-2-form-transport');

  await button(page, '提交求助').click();
  await see(page, '办理进度');
  await see(page, '就医转运');
  await see(page, '已提交');
  await see(page, `${tomorrow} 08:30`);
  await see(page, `每2天一次，至${until}`);
  await fullShot(e2e, page, 'request-3-detail-transport');

  await button(page, '返回我的求助').click();
  const listed = card(page, '就医转运');
  await listed.waitFor();
  await expect(listed.getByText('周期', { exact: true }).isVisible()).resolves.toBe(true);
  await expect(listed.getByText('已提交', { exact: true }).isVisible()).resolves.toBe(true);
  await expect(listed.getByText('张伟', { exact: true }).isVisible()).resolves.toBe(true);
  await fullShot(e2e, page, 'request-4-tab-listed');

  // --- what the backend holds
  const [mine] = await myRequests(ZHANG.openid);
  expect(mine.status).toBe('submitted');
  expect(mine.details).toEqual({
    kind: 'transport',
    reason: '血液透析',
    hospital: '市第一人民医院',
    pickupAt: new Date(`${tomorrow}T08:30:00+08:00`).toISOString(),
    companions: 1,
    recurrence: { everyDays: 2, until },
  });
  expect(mine.personName).toBe('张伟');
  expect(errors).toEqual([]);
}, 90_000);

test('刘女士 is offered 120 for an emergency and files it, then files and cancels a supplies request', async () => {
  const { page } = await e2e.newPhone();
  const errors = watchPage(page).pageErrors;
  // on H5 the call is a navigation to tel:120, which the browser hands to the phone app: watch for it
  const requestedNavigations: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  cdp.on('Page.frameRequestedNavigation', (e) => requestedNavigations.push(e.url));
  await login(page, LIU.displayName);

  // --- the emergency
  await shown(page, '其他').click();
  await field(page, '请简要说明您遇到的困难').waitFor();
  await shown(page, '危急').click();
  await see(page, '危急：网格员将在10分钟内响应。有生命危险请先拨打120');
  await field(page, '请简要说明您遇到的困难').fill('老人胸口疼，呼吸困难');
  await button(page, '提交求助').click();
  await see(page, '危急情况请先拨打120');
  await fullShot(e2e, page, 'request-5-emergency-offer');
  // nothing is filed until the resident chooses
  expect(await myRequests(LIU.openid)).toHaveLength(0);

  await button(page, '拨打120并提交求助').click();
  await see(page, '办理进度');
  expect(requestedNavigations).toContain('tel:120');
  await see(page, '其他求助');
  await see(page, '危急');
  await see(page, '已提交');
  await fullShot(e2e, page, 'request-6-detail-emergency');
  const [emergency] = await myRequests(LIU.openid);
  expect(emergency).toMatchObject({
    urgency: 'emergency',
    status: 'submitted',
    details: { kind: 'other', description: '老人胸口疼，呼吸困难' },
  });
  // the grid worker's queue has it at the top priority
  const queued = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId: emergency.requestId }).limit(10));
  expect(queued.map((q) => [q.priority, q.status])).toEqual([[PRIORITIES.emergency, 'open']]);

  // --- back from the call, a supplies request, then cancelled. Headless Chromium has no phone app:
  // the tel: navigation stays pending and swallows the router's next hash change, where a phone
  // would have opened the dialer. Coming back to the app is a fresh load.
  await page.goto('about:blank');
  await page.goto(`${e2e.cloud.url}/#/pages/request/index`);
  await card(page, '其他求助').waitFor();
  await shown(page, '物资代购').click();
  await see(page, '物品 1');
  await field(page, '如：大米、鸡蛋、尿不湿').fill('大米');
  await shown(page, '＋').click();
  await field(page, '如：袋').fill('袋');
  await button(page, '添加物品').click();
  await see(page, '物品 2');
  await field(page, '如：大米、鸡蛋、尿不湿').nth(1).fill('鸡蛋');
  await field(page, '如：袋').nth(1).fill('盒');
  await fullShot(e2e, page, 'request-7-form-supplies');
  await button(page, '提交求助').click();
  await see(page, '大米 2袋');
  await see(page, '鸡蛋 1盒');

  await button(page, '取消求助').click();
  await see(page, '确定取消这条求助吗？');
  await field(page, '取消原因（可不填）').fill('邻居帮忙买到了');
  await fullShot(e2e, page, 'request-8-cancel-confirm');
  await button(page, '确认取消').click();
  await page.locator('.timeline__label').locator('visible=true').filter({ hasText: '已取消' }).waitFor();
  await see(page, '邻居帮忙买到了');
  await button(page, '取消求助').waitFor({ state: 'hidden' });
  await fullShot(e2e, page, 'request-9-detail-cancelled');

  await button(page, '返回我的求助').click();
  const listed = card(page, '生活物资代购');
  await listed.getByText('已取消', { exact: true }).waitFor();
  await fullShot(e2e, page, 'request-10-tab-two');

  // --- what the backend holds: newest first
  const mine = await myRequests(LIU.openid);
  expect(mine.map((r) => [r.kind, r.urgency, r.status])).toEqual([
    ['supplies', 'normal', 'cancelled'],
    ['other', 'emergency', 'submitted'],
  ]);
  expect(mine[0].details).toEqual({
    kind: 'supplies',
    items: [
      { name: '大米', quantity: 2, unit: '袋' },
      { name: '鸡蛋', quantity: 1, unit: '盒' },
    ],
  });
  expect(mine[0].timeline.map((t) => [t.to, t.note])).toEqual([
    ['submitted', undefined],
    ['cancelled', '邻居帮忙买到了'],
  ]);
  expect(errors).toEqual([]);
}, 120_000);
