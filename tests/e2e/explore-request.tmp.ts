import { startE2E } from '../support/browser';
import { familyOfThree, householdReport } from '../support/people';

async function main() {
  const e2e = await startE2E();
  try {
    await e2e.cloud.invoke('report', { action: 'submit', payload: householdReport(e2e.cloud.demo!.buildingId, { room: '402', members: familyOfThree(2) }) }, 'o_local_resident_2');
    const { page } = await e2e.newPhone();
    page.setDefaultTimeout(10000);
    page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    await page.goto(`${e2e.cloud.url}/#/pages/request/index`);
    await page.getByText('居民 刘女士', { exact: true }).click();
    await page.getByText('我的求助', { exact: true }).waitFor();
    const vis = (t: string) => page.getByText(t, { exact: true }).locator('visible=true');
    await vis('其他').click();
    await page.getByPlaceholder('请简要说明您遇到的困难').locator('visible=true').fill('测试');
    await vis('危急').click();
    await vis('提交求助').click();
    await vis('拨打120并提交求助').click();
    await vis('办理进度').waitFor();
    console.log('history', await page.evaluate(() => history.length));
    console.log('at detail', page.url());
    await vis('返回我的求助').click();
    await page.waitForTimeout(1500);
    console.log('after switchTab', page.url());
    console.log('pages', await page.evaluate(() => Array.from(document.querySelectorAll('.taro_page')).map((p) => `${p.id} ${(p as HTMLElement).style.display} ${p.className}`)));
    console.log('history', await page.evaluate(() => history.length));
    await vis('物资代购').click();
    await page.waitForTimeout(1500);
    console.log('after tile', page.url());
    console.log('pages', await page.evaluate(() => Array.from(document.querySelectorAll('.taro_page')).map((p) => `${p.id} ${(p as HTMLElement).style.display} ${p.className}`)));
  } finally {
    await e2e.stop();
  }
}
void main();
