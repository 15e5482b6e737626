import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { emptyFigures, QUEUE_KINDS, type DashboardView, type Figure, type GridRow } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import DashboardPage from './index';
import { sortGrids } from './useDashboard';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const q = (value: number, extra: Record<string, unknown> = {}): Figure => ({ value, link: { list: 'queue', ...extra } });

function grid(n: number, over: Partial<GridRow> = {}): GridRow {
  return {
    placeId: `g${n}`,
    name: `第${n}网格`,
    households: 10 * n,
    persons: 30 * n,
    isolated: n,
    monitored: 0,
    open: 0,
    overdue: 0,
    fever: 0,
    missing: 0,
    checkinsDone: 0,
    behind: [],
    ...over,
  };
}

function view(over: Partial<DashboardView> = {}): DashboardView {
  const f = emptyFigures();
  return {
    date: '2026-12-01',
    at: '2026-12-01T03:00:00.000Z',
    scope: [{ id: 'c1', name: '祥云社区', level: 'community' }],
    exceptions: {
      overdue: q(7, { overdue: true }),
      missing: q(2, { kind: 'checkin_alert', priority: 'normal' }),
      fever: q(1, { kind: 'checkin_alert', priority: 'urgent' }),
      emergency: q(0, { priority: 'emergency', overdue: true }),
      oldest: {
        itemId: 'q1',
        title: '报备核实 · 祥云一区 1号楼 1单元 101',
        createdAt: '2026-12-01T01:00:00.000Z',
        dueAt: '2026-12-01T02:00:00.000Z',
        overdue: true,
      },
    },
    today: {
      isolated: { value: 4, link: { list: 'roster', date: '2026-12-01' } },
      monitored: { value: 0, link: { list: 'roster', date: '2026-12-01' } },
      checkins: { done: { value: 3, link: { list: 'roster' } }, fever: q(1), missing: q(2) },
      open: Object.fromEntries(QUEUE_KINDS.map((k) => [k, q(1, { kind: k })])) as DashboardView['today']['open'],
      openTotal: q(4),
      openedToday: 5,
      closedToday: 1,
      requestsOpen: { submitted: q(1, { kind: 'request' }), accepted: q(0), in_progress: q(0), escalated: q(0) },
    },
    filed: {
      households: 8,
      persons: 16,
      byCategory: { ...f.personsByCategory, returning: 8, home_isolation: 8 },
      asOf: '2026-12-01T03:00:00.000Z',
    },
    requests: { days: 14, byKind: f.requests.byKind, byStatus: f.requests.byStatus, response: [] },
    grids: {
      rows: [grid(1, { overdue: 4, behind: ['逾期4项'] }), grid(2, { open: 9 }), grid(3, { missing: 2, behind: ['未打卡2人次'] })],
      asOf: '2026-12-01T03:00:00.000Z',
    },
    trend: [],
    ...over,
  };
}

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
