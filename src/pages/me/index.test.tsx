import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ok, stubCloud } from '../../test/cloudStub';
import { householdView, reportView } from '../../test/fixtures';
import { lastNavigation, resetTaro, triggerDidShow } from '../../test/taroMock';
import MePage from './index';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

const pages: Record<string, { items: ReturnType<typeof reportView>[]; nextCursor: string | null }> = {
  first: { items: [reportView(1), reportView(2)], nextCursor: 'c2' },
  c2: { items: [reportView(3), reportView(4)], nextCursor: 'c3' },
  c3: { items: [reportView(5)], nextCursor: null },
};

describe('我的', () => {
  beforeEach(() => resetTaro());

  it('shows the household with masked numbers and pages through reports with 加载更多', async () => {
    const calls = stubCloud({
      'staff.me': () => ok(null),
      'report.myHousehold': () => ok(householdView()),
      'report.myReports': (p: { cursor?: string | null }) => ok(pages[p.cursor ?? 'first']),
    });
    render(<MePage />);

    expect(await screen.findByText('祥云一区 3号楼 1单元 101')).toBeInTheDocument();
    expect(screen.getByText('手机 138****5678')).toBeInTheDocument();
    expect(screen.getByText('李网格')).toBeInTheDocument();
    expect(screen.getByText('成员2')).toBeInTheDocument();
    expect(screen.queryByText('成员3')).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('成员4')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('成员5')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
    expect(screen.getAllByText(/^成员\d$/)).toHaveLength(5);
    expect(calls.filter((c) => c.action === 'myReports').map((c) => c.payload)).toEqual([
      { cursor: null },
      { cursor: 'c2' },
      { cursor: 'c3' },
    ]);
  });

  it('updates the report from the household building', async () => {
    stubCloud({
      'staff.me': () => ok(null),
      'report.myHousehold': () => ok(householdView()),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    fireEvent.click(await screen.findByRole('button', { name: '更新报备' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/report/form?communityId=c-1&buildingId=b-3' });
  });

  it('shows an empty state before anything is filed, and reloads when shown again', async () => {
    let household: ReturnType<typeof householdView> | null = null;
    stubCloud({
      'staff.me': () => ok(null),
      'report.myHousehold': () => ok(household),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    expect(await screen.findByText('您还没有报备过。扫描社区或楼栋二维码，即可为全家报备。')).toBeInTheDocument();

    household = householdView();
    triggerDidShow();
    await waitFor(() => expect(screen.getByText('我的家庭')).toBeInTheDocument());
  });

  it('shows a failure with a retry', async () => {
    stubCloud({
      'staff.me': () => ok(null),
      'report.myHousehold': () => ({ ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' }),
      'report.myReports': () => ok(pages.first),
    });
    render(<MePage />);
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
  });

  it('shows the 工作台 entry to staff only, even before they have filed anything', async () => {
    stubCloud({
      'staff.me': () => ok({ staffId: 'st-1', name: '李网格', role: 'worker', scope: [{ id: 'g-1', name: '第一网格', level: 'grid' }] }),
      'report.myHousehold': () => ok(null),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    fireEvent.click(await screen.findByText('工作台'));
    expect(screen.getByText('李网格 · 网格员')).toBeInTheDocument();
    expect(screen.queryByText('社区管理')).not.toBeInTheDocument();
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/queue/index' });
  });

  it('shows an admin 社区管理 beside 工作台, opening the place tree; a worker does not get it', async () => {
    stubCloud({
      'staff.me': () =>
        ok({ staffId: 'st-9', name: '王书记', role: 'admin', scope: [{ id: 'c-1', name: '祥云社区', level: 'community' }] }),
      'report.myHousehold': () => ok(null),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    fireEvent.click(await screen.findByText('社区管理'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/admin/pages/places/index' });
    expect(screen.getByText('工作台')).toBeInTheDocument();
  });

  it('shows no entry to residents, nor when asking failed', async () => {
    stubCloud({
      'staff.me': () => ({ ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' }),
      'report.myHousehold': () => ok(householdView()),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    expect(await screen.findByText('我的家庭')).toBeInTheDocument();
    expect(screen.queryByText('工作台')).not.toBeInTheDocument();
  });
});
