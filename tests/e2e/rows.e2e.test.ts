/**
 * The grid worker on the phone (390×844) on dispatched rows of an upper-level batch (issue 13 §3):
 * 纳管 of a person 一人一档 does not know — home isolation started from the row, the person and their
 * household filed in the room the worker confirms — and two rows of one room handled together
 * (入户走访 for both, then 纳管 for both: one household, two isolations).
 */
import { PERSONAS } from '../../localcloud/personas';
import { Pages, to } from '../../src/domain/routes';
import type { BatchRowView, ImportView } from '../../src/domain/batches';
import type { TestCloud } from '../support/testCloud';
import { startE2E, type E2E } from '../support/browser';
import { runToEnd, uploadList, xlsxOf } from '../support/batches';
import { idCard } from '../support/people';
import { fullShot, loginAt, see, settled, shown, tap, unwrap, watchPage } from '../support/steps';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker;
let e2e: E2E;
let rows = new Map<string, BatchRowView>();

/** The functions, as the function tests call them, in the e2e's local cloud. */
const calls = () =>
  ({ call: (openid: string, name: string, action: string, payload: unknown) => e2e.cloud.invoke(name, { action, payload }, openid) }) as unknown as TestCloud;

beforeAll(async () => {
  e2e = await startE2E();
  const list = [
    ['1', '陈一', idCard('19700101', 71), '13900001111', '祥云一区3号楼1单元101'],
    ['2', '陈二', idCard('19720202', 72), '', '祥云一区3号楼1单元101室'],
    ['3', '赵三', idCard('19900303', 73), '13900003333', '祥云一区三号楼一单元102'],
  ];
  const fileId = await uploadList(calls(), ADMIN, await xlsxOf(['序号', '姓名', '身份证号码', '联系电话', '现住址'], list), 'xlsx');
  const call = (action: string, payload: unknown) => e2e.cloud.invoke('batch', { action, payload }, ADMIN);
  let view = unwrap<ImportView>(await call('upload', { fileId, source: '区指挥部', subject: '机场专项', deadline: new Date(Date.now() + 86_400_000).toISOString() }), 'upload');
  if (view.status === 'mapping') view = unwrap<ImportView>(await call('confirmMapping', { importId: view.importId, mapping: view.mapping }), 'confirmMapping');
  view = await runToEnd(calls(), ADMIN, view);
  unwrap(await call('dispatch', { batchId: view.batchId }), 'dispatch');
  const dispatched = unwrap<{ items: BatchRowView[] }>(await call('rows', { batchId: view.batchId, state: 'dispatched' }), 'rows');
  rows = new Map(dispatched.items.map((r) => [r.name, r]));
}, 60_000);
afterAll(async () => {
  await e2e?.stop();
});

const stored = async (name: string) => {
  const res = unwrap<{ items: BatchRowView[] }>(await e2e.cloud.invoke('batch', { action: 'rows', payload: { batchId: rows.get(name)!.batchId, state: 'closed' } }, ADMIN), 'rows');
  return res.items.find((r) => r.name === name);
};

it('on the phone: 纳管 of an unknown person from the row, then two rows of one room together', async () => {
  const { page } = await e2e.newPhone();
  const watch = watchPage(page);
  await loginAt(e2e, page, to.login(Pages.workbench), WORKER.displayName, /pages\/workbench/);
  await see(page, '待处理');
  await settled(page);

  // 赵三: not in 一人一档. 纳管 with home isolation files him in the room the list names
  await page.goto(`${e2e.cloud.url}/#${to.staffItem(rows.get('赵三')!.itemId!)}`);
  await see(page, '上级数据');
  await tap(page, '纳管');
  await see(page, '建档（一人一档中没有：赵三）');
  await see(page, '祥云一区 3号楼');
  expect(await page.getByPlaceholder('如：301', { exact: true }).inputValue()).toBe('102');
  await tap(page, '纳管并开始居家隔离');
  await see(page, '请先告知本人并勾选');
  await tap(page, '已告知本人：其信息将登记到社区一人一档');
  await fullShot(e2e, page, 'rows-manage-unknown-390');
  await tap(page, '纳管并开始居家隔离');
  await shown(page, '纳管并开始居家隔离').first().waitFor({ state: 'hidden' });
  await see(page, /^纳管/);
  // the person is now in 一人一档, under home isolation, on this item
  await see(page, '居家隔离中');
  await fullShot(e2e, page, 'rows-managed-390');
  const zhao = await stored('赵三');
  expect(zhao).toMatchObject({ outcome: { kind: 'managed' }, person: { status: 'home_isolation' } });

  // 陈一 and 陈二 live in one room: the item shows them together
  await page.goto(`${e2e.cloud.url}/#${to.staffItem(rows.get('陈一')!.itemId!)}`);
  await see(page, '同户核查（已选1/2人）');
  await tap(page, '陈二 · 同一房间 · 未建档');
  await see(page, '同户核查（已选2/2人）');
  await tap(page, '见到本人');
  await page.getByPlaceholder('如：已告知居家健康监测，人在辖区', { exact: true }).fill('两人均在家，已告知居家');
  await tap(page, '记录入户走访（2人）');
  await see(page, '一起处理：2/2人已记录');
  await see(page, /^入户走访11-|入户走访/);

  await tap(page, '陈二 · 同一房间 · 未建档');
  await tap(page, '纳管');
  await see(page, '建档（一人一档中没有：陈一、陈二）');
  await tap(page, '已告知本人：其信息将登记到社区一人一档');
  await fullShot(e2e, page, 'rows-together-390');
  await tap(page, '纳管并开始居家隔离（2人）');
  await see(page, '一起处理：2/2人已记录');
  await see(page, '陈二：已记录');
  await fullShot(e2e, page, 'rows-together-done-390');

  const [chen1, chen2] = [await stored('陈一'), await stored('陈二')];
  expect(chen1?.person?.householdId).toBeTruthy();
  expect(chen2?.person?.householdId).toBe(chen1!.person!.householdId);
  expect(chen1!.passes.filter((p) => p.kind === 'visit')).toHaveLength(1);
  expect(chen2!.passes.filter((p) => p.kind === 'visit')).toHaveLength(1);
  for (const p of [chen1!, chen2!]) expect(p.person?.status).toBe('home_isolation');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(watch.pageErrors).toEqual([]);
}, 120_000);
