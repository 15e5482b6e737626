/**
 * Steps shared by the end-to-end tests: finding what is on screen by its visible text, tapping,
 * screenshots, watching a page for uncaught errors, and signing in through the demo login.
 */
import type { Locator, Page } from 'playwright-core';
import type { HouseholdView } from '../../src/domain/contracts';
import type { Result } from '../../src/domain/errors';
import type { MemberInput } from '../../src/domain/household';
import type { E2E } from './browser';
import { householdReport } from './people';

/** Bounds for single waits; the tests have their own overall limits. */
export const STEP_TIMEOUT = 15_000;

/** The data of an ok result of a function call made in-process; throws on an error result. */
export function unwrap<T>(result: Result<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.code} ${result.message}`);
  return result.data as T;
}

/** Elements showing exactly `text` that are on screen (pages hidden in Taro's stack and closed sheets excluded). */
export function shown(page: Page, text: string | RegExp): Locator {
  return page.getByText(text, { exact: true }).locator('visible=true');
}

/** Waits until `text` is on screen. */
export async function see(page: Page, text: string | RegExp): Promise<void> {
  await shown(page, text).first().waitFor({ state: 'visible' });
}

/** Taro's H5 buttons are custom elements without a button role: tapped by their text. */
export async function tap(page: Page, text: string): Promise<void> {
  await shown(page, text).first().click();
}

/**
 * Opens a bottom-sheet picker, taps `option` on its wheel (or keeps the preselected item), and
 * confirms. The wheel listens on its whole column while a gradient mask lies over the items, so
 * the tap goes to the item's position without Playwright's hit-target check.
 */
export async function pick(page: Page, opener: Locator, option?: string): Promise<void> {
  await opener.click();
  const ok = shown(page, '确定');
  // a trial click waits until the sheet has slid in and stands still
  await ok.click({ trial: true });
  if (option) await shown(page, option).click({ force: true });
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

/** The input on screen with this placeholder. */
export function field(page: Page, placeholder: string): Locator {
  return page.getByPlaceholder(placeholder, { exact: true }).locator('visible=true');
}

/** The visible element with class `cls` that shows `text`. */
export function box(page: Page, cls: string, text: string): Locator {
  return page
    .locator(cls)
    .locator('visible=true')
    .filter({ has: page.getByText(text, { exact: true }) });
}

/** Resolves after two animation frames: layout and paint have caught up with a change. */
export function nextPaint(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/**
 * Resolves once the page's running animations and transitions have ended (Taro slides a page in
 * over ~300 ms: a shot taken before shows it half way), at most `maxMs` later, then after a paint.
 */
export async function settled(page: Page, maxMs = 1500): Promise<void> {
  await page.evaluate(
    (ms) =>
      Promise.race([
        (async () => {
          // a page just opened starts off-screen (translate 100%) and Taro starts its slide-in a
          // moment later: until then there is no animation to wait for, only the transform
          const sliding = () => {
            const pages = document.querySelectorAll<HTMLElement>('.taro_router > .taro_page');
            const last = pages[pages.length - 1];
            const t = last ? getComputedStyle(last).transform : 'none';
            return t !== 'none' && !/^matrix\(1, 0, 0, 1, 0, 0\)$/.test(t);
          };
          while (sliding()) await new Promise((done) => setTimeout(done, 30));
          await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
        })(),
        new Promise((done) => setTimeout(done, ms)),
      ]).then(() => undefined),
    maxMs,
  );
  await nextPaint(page);
}

/**
 * Full-page screenshot. The H5 pages scroll inside their own container, so the viewport is made
 * as tall as the content for the shot and restored afterwards. Returns the file and the time taken.
 */
export async function fullShot(e2e: E2E, page: Page, name: string): Promise<{ file: string; ms: number }> {
  const started = Date.now();
  await settled(page);
  const viewport = page.viewportSize() ?? { width: 390, height: 844 };
  const contentHeight = await page.evaluate(() => {
    let height = document.documentElement.scrollHeight;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('*'))) {
      const { overflowY } = getComputedStyle(el);
      if ((overflowY === 'auto' || overflowY === 'scroll') && el.getClientRects().length > 0 && el.scrollHeight > el.clientHeight) {
        height = Math.max(height, el.scrollHeight + (window.innerHeight - el.clientHeight));
      }
    }
    return height;
  });
  const height = Math.min(Math.max(viewport.height, Math.ceil(contentHeight)), 8000);
  if (height !== viewport.height) await page.setViewportSize({ width: viewport.width, height });
  await nextPaint(page);
  const file = await e2e.shot(page, name);
  if (height !== viewport.height) {
    await page.setViewportSize(viewport);
    await nextPaint(page);
  }
  return { file, ms: Date.now() - started };
}

/** Screenshot of what is on screen now (for sheets, which are fixed to the viewport). */
export async function viewportShot(e2e: E2E, page: Page, name: string): Promise<void> {
  await settled(page);
  await e2e.shot(page, name);
}

/** Collects uncaught errors in the page (the tests expect none). */
export function watchPage(page: Page): { consoleErrors: string[]; pageErrors: string[] } {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url ?? ''}`.trim());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { consoleErrors, pageErrors };
}

/** Files `members` as the household of `openid` in the demo building, in-process, and returns it. */
export async function fileDemoHousehold(e2e: E2E, openid: string, room: string, members: MemberInput[]): Promise<HouseholdView> {
  const demo = e2e.cloud.demo!;
  unwrap(
    await e2e.cloud.invoke('report', { action: 'submit', payload: householdReport(demo.buildingId, { room, members }) }, openid),
    'report.submit',
  );
  return unwrap<HouseholdView>(await e2e.cloud.invoke('report', { action: 'myHousehold', payload: {} }, openid), 'myHousehold');
}

/** Opens a page without a session: the app asks for the demo login and comes back to the page. */
export async function loginAt(e2e: E2E, page: Page, path: string, persona: string, back: RegExp): Promise<void> {
  page.setDefaultTimeout(STEP_TIMEOUT);
  await page.goto(`${e2e.cloud.url}/#${path}`);
  await see(page, '本地演示登录');
  await tap(page, persona);
  await page.waitForURL(back);
  // the landing page has loaded and slid in: a navigation made before that is overtaken by the login's reLaunch
  await page.waitForLoadState('networkidle');
  await settled(page);
}

/**
 * Presses Tab until the element with the keyboard focus shows exactly `text` (or matches it), as someone at a desk
 * would; returns the texts passed on the way (a field shows ''). Fails after `max` presses.
 */
export async function tabTo(page: Page, text: string | RegExp, max = 40): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
    if (typeof text === 'string' ? focused === text : text.test(focused)) return passed;
    passed.push(focused);
  }
  throw new Error(`Tab never reached ${text}; passed: ${passed.join(' | ')}`);
}

/** The focus ring of the element with the keyboard focus, as drawn. */
export function focusRing(page: Page): Promise<{ style: string; width: number; color: string }> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement ?? document.body);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor };
  });
}
