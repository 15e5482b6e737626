/**
 * Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (never a
 * browser download), against a local cloud serving the real H5 build on a free port.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLocalCloud, type LocalCloud } from '../../localcloud/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(__dirname, '../../test-results/screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2E {
  cloud: LocalCloud;
  browser: Browser;
  /** a fresh phone-sized browser context (its own storage: its own session) */
  newPhone(): Promise<{ context: BrowserContext; page: Page }>;
  /** the same at a desk: a 1440×900 window */
  newDesk(): Promise<{ context: BrowserContext; page: Page }>;
  shot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const h5Dir = resolve(__dirname, '../../dist-h5');
  if (!existsSync(join(h5Dir, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlink-e2e-'));
  // the e2e tests sign in through the demo login
  const cloud = await startLocalCloud({ dataDir, port: 0, h5Dir, timers: false, demo: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  async function open(viewport: { width: number; height: number }, deviceScaleFactor: number) {
    const context = await browser.newContext({ viewport, deviceScaleFactor, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    return { context, page };
  }
  return {
    cloud,
    browser,
    async newPhone() {
      return open({ width: 390, height: 844 }, 2);
    },
    async newDesk() {
      return open({ width: 1440, height: 900 }, 1);
    },
    async shot(page, name) {
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
