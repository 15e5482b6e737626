import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { type QueueItemView, type QueuePage, type Result } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro, triggerDidShow, triggerReachBottom } from '../../../test/taroMock';
import { adminProfile, counts, queueItem, workerProfile } from '../../shared/testFixtures';
import QueuePageView from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const PAGE = 50;
const COUNTS = counts({ verify_report: 3, request: 120 });

/** `staff.queue` over a fixed list, 50 a page, cursor = offset (opaque to the page) */
const pager =
  (all: readonly QueueItemView[]) =>
  (payload: { cursor?: string | null }): Result<QueuePage> => {
    const offset = payload.cursor ? Number(payload.cursor.replace('cur-', '')) : 0;
    const next = offset + PAGE;
    return ok({ items: all.slice(offset, next), nextCursor: next < all.length ? `cur-${next}` : null, counts: COUNTS });
  };

describe('工作台 queue', () => {
  beforeEach(() => resetTaro());

  it('shows the counts per kind as filter chips, urgency tags, due times and 已超时 marks', async () => {
    const items = [
      queueItem(1, { kind: 'request', title: '就医转运 张伟', summary: '血液透析 · 市人民医院', priority: 'emergency', overdue: true }),
      // the server's title may start with the urgency: the tag already says it
      queueItem(2, { kind: 'request', title: '紧急 · 取药 王芳', priority: 'urgent' }),
      queueItem(3, { title: '报备核实 刘洋家' }),
    ];
    stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager(items) });
    render(<QueuePageView />);

    expect(await screen.findByText('就医转运 张伟')).toBeInTheDocument();
    expect(screen.getByText('李网格')).toBeInTheDocument();
    expect(screen.getByText('负责：第一网格')).toBeInTheDocument();
    for (const chip of ['全部 123', '报备核实 3', '居民求助 120', '打卡异常 0', '家庭成员冲突 0', '待处理', '处理中']) {
      expect(screen.getByText(chip)).toBeInTheDocument();
    }

    const cards = Array.from(document.querySelectorAll('.qcard')) as HTMLElement[];
    expect(cards).toHaveLength(3);
    expect(within(cards[0]).getByText('危急')).toHaveClass('staff-tag--emergency');
    expect(within(cards[0]).getByText('已超时')).toBeInTheDocument();
    expect(cards[0]).toHaveClass('qcard--overdue');
    expect(within(cards[0]).getByText('血液透析 · 市人民医院')).toBeInTheDocument();
    // 02:01 UTC is 10:01 in Shanghai
    expect(within(cards[0]).getByText('时限 11-21 10:01')).toBeInTheDocument();
    expect(within(cards[1]).getByText('紧急')).toHaveClass('staff-tag--urgent');
    expect(within(cards[1]).getByText('取药 王芳')).toBeInTheDocument();
    expect(within(cards[1]).queryByText('已超时')).not.toBeInTheDocument();
    expect(within(cards[2]).queryByText('紧急')).not.toBeInTheDocument();
    expect(within(cards[2]).queryByText('危急')).not.toBeInTheDocument();
    expect(within(cards[2]).getByText('报备核实')).toBeInTheDocument();

    // a worker has no admin links
    expect(screen.queryByRole('button', { name: '邀请工作人员' })).not.toBeInTheDocument();

    fireEvent.click(screen.getByText('取药 王芳'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/item/index?id=qi-2' });
  });

  it('pages through every item with nextCursor (加载更多 and scrolling to the end), never stopping at a fixed count', async () => {
    const all = Array.from({ length: 120 }, (_, i) => queueItem(i, { kind: 'request', title: `求助 ${i}` }));
    const calls = stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager(all) });
    render(<QueuePageView />);

    expect(await screen.findByText('求助 49')).toBeInTheDocument();
    expect(screen.queryByText('求助 50')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('求助 99')).toBeInTheDocument();
    triggerReachBottom();
    expect(await screen.findByText('求助 119')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
    expect(screen.getByText('已全部显示（120项）')).toBeInTheDocument();
    expect(document.querySelectorAll('.qcard')).toHaveLength(120);
    expect(calls.filter((c) => c.action === 'queue').map((c) => c.payload)).toEqual([
      { status: 'open', cursor: null },
      { status: 'open', cursor: 'cur-50' },
      { status: 'open', cursor: 'cur-100' },
    ]);
  });

  it('filters by kind and status, starting the list over', async () => {
    const calls = stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager([queueItem(1)]) });
    render(<QueuePageView />);
    await screen.findByText('报备核实 1');
    fireEvent.click(screen.getByText('居民求助 120'));
    await waitFor(() => expect(calls.filter((c) => c.action === 'queue')).toHaveLength(2));
    fireEvent.click(screen.getByText('处理中'));
    await waitFor(() => expect(calls.filter((c) => c.action === 'queue')).toHaveLength(3));
    expect(calls.filter((c) => c.action === 'queue').map((c) => c.payload)).toEqual([
      { status: 'open', cursor: null },
      { kind: 'request', status: 'open', cursor: null },
      { kind: 'request', status: 'in_progress', cursor: null },
    ]);
    expect(screen.getByText('处理中').closest('.chip')).toHaveClass('chip--on');
  });

  it('reloads when shown again (back from an item)', async () => {
    let items = [queueItem(1, { title: '报备核实 甲' })];
    stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': () => ok({ items, nextCursor: null, counts: COUNTS }) });
    render(<QueuePageView />);
    await screen.findByText('报备核实 甲');
    items = [];
    triggerDidShow();
    expect(await screen.findByText('暂无待处理事项')).toBeInTheDocument();
  });

  it.each([
    ['a worker', workerProfile],
    ['an admin', adminProfile],
  ])('links %s to the isolation roster (隔离人员打卡)', async (_who, profile) => {
    stubCloud({ 'staff.me': () => ok(profile), 'staff.queue': pager([]) });
    render(<QueuePageView />);
    fireEvent.click(await screen.findByRole('button', { name: '隔离人员打卡' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/roster/index' });
  });

  it('links an admin to the invite and staff pages', async () => {
    stubCloud({ 'staff.me': () => ok(adminProfile), 'staff.queue': pager([]) });
    render(<QueuePageView />);
    fireEvent.click(await screen.findByRole('button', { name: '邀请工作人员' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/invite/index' });
    fireEvent.click(screen.getByRole('button', { name: '工作人员' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/members/index' });
  });

  it('tells someone who is not staff how to join', async () => {
    stubCloud({ 'staff.me': () => ok(null), 'staff.queue': () => ({ ok: false, code: 'FORBIDDEN', message: '仅限社区工作人员使用' }) });
    render(<QueuePageView />);
    expect(await screen.findByText('您还不是工作人员。请向社区管理员索取邀请链接，打开后即可加入。')).toBeInTheDocument();
  });
});
