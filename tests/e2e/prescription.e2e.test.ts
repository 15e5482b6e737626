/**
 * The prescription photo, end to end in Chromium on the H5 build: the resident picks a photo on the
 * medicine form, it uploads through the local cloud's storage, and both the resident (on the
 * request) and the grid worker (on the queue item) see the image through a temporary URL.
 */
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import { PERSONAS } from '../../localcloud/personas';
import type { Page as ListPage, RequestView } from '../../src/domain/contracts';
import { to } from '../../src/domain/routes';
import { startE2E, type E2E } from '../support/browser';
import { familyOfThree } from '../support/people';
import { field, fileDemoHousehold, fullShot, loginAt, see, tap, unwrap, watchPage } from '../support/steps';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 30_000);

afterAll(async () => {
  await e2e?.stop();
});

/** Waits until the cloud image has loaded and answers its natural size (0×0 for a broken image). */
async function imageSize(page: Page): Promise<{ width: number; height: number; src: string }> {
  const img = page.locator('.cloud-image img').first();
  await img.waitFor();
  for (let i = 0; i < 100 && !(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)); i++) {
    await page.waitForTimeout(100);
  }
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight, src: el.src }));
}

test('a prescription photo uploads from the medicine form and shows to the resident and the worker', async () => {
  const photo = await QRCode.toBuffer('处方：胰岛素注射液 2支 — 市人民医院', { type: 'png', width: 480 });
  await fileDemoHousehold(e2e, PERSONAS.resident.openid, '502', familyOfThree(941));

  const { page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/request/new?kind=medicine', PERSONAS.resident.displayName, /pages\/request\/new/);
  await see(page, '处方照片');
  await field(page, '如：硝苯地平缓释片').fill('胰岛素注射液');
  await field(page, '如：2盒').fill('2支');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, '拍照 / 选择照片')]);
  await chooser.setFiles({ name: 'prescription.png', mimeType: 'image/png', buffer: photo });
  await see(page, '已上传');
  await fullShot(e2e, page, 'prescription-1-form');
  await tap(page, '提交求助');
  await page.waitForURL(/pages\/request\/detail/);
  await see(page, '处方照片');
  const mine = await imageSize(page);
  expect(mine.width).toBe(480);
  expect(mine.src).toMatch(/\/api\/storage\/object\/uploads\/prescription\/.+\?exp=\d+&sig=/);
  await fullShot(e2e, page, 'prescription-2-resident-detail');

  // the worker opens the request's queue item and sees the same photo
  const requests = unwrap<ListPage<RequestView>>(await e2e.cloud.invoke('request', { action: 'mine', payload: {} }, PERSONAS.resident.openid), 'mine');
  const request = requests.items.find((r) => r.details.kind === 'medicine');
  expect(request?.details).toMatchObject({ prescriptionFileId: expect.stringMatching(/^cloud:\/\//) });
  const worker = await e2e.newDesk();
  await loginAt(e2e, worker.page, to.staffItem(`q_${request!.requestId}`), PERSONAS.worker.displayName, /staff\/pages\/item/);
  await see(worker.page, '胰岛素注射液');
  expect((await imageSize(worker.page)).width).toBe(480);
  await fullShot(e2e, worker.page, 'prescription-3-worker-item');

  // another resident who guesses the URL's path without its signature gets nothing
  const { page: other } = await e2e.newPhone();
  const unsigned = mine.src.split('?')[0];
  const res = await other.request.get(unsigned);
  expect(res.status()).toBe(403);
  expect(problems.pageErrors).toEqual([]);
}, 90_000);
