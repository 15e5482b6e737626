import '@testing-library/jest-dom';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import DashboardPage from './index';
import { compareGrids, type GridRow } from '../../../domain';
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

  it('the overdue batch number and 待分拨 open their lists', async () => {
    stubCloud({ 'dashboard.overview': () => ok(view()) });
    render(<DashboardPage />);
    const alerts = (await screen.findByText('需要马上处理')).parentElement as HTMLElement;
    fireEvent.click(within(alerts).getByText('核查逾期 ›'));
    const url = decodeURIComponent(lastNavigation()!.url);
    expect(url).toMatch(/^\/staff\/pages\/queue\/index\?/);
    expect(url).toContain('kind=batch_row');
    expect(url).toContain('overdue=1');
    expect(url).toContain('title=核查逾期 · 祥云社区');
    fireEvent.click(within(alerts).getByText('待分拨 ›'));
    expect(lastNavigation()!.url).toBe('/datadesk/pages/unplaced/index?placeId=c1');
    // the rows being checked, by the furthest pass: each opens the rows it counts
    expect(screen.getByText('核查批次（核查中 22 · 已办结 6）')).toBeInTheDocument();
    fireEvent.click(screen.getByText('电话核查 ›'));
    const rows = decodeURIComponent(lastNavigation()!.url);
    expect(rows).toMatch(/^\/staff\/pages\/batch-rows\/index\?/);
    expect(rows).toContain('stage=phone');
    expect(rows).toContain('title=电话核查 · 祥云社区');
  });

  it('the grid table shows the function’s order; a column head asks it for that order, 显示更多 for the next page', async () => {
    const calls = stubCloud({
      'dashboard.overview': () => ok(view({ grids: { ...view().grids, total: 3, nextCursor: 'c-behind' } })),
      'dashboard.grids': (p: { sort: string; cursor: string | null }) =>
        ok(
          p.cursor === 'c-open'
            ? { rows: [grid(3)], total: 3, sort: { by: 'open', ascending: false }, nextCursor: null, asOf: null }
            : { rows: [grid(2, { open: 9 }), grid(1, { open: 4 })], total: 3, sort: { by: 'open', ascending: false }, nextCursor: 'c-open', asOf: null },
        ),
    });
    render(<DashboardPage />);
    await screen.findByText('需要马上处理');
    const names = () => Array.from(document.querySelectorAll('.db-table__grid')).map((e) => e.textContent);
    expect(names()).toEqual(['第1网格', '第3网格', '第2网格']);
    expect(screen.getByText('显示更多（已显示 3 / 3 个网格）')).toBeInTheDocument();
    await act(async () => void fireEvent.click(screen.getByText('待办')));
    expect(calls.filter((c) => c.action === 'grids').map((c) => c.payload)).toEqual([{ sort: 'open', ascending: false, cursor: null }]);
    expect(names()).toEqual(['第2网格', '第1网格']);
    expect(screen.getByText('待办 ↓')).toBeInTheDocument();
    await act(async () => void fireEvent.click(screen.getByText('显示更多（已显示 2 / 3 个网格）')));
    expect(calls[calls.length - 1].payload).toEqual({ sort: 'open', ascending: false, cursor: 'c-open' });
    expect(names()).toEqual(['第2网格', '第1网格', '第3网格']);
    expect(screen.queryByText(/显示更多/)).toBeNull();
    fireEvent.click(screen.getByText('第3网格'));
    expect(lastNavigation()!.url).toBe('/dashboard/pages/index/index?placeId=g3');
  });

  it('says when the job has not counted yet', async () => {
    stubCloud({
      'dashboard.overview': () =>
        ok(view({ grids: { rows: [], total: 0, sort: { by: 'behind', ascending: false }, nextCursor: null, asOf: null }, trend: [] })),
    });
    render(<DashboardPage />);
    expect(await screen.findAllByText('尚无统计（每10分钟统计一次）')).toHaveLength(1);
  });

  it('orders names by number within them (第2 before 第10), numbers worst first, ties by name', () => {
    const sort = (rows: GridRow[], by: 'open' | 'name', asc: boolean) => [...rows].sort((a, b) => compareGrids(a, b, by, asc)).map((r) => r.name);
    const rows = [grid(10, { open: 1 }), grid(2, { open: 1 }), grid(3, { open: 5 })];
    expect(sort(rows, 'open', false)).toEqual(['第3网格', '第2网格', '第10网格']);
    expect(sort(rows, 'name', true)).toEqual(['第2网格', '第3网格', '第10网格']);
  });
});
