/**
 * 工作台 in the REAL WeChat build (`npm run build:weapp` → dist/) under miniprogram-simulate: the
 * staff tab page of the main package lists the queue in compact rows, and the custom tab bar
 * (tabBar.custom: src/custom-tab-bar) shows 工作台 to staff only.
 */
import { type QueueItemView, type QueueKind, type StaffProfile } from '../../src/domain';
import { answerCloud, cloudPayloads, loadWeappPage, resetWx, wxMock } from './harness';

jest.setTimeout(20_000);

const WORKER: StaffProfile = { staffId: 'st-1', name: '李网格', role: 'worker', scope: [{ id: 'g-1', name: '第一网格', level: 'grid' }] };
const COUNTS: Record<QueueKind, number> = { verify_report: 1, request: 1, checkin_alert: 0, household_conflict: 0, batch_row: 0 };

function row(n: number, overrides: Partial<QueueItemView>): QueueItemView {
  return {
    itemId: `q-${n}`,
    kind: 'verify_report',
    refId: `r-${n}`,
    title: `报备核实 · ${n}`,
    summary: '返回人员 · 2人 · 王*等',
    priority: 'normal',
    status: 'open',
    dueAt: '2026-11-21T02:00:00.000Z',
    overdue: false,
    assigned: false,
    createdAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

beforeEach(() => resetWx());

it('lists the queue on the main-package 工作台 page: urgency, kind, full name, address, due time', async () => {
  answerCloud('staff', 'me', WORKER);
  answerCloud('staff', 'buildings', { items: [], nextCursor: null });
  answerCloud('staff', 'queue', {
    items: [
      row(1, { kind: 'request', priority: 'emergency', personName: '王秀英', address: '祥云一区 3号楼 1单元 302', summary: '王** · 就医：市人民医院' }),
      row(2, { personName: '刘建国', address: '祥云二区 1号楼 2单元 501' }),
    ],
    nextCursor: null,
    counts: COUNTS,
  });
  const page = await loadWeappPage('pages/workbench/index');
  await page.waitFor(() => page.findByText('王秀英'));
  const text = page.text();
  for (const shown of ['李网格', '危急', '居民求助', '刘建国', '报备核实', '全部 2', '祥云一区 3号楼 1单元 302 · 就医：市人民医院', '11-21 10:00'])
    expect(text).toContain(shown);
  page.input('搜索姓名 / 房号 / 手机尾号', '5678');
  page.tap('搜索');
  await page.waitFor(() => cloudPayloads('staff', 'queue').length === 2);
  expect(cloudPayloads('staff', 'queue')[1]).toEqual({ status: 'open', cursor: null, search: '5678' });
  page.tap('刘建国');
  await page.waitFor(() => wxMock.navigateTo.mock.calls.length === 1);
  expect(wxMock.navigateTo.mock.calls[0][0]).toMatchObject({ url: '/staff/pages/item/index?id=q-2' });
});

it('the custom tab bar shows a staff member 工作台 first and switches to it', async () => {
  answerCloud('staff', 'me', WORKER);
  const bar = await loadWeappPage('custom-tab-bar/index');
  await bar.waitFor(() => bar.findByText('工作台'));
  expect(bar.text().split('\n')).toEqual(['工作台', '报备', '求助', '我的']);
  bar.tap('工作台');
  await bar.waitFor(() => wxMock.switchTab.mock.calls.length === 1);
  expect(wxMock.switchTab.mock.calls[0][0]).toMatchObject({ url: '/pages/workbench/index' });
});

it('the custom tab bar shows a resident 报备 / 求助 / 我的 only', async () => {
  answerCloud('staff', 'me', null);
  const bar = await loadWeappPage('custom-tab-bar/index');
  await bar.waitFor(() => bar.findByText('我的'));
  // the staff answer has come (the bar asked once)
  await bar.waitFor(() => cloudPayloads('staff', 'me').length === 1);
  await new Promise((r) => setTimeout(r, 50));
  expect(bar.text().split('\n')).toEqual(['报备', '求助', '我的']);
});
