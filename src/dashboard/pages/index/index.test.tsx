import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import DashboardPage from './index';
import { sortGrids } from './useDashboard';
import { dashboardView as view, gridRow as grid } from './testFixtures';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

describe('数据看板', () => {
  beforeEach(() => resetTaro());

  it('puts the exceptions first and names the longest wait from the server’s time', async () => {
    stubCloud({ 'dashboard.overview': () => ok(view()) });
    render(<DashboardPage />);
    expect(await screen.findByText('需要马上处理')).toBeInTheDocument();
    const first = document.querySelector('.card') as HTMLElement;
    expect(within(first).getByText('逾期事项 ›')).toBeInTheDocument();
    expect(within(first).getByText('已等 2小时 ›')).toBeInTheDocument();
  });

  it('a number opens the queue under its filter, titled with what was tapped and where', async () => {
    stubCloud({ 'dashboard.overview': () => ok(view()) });
    render(<DashboardPage />);
    fireEvent.click(await screen.findByText('逾期事项 ›'));
    const url = lastNavigation()!.url;
    expect(url).toMatch(/^\/staff\/pages\/queue\/index\?/);
    expect(url).toContain('overdue=1');
    expect(decodeURIComponent(url)).toContain('title=逾期事项 · 祥云社区');
    fireEvent.click(screen.getByText('居家隔离 ›'));
    expect(lastNavigation()!.url).toBe('/staff/pages/roster/index');
  });

  it('the grid table sorts worst first, by a column when its head is tapped, and opens a grid', async () => {
    stubCloud({ 'dashboard.overview': () => ok(view()) });
    render(<DashboardPage />);
    await screen.findByText('需要马上处理');
    const names = () => Array.from(document.querySelectorAll('.db-table__grid')).map((e) => e.textContent);
    expect(names()).toEqual(['第1网格', '第3网格', '第2网格']);
    fireEvent.click(screen.getByText('待办'));
    expect(names()).toEqual(['第2网格', '第1网格', '第3网格']);
    fireEvent.click(screen.getByText('第3网格'));
    expect(lastNavigation()!.url).toBe('/dashboard/pages/index/index?placeId=g3');
  });

  it('says when the job has not counted yet', async () => {
    stubCloud({ 'dashboard.overview': () => ok(view({ grids: { rows: [], asOf: null }, trend: [] })) });
    render(<DashboardPage />);
    expect(await screen.findAllByText('尚无统计（每10分钟统计一次）')).toHaveLength(1);
  });

  it('sorts by name ascending and by numbers descending, ties by name', () => {
    const rows = [grid(2, { open: 1 }), grid(1, { open: 1 }), grid(3, { open: 5 })];
    expect(sortGrids(rows, 'open', false).map((r) => r.name)).toEqual(['第3网格', '第1网格', '第2网格']);
    expect(sortGrids(rows, 'name', true).map((r) => r.name)).toEqual(['第1网格', '第2网格', '第3网格']);
  });
});
