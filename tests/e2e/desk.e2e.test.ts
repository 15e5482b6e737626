/**
 * The H5 build at a desk (1440×900) is laid out for one: text at a desk's size, the page in a
 * centred column, every button and tappable row reachable with Tab, pressed with Enter or Space,
 * with a visible focus ring. At 390×844 nothing changed: the sizes are those measured before
 * (root 20.8 px, body text 17.68 px, cards 365 px wide).
 * Measured on the resident's check-in page (an isolated person, the morning slot open: the clock
 * is pinned to 08:30 Shanghai) and on the worker's queue.
 */
import { setClock } from '../../cloudfunctions/common/clock';
import { PERSONAS } from '../../localcloud/personas';
import type { IsolationView } from '../../src/domain/contracts';
import { shanghaiDateString } from '../../src/domain/time';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree } from '../support/people';
import {
  box,
  field,
  fileDemoHousehold,
  focusRing,
  fullShot,
  loginAt,
  see,
  settled,
  tabTo,
  unwrap,
  viewportShot,
  watchPage,
} from '../support/steps';
import type { Page } from 'playwright-core';

const RESIDENT = PERSONAS.resident;
const WORKER = PERSONAS.worker;
const FAMILY = familyOfThree(3);
let e2e: E2E;

beforeAll(async () => {
  const today = shanghaiDateString(new Date());
  setClock({ at: new Date(`${today}T08:00:00+08:00`) });
  e2e = await startE2E();
  const household = await fileDemoHousehold(e2e, RESIDENT.openid, '401', FAMILY);
  const personId = household.members.find((m) => m.name === FAMILY[0].name)!.personId;
  unwrap<IsolationView>(
    await e2e.cloud.invoke(
      'staff',
      { action: 'startIsolation', payload: { personId, kind: 'home_isolation', startDate: today, plannedDays: 14, reason: '密切接触者' } },
      WORKER.openid,
    ),
    'staff.startIsolation',
  );
  setClock({ at: new Date(`${today}T08:30:00+08:00`) });
}, 60_000);

afterAll(async () => {
  setClock({ at: null });
  await e2e?.stop();
});

/** Computed sizes in CSS px of the first element matching each selector (null: none on the page). */
function sizes(
  page: Page,
  selectors: Record<string, string>,
): Promise<Record<string, { font: number; width: number; height: number; left: number } | null>> {
  return page.evaluate((sel) => {
    const out: Record<string, { font: number; width: number; height: number; left: number } | null> = {};
    for (const [name, css] of Object.entries(sel)) {
      const el = Array.from(document.querySelectorAll(css)).find((e) => e.getClientRects().length > 0);
      if (!el) {
        out[name] = null;
        continue;
      }
      const r = el.getBoundingClientRect();
      out[name] = { font: parseFloat(getComputedStyle(el).fontSize), width: r.width, height: r.height, left: r.left };
    }
    return out;
  }, selectors);
}

const rootFont = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

/** The label of the tab bar at the bottom of the window showing `text`, whichever tab bar draws it. */
function tabLabelFont(page: Page, text: string): Promise<number | null> {
  return page.evaluate((label) => {
    const el = Array.from(document.querySelectorAll<HTMLElement>('body *')).find(
      (e) => e.children.length === 0 && e.innerText?.trim() === label && e.getBoundingClientRect().top > window.innerHeight - 120,
    );
    return el ? parseFloat(getComputedStyle(el).fontSize) : null;
  }, text);
}

test('the resident check-in page at a desk: normal text, a centred column, Tab and Enter/Space with a focus ring', async () => {
  const { page } = await e2e.newDesk();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/checkin/index', RESIDENT.displayName, /pages\/checkin\/index/);
  const card = box(page, '.ci-person', FAMILY[0].name);
  await card.waitFor();
  await settled(page);

  expect(await rootFont(page)).toBe('18px');
  const s = await sizes(page, {
    body: '.ci-person__until',
    hint: '.ci-day .muted',
    card: '.ci-person',
    button: '.ci-submit',
    name: '.ci-person__name',
  });
  for (const text of [s.body!, s.hint!]) {
    expect(text.font).toBeGreaterThanOrEqual(14);
    expect(text.font).toBeLessThanOrEqual(18);
  }
  expect(s.card!.width).toBeLessThanOrEqual(800);
  // centred: as much room on the left as on the right
  expect(Math.abs(s.card!.left - (1440 - s.card!.width - s.card!.left))).toBeLessThan(24);
  expect(s.button!.height).toBeGreaterThanOrEqual(36);
  await fullShot(e2e, page, 'desk-1-checkin');

  // the keyboard: into the temperature, Space on a chip, Enter on the primary button
  await field(page, '如 36.5').fill('36.6');
  const passed = await tabTo(page, '咳嗽');
  expect(passed).toContain('无不适');
  let ring = await focusRing(page);
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await page.keyboard.press(' ');
  await expect(card.locator('.chip--on').innerText()).resolves.toBe('咳嗽');
  await page.keyboard.press(' ');
  await expect(card.locator('.chip--on').innerText()).resolves.toBe('无不适');
  await tabTo(page, '提交打卡');
  ring = await focusRing(page);
  expect(ring).toMatchObject({ style: 'solid' });
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await viewportShot(e2e, page, 'desk-2-checkin-focus');
  await page.keyboard.press('Enter');
  await see(page, '上午打卡成功');
  // the reminder switch is a row: reachable and switched with Enter too
  await tabTo(page, /^打卡前提醒我/);
  await page.keyboard.press('Enter');
  await see(page, '已开启');
  await fullShot(e2e, page, 'desk-3-checkin-done');

  // the tab bar of a tab page: labels a desk can read
  await page.goto(`${e2e.cloud.url}/#/pages/report/index`);
  await see(page, '我的家庭');
  await settled(page);
  const tabLabel = await tabLabelFont(page, '我的');
  expect(tabLabel).not.toBeNull();
  expect(tabLabel!).toBeGreaterThanOrEqual(12);
  const report = await sizes(page, { card: '.card' });
  expect(report.card!.width).toBeLessThanOrEqual(800);
  await fullShot(e2e, page, 'desk-4-report');
  expect(problems.pageErrors).toEqual([]);
}, 120_000);

test('工作台 at a desk: normal text, rows a desk can scan, its buttons and rows reachable with Tab', async () => {
  const { page } = await e2e.newDesk();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/workbench/index', WORKER.displayName, /pages\/workbench\/index/);
  const row = box(page, '.qrow', FAMILY[0].name);
  await row.waitFor();
  await settled(page);
  const s = await sizes(page, { who: '.qrow__who', row: '.qrow' });
  expect(s.who!.font).toBeGreaterThanOrEqual(14);
  expect(s.who!.font).toBeLessThanOrEqual(18);
  expect(s.row!.width).toBeLessThanOrEqual(800);
  // the first tool of the page and the search button take the focus from the keyboard, with a ring
  await tabTo(page, '隔离人员打卡');
  let ring = await focusRing(page);
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await tabTo(page, '搜索');
  ring = await focusRing(page);
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await viewportShot(e2e, page, 'desk-5-workbench-focus');
  await fullShot(e2e, page, 'desk-6-workbench');
  expect(problems.pageErrors).toEqual([]);
}, 120_000);

test('on a phone (390×844) nothing changed: the sizes measured before the desk layout', async () => {
  const { page } = await e2e.newPhone();
  await loginAt(e2e, page, '/pages/checkin/index', RESIDENT.displayName, /pages\/checkin\/index/);
  await box(page, '.ci-person', FAMILY[0].name).waitFor();
  await settled(page);
  expect(await rootFont(page)).toBe('20.8px');
  const s = await sizes(page, { body: '.ci-day .muted', card: '.ci-person' });
  expect(s.body!.font).toBeCloseTo(17.68, 2);
  expect(s.card!.width).toBeCloseTo(365.06, 1);
  await fullShot(e2e, page, 'desk-7-phone-checkin');
  await page.goto(`${e2e.cloud.url}/#/pages/report/index`);
  await see(page, '我的家庭');
  await settled(page);
  const report = await sizes(page, { card: '.card' });
  expect(report.card!.width).toBeCloseTo(365.06, 1);
}, 60_000);
