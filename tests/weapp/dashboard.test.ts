/**
 * 数据看板 in the REAL WeChat build (`npm run build:weapp` → dist/) under miniprogram-simulate: the
 * dashboard subpackage page renders the exceptions, the grid table and the View-drawn bar charts,
 * and a number opens the queue under its filter.
 */
import { dashboardView } from '../../src/dashboard/pages/index/testFixtures';
import { trendPoint, emptyFigures } from '../../src/domain';
import { answerCloud, loadWeappPage, resetWx, wxMock } from './harness';

jest.setTimeout(20_000);

beforeEach(() => resetWx());

it('renders the dashboard subpackage page on WeChat: exceptions, grids, the charts; a number opens its list', async () => {
  const trend = Array.from({ length: 14 }, (_, d) => {
    const f = emptyFigures();
    f.isolated = d;
    return trendPoint(`2026-11-${String(18 + d).padStart(2, '0')}`, f);
  });
  answerCloud('dashboard', 'overview', dashboardView({ trend }));
  const page = await loadWeappPage('dashboard/pages/index/index');
  await page.waitFor(() => page.findByText('需要马上处理'));
  const text = page.text();
  for (const shown of [
    '祥云社区（社区）',
    '需要马上处理\n7\n逾期事项',
    '最久未办',
    '第1网格',
    '逾期4项',
    '近14天趋势',
    '管控人数',
    '已报备',
  ])
    expect(text).toContain(shown);
  page.tap(/^逾期事项/);
  await page.waitFor(() => wxMock.navigateTo.mock.calls.length === 1);
  expect(wxMock.navigateTo.mock.calls[0][0].url).toMatch(/^\/staff\/pages\/queue\/index\?overdue=1&title=/);
});
