/**
 * QR posters end to end in Chromium against the real H5 build and the local cloud: the community
 * admin 王书记 opens 工作台 → 二维码与海报, walks down to the compound 祥云一区, downloads the posters
 * of its buildings, and the test opens the PDF (one page per building) and renders page 1 with
 * pdftoppm (test-results/posters/e2e-compound-page1.png: look at it). Then the admin rotates
 * 3号楼's code after a confirm, and a resident who scans the old poster is told it was replaced.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { rows } from '../../cloudfunctions/common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { Place } from '../../src/domain/places';
import { startE2E, type E2E } from '../support/browser';
import { getBytes } from '../support/http';
import { box, fullShot, loginAt, see, shown, tap, viewportShot, watchPage } from '../support/steps';

const OUT = resolve(__dirname, '../../test-results/posters');

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  mkdirSync(OUT, { recursive: true });
}, 60_000);
afterAll(async () => {
  await e2e?.stop();
});

async function placeNamed(name: string, level: Place['level']): Promise<Place> {
  return (await rows<Place>(getDb().collection(Collections.places).where({ name, level })))[0];
}

test("the admin downloads a compound's posters, opens the PDF, and rotates a building's code", async () => {
  const { context, page } = await e2e.newPhone();
  const problems = watchPage(page);
  await loginAt(e2e, page, '/pages/me/index', PERSONAS.admin.displayName, /pages\/me\/index/);
  await tap(page, '工作台');
  await tap(page, '二维码与海报');
  await page.waitForURL(/admin\/pages\/posters\/index/);
  // every place's code is visible: the community first
  await see(page, e2e.cloud.demo!.communityCode);
  await fullShot(e2e, page, 'posters-scope-390');

  for (const name of ['祥云社区', '东片区', '第一网格', '祥云一区']) await tap(page, `${name} ›`);
  const compound = await placeNamed('祥云一区', 'compound');
  await see(page, compound.code);
  await see(page, e2e.cloud.demo!.buildingCode);
  await tap(page, '下载祥云一区全部楼栋海报');
  await see(page, '海报已生成：祥云一区');
  await see(page, /^共 4 页 A4，\d+ KB；链接 10 分钟内有效$/);
  await fullShot(e2e, page, 'posters-compound-390');

  // 打开海报 opens the PDF's temporary link in a new tab (headless Chromium saves a PDF instead of
  // showing it, and closes the tab): the request it makes is the link; fetch it and look
  const [request] = await Promise.all([
    context.waitForEvent('request', (r) => r.url().includes('/api/storage/object/')),
    tap(page, '打开海报（PDF）'),
  ]);
  const url = request.url();
  expect(url).toMatch(/\/api\/storage\/object\/generated\/poster\/.+\.pdf\?exp=\d+&sig=/);
  const pdf = await getBytes(url);
  expect(pdf.status).toBe(200);
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.bytes.length).toBeLessThanOrEqual(4 * 300 * 1024);
  const file = join(OUT, 'e2e-compound.pdf');
  writeFileSync(file, pdf.bytes);
  expect(/Pages:\s+4\b/.test(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))).toBe(true);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const name of ['祥云一区 1号楼', '祥云一区 2号楼', '祥云一区 3号楼', '祥云一区 4号楼', '网格员 李网格']) expect(text).toContain(name);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(OUT, 'e2e-compound-page1')]);

  // rotate 3号楼's code: asked first, then done
  const oldCode = e2e.cloud.demo!.buildingCode;
  await box(page, '.pc-row', '3号楼').getByText('更换二维码', { exact: true }).click();
  await see(page, '更换3号楼的二维码？');
  await page.getByText('二维码外泄', { exact: true }).click();
  await viewportShot(e2e, page, 'posters-rotate-confirm-390');
  await tap(page, '确认更换');
  await see(page, /^3号楼的二维码已更换：旧码 [2-9A-Z]{6} 已停用，新码 [2-9A-Z]{6}。/);
  const building = (await rows<Place>(getDb().collection(Collections.places).where({ _id: e2e.cloud.demo!.buildingId })))[0];
  expect(building.code).not.toBe(oldCode);
  await see(page, building.code);
  expect(await shown(page, oldCode).count()).toBe(0);
  // the audit says why
  const audit = await rows<{ action: string; reason?: string }>(getDb().collection(Collections.auditLog).where({ action: 'code_rotate' }));
  expect(audit.map((a) => a.reason)).toContain(`${oldCode} → ${building.code}：二维码外泄`);

  // at a desk: the same page, cards side by side
  const desk = await e2e.newDesk();
  await loginAt(e2e, desk.page, '/pages/me/index', PERSONAS.admin.displayName, /pages\/me\/index/);
  await tap(desk.page, '工作台');
  await tap(desk.page, '二维码与海报');
  await desk.page.waitForURL(/admin\/pages\/posters\/index/);
  for (const name of ['祥云社区', '东片区', '第一网格']) await tap(desk.page, `${name} ›`);
  await see(desk.page, compound.code);
  await fullShot(e2e, desk.page, 'posters-grid-1440');

  // a resident scans the old poster: the page says the code was replaced, and offers no form
  const resident = await e2e.newPhone();
  resident.page.setDefaultTimeout(15_000);
  await resident.page.goto(`${e2e.cloud.url}/q/${oldCode}`);
  // no session yet: the demo login first, then back to the scanned code
  await see(resident.page, '本地演示登录');
  await tap(resident.page, PERSONAS.resident.displayName);
  await see(resident.page, '二维码已更换');
  await see(resident.page, /^该二维码已更换，不能再用于报备。请扫描张贴在祥云社区 祥云一区 3号楼的单元门口的新二维码/);
  expect(await shown(resident.page, '开始报备').count()).toBe(0);
  await fullShot(e2e, resident.page, 'report-replaced-code-390');
  // the new code works
  await resident.page.goto(`${e2e.cloud.url}/q/${building.code}`);
  await see(resident.page, '开始报备');

  expect(problems.pageErrors).toEqual([]);
}, 120_000);
