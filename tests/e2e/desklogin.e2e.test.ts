/**
 * 扫码登录网页版 between two browsers, as on the local cloud: the desk (1440×900) shows a QR code
 * and a match code; the worker's phone (390×844, signed in as a demo persona) opens the code's
 * link as the camera would, checks the match code, confirms; the desk is then the worker's 工作台.
 * The phone ends the desk session, and the desk is back at its QR code at its next call.
 */
import { PERSONAS } from '../../localcloud/personas';
import { startE2E, type E2E } from '../support/browser';
import { fullShot, loginAt, see, settled, tap, watchPage } from '../support/steps';

const WORKER = PERSONAS.worker;
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);
afterAll(async () => {
  await e2e?.stop();
});

test('the worker signs the desk in from the phone, and signs it out again', async () => {
  const desk = await e2e.newDesk();
  const deskErrors = watchPage(desk.page);
  await desk.page.goto(`${e2e.cloud.url}/#/desk/pages/signin/index`);
  await see(desk.page, '网格通 网页版');
  const qr = desk.page.locator('[data-link]').first();
  await qr.waitFor();
  const link = (await qr.getAttribute('data-link'))!;
  expect(link).toMatch(new RegExp(`^${e2e.cloud.url}/#/staff/pages/desk-login/index\\?ticket=dt[0-9a-f]{24}$`));
  const matchCode = (await desk.page.locator('.desk-signin__digits').innerText()).trim();
  expect(matchCode).toMatch(/^\d{4}$/);
  // the QR code is drawn (an image of some size, not a broken one)
  const drawn = await desk.page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('[data-link] img, img[data-link]');
    return img ? { w: img.naturalWidth, src: img.src.slice(0, 22) } : null;
  });
  expect(drawn).toEqual({ w: expect.any(Number), src: 'data:image/png;base64,' });
  expect(drawn!.w).toBeGreaterThan(100);
  await fullShot(e2e, desk.page, 'desklogin-1-desk-qr');

  // the phone: 工作台 → 扫码登录网页版 (a browser has no camera scanner: the page lists desk sessions)
  const phone = await e2e.newPhone();
  await loginAt(e2e, phone.page, '/pages/workbench/index', WORKER.displayName, /workbench/);
  await tap(phone.page, '扫码登录网页版');
  await see(phone.page, '没有已登录的网页版');
  // what the camera does with the code: open its link
  await phone.page.goto(link);
  await see(phone.page, '登录网格通网页版？');
  await see(phone.page, matchCode);
  await fullShot(e2e, phone.page, 'desklogin-2-phone-confirm');
  await tap(phone.page, '确认登录');
  await see(phone.page, '网页版已登录');
  await see(phone.page, '退出该网页版');

  // the desk notices within a poll or two and opens the worker's 工作台
  await desk.page.waitForURL(/workbench/, { timeout: 15_000 });
  await see(desk.page, '李网格');
  await see(desk.page, '待处理');
  await fullShot(e2e, desk.page, 'desklogin-3-desk-workbench');
  await fullShot(e2e, phone.page, 'desklogin-4-phone-signed-in');

  // the phone ends it; the desk's next call finds it ended and shows the QR code again
  await tap(phone.page, '退出该网页版');
  await see(phone.page, '没有已登录的网页版');
  await desk.page.reload();
  await desk.page.waitForURL(/desk\/pages\/signin/, { timeout: 15_000 });
  await see(desk.page, '网格通 网页版');
  await desk.page.locator('[data-link]').first().waitFor();
  // a fresh ticket, not the one the phone used
  expect(await desk.page.locator('[data-link]').first().getAttribute('data-link')).not.toBe(link);
  await settled(desk.page);
  await fullShot(e2e, desk.page, 'desklogin-5-desk-signed-out');
  expect(deskErrors.pageErrors).toEqual([]);
}, 90_000);
