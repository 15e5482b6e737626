import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { type BuildingView, type QueueItemView, type QueuePage, type Result } from '../../domain';
import { ok, stubCloud } from '../../test/cloudStub';
import { lastNavigation, recorded, resetTaro, scanCode, triggerDidShow, triggerReachBottom } from '../../test/taroMock';
import { resetStaffRole } from '../../services/staffRole';
import { adminProfile, counts, queueItem, workerProfile } from '../../staff/shared/testFixtures';
import WorkbenchPage from './index';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

const PAGE = 50;
const COUNTS = counts({ verify_report: 3, request: 120 });
const BUILDINGS: BuildingView[] = [
  { id: 'b-3', name: '3号楼', compoundName: '祥云一区', gridId: 'g-1', units: [] },
  { id: 'b-5', name: '5号楼', compoundName: '祥云二区', gridId: 'g-1', units: [] },
];
const buildings = () => ok({ items: BUILDINGS, nextCursor: null });

/** `staff.queue` over a fixed list, 50 a page, cursor = offset (opaque to the page) */
const pager =
  (all: readonly QueueItemView[]) =>
  (payload: { cursor?: string | null }): Result<QueuePage> => {
    const offset = payload.cursor ? Number(payload.cursor.replace('cur-', '')) : 0;
    const next = offset + PAGE;
    return ok({ items: all.slice(offset, next), nextCursor: next < all.length ? `cur-${next}` : null, counts: COUNTS });
  };

const queueCalls = (calls: Array<{ action: string; payload: unknown }>) => calls.filter((c) => c.action === 'queue').map((c) => c.payload);

describe('工作台 (the staff tab)', () => {
  beforeEach(() => {
    resetTaro();
    resetStaffRole();
  });

  it('shows compact rows: urgency, kind, the full name, due time, then address and summary; 超时 marked', async () => {
    const items = [
      queueItem(1, {
        kind: 'request',
        title: '就医转运 · 祥云一区 3号楼 1单元 302',
        personName: '王秀英',
        address: '祥云一区 3号楼 1单元 302',
        summary: '王** · 就医：市人民医院',
        priority: 'emergency',
        overdue: true,
      }),
      // an item made before items carried whom and where: its title and summary
      queueItem(2, { kind: 'request', title: '紧急 · 取药 王芳', priority: 'urgent' }),
      queueItem(3, { personName: '刘洋', address: '祥云二区 5号楼 2单元 501' }),
    ];
    stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager(items), 'staff.buildings': buildings });
    render(<WorkbenchPage />);

    expect(await screen.findByText('王秀英')).toBeInTheDocument();
    expect(screen.getByText('李网格')).toBeInTheDocument();
    expect(screen.getByText('第一网格')).toBeInTheDocument();
    for (const chip of ['全部 123', '报备核实 3', '居民求助 120', '打卡异常 0', '家庭成员冲突 0', '待处理', '处理中']) {
      expect(screen.getByText(chip)).toBeInTheDocument();
    }
    expect(screen.getByPlaceholderText('搜索姓名 / 房号 / 手机尾号')).toBeInTheDocument();

    const rows = Array.from(document.querySelectorAll('.qrow')) as HTMLElement[];
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('危急')).toHaveClass('staff-tag--emergency');
    expect(within(rows[0]).getByText('居民求助')).toBeInTheDocument();
    // the summary's masked name is dropped: the row shows it in full
    expect(within(rows[0]).getByText('祥云一区 3号楼 1单元 302 · 就医：市人民医院')).toBeInTheDocument();
    // 02:01 UTC is 10:01 in Shanghai
    expect(within(rows[0]).getByText('超时 11-21 10:01')).toHaveClass('qrow__due--overdue');
    expect(rows[0]).toHaveClass('qrow--overdue');
    expect(within(rows[1]).getByText('紧急')).toHaveClass('staff-tag--urgent');
    expect(within(rows[1]).getByText('取药 王芳')).toBeInTheDocument();
    expect(within(rows[2]).getByText('报备核实')).toBeInTheDocument();
    expect(within(rows[2]).getByText('刘洋')).toBeInTheDocument();
    expect(within(rows[2]).queryByText('危急')).not.toBeInTheDocument();

    // a worker has no admin links
    expect(screen.queryByText('邀请工作人员')).not.toBeInTheDocument();

    fireEvent.click(screen.getByText('取药 王芳'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/item/index?id=qi-2' });
  });

  it('pages through every item with nextCursor (加载更多 and scrolling to the end), never stopping at a fixed count', async () => {
    const all = Array.from({ length: 120 }, (_, i) => queueItem(i, { kind: 'request', title: `求助 ${i}` }));
    const calls = stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager(all), 'staff.buildings': buildings });
    render(<WorkbenchPage />);

    expect(await screen.findByText('求助 49')).toBeInTheDocument();
    expect(screen.queryByText('求助 50')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('求助 99')).toBeInTheDocument();
    triggerReachBottom();
    expect(await screen.findByText('求助 119')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
    expect(screen.getByText('已全部显示（120项）')).toBeInTheDocument();
    expect(document.querySelectorAll('.qrow')).toHaveLength(120);
    expect(queueCalls(calls)).toEqual([
      { status: 'open', cursor: null },
      { status: 'open', cursor: 'cur-50' },
      { status: 'open', cursor: 'cur-100' },
    ]);
  });

  it('filters by kind, status and building and searches, each starting the list over and kept while paging', async () => {
    const calls = stubCloud({
      'staff.me': () => ok(workerProfile),
      'staff.queue': pager(Array.from({ length: 60 }, (_, i) => queueItem(i, { title: `第${i}项` }))),
      'staff.buildings': buildings,
    });
    render(<WorkbenchPage />);
    await screen.findByText('报备核实 3');
    fireEvent.click(screen.getByText('居民求助 120'));
    await waitFor(() => expect(queueCalls(calls)).toHaveLength(2));
    fireEvent.click(screen.getByText('处理中'));
    await waitFor(() => expect(queueCalls(calls)).toHaveLength(3));
    // the buildings of the scope, by compound
    await waitFor(() => expect(screen.getByLabelText('选择楼栋')).toHaveTextContent('祥云二区 5号楼'));
    fireEvent.change(screen.getByLabelText('选择楼栋'), { target: { value: '2' } });
    await waitFor(() => expect(queueCalls(calls)).toHaveLength(4));
    fireEvent.change(screen.getByPlaceholderText('搜索姓名 / 房号 / 手机尾号'), { target: { value: ' 王秀英 ' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    await waitFor(() => expect(queueCalls(calls)).toHaveLength(5));
    expect(await screen.findByText('搜索“王秀英”的结果')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await waitFor(() => expect(queueCalls(calls)).toHaveLength(6));
    // clearing the field shows everything again
    fireEvent.change(screen.getByPlaceholderText('搜索姓名 / 房号 / 手机尾号'), { target: { value: '' } });
    await waitFor(() => expect(queueCalls(calls)).toHaveLength(7));
    expect(queueCalls(calls)).toEqual([
      { status: 'open', cursor: null },
      { kind: 'request', status: 'open', cursor: null },
      { kind: 'request', status: 'in_progress', cursor: null },
      { kind: 'request', status: 'in_progress', buildingId: 'b-5', cursor: null },
      { kind: 'request', status: 'in_progress', buildingId: 'b-5', search: '王秀英', cursor: null },
      { kind: 'request', status: 'in_progress', buildingId: 'b-5', search: '王秀英', cursor: 'cur-50' },
      { kind: 'request', status: 'in_progress', buildingId: 'b-5', cursor: null },
    ]);
    expect(screen.getByText('处理中').closest('.chip')).toHaveClass('chip--on');
  });

  it('verifies several chosen reports at once with one outcome and several methods (批量核实)', async () => {
    const items = [
      queueItem(1, { personName: '甲' }),
      queueItem(2, { personName: '乙' }),
      queueItem(3, { personName: '丙' }),
    ];
    const calls = stubCloud({
      'staff.me': () => ok(workerProfile),
      'staff.queue': pager(items),
      'staff.buildings': buildings,
      'staff.verifyMany': () =>
        ok({
          verified: 1,
          results: [
            { itemId: 'qi-1', result: 'verified' as const },
            { itemId: 'qi-3', result: 'conflict' as const, message: '该报备已被其他网格员核实或居民刚刚更新，请刷新后查看' },
          ],
        }),
    });
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByRole('button', { name: '批量核实' }));
    // only reports are listed while choosing
    await waitFor(() => expect(queueCalls(calls).at(-1)).toEqual({ kind: 'verify_report', status: 'open', cursor: null }));
    expect(await screen.findByText('点选要核实的报备')).toBeInTheDocument();
    fireEvent.click(await screen.findByText('甲'));
    fireEvent.click(screen.getByText('丙'));
    // choosing does not open the item
    expect(lastNavigation()).toBeUndefined();
    expect(screen.getByText('已选 2 户')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '核实所选（2）' }));
    expect(screen.getByText('批量核实（2户）')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '确认核实' }));
    expect(screen.getByText('请选择核实结果')).toBeInTheDocument();
    expect(screen.getByText('请选择核实方式（可多选）')).toBeInTheDocument();
    fireEvent.click(screen.getByText('在家核实无误'));
    fireEvent.click(screen.getByText('电话核实（听声）'));
    fireEvent.click(screen.getByText('验码'));
    fireEvent.change(screen.getByPlaceholderText('核实情况说明（可不填）'), { target: { value: '逐户电话' } });
    fireEvent.click(screen.getByRole('button', { name: '确认核实' }));
    expect(await screen.findByText('已核实 1 项：在家核实无误')).toBeInTheDocument();
    expect(screen.getByText('1 项未核实：该报备已被其他网格员核实或居民刚刚更新，请刷新后查看')).toBeInTheDocument();
    expect(calls.find((c) => c.action === 'verifyMany')?.payload).toEqual({
      itemIds: ['qi-1', 'qi-3'],
      outcome: 'at_home',
      methods: ['phone', 'code_check'],
      note: '逐户电话',
    });
  });

  it('reloads when shown again (back from an item)', async () => {
    let items = [queueItem(1, { title: '报备核实 甲' })];
    stubCloud({
      'staff.me': () => ok(workerProfile),
      'staff.queue': () => ok({ items, nextCursor: null, counts: COUNTS }),
      'staff.buildings': buildings,
    });
    render(<WorkbenchPage />);
    await screen.findByText('报备核实 甲');
    items = [];
    triggerDidShow();
    expect(await screen.findByText('暂无待处理事项')).toBeInTheDocument();
  });

  it.each([
    ['a worker', workerProfile],
    ['an admin', adminProfile],
  ])('links %s to the isolation roster and 代报', async (_who, profile) => {
    stubCloud({ 'staff.me': () => ok(profile), 'staff.queue': pager([]), 'staff.buildings': buildings });
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByText('隔离人员打卡'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/roster/index' });
    fireEvent.click(screen.getByText('代居民报备'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/proxy/index' });
  });

  describe('扫码登录网页版', () => {
    const env = process.env.TARO_ENV;
    afterEach(() => {
      process.env.TARO_ENV = env;
    });
    const ticket = 'dt' + '3f'.repeat(12);

    it('on WeChat scans the desk code and opens its confirmation', async () => {
      process.env.TARO_ENV = 'weapp';
      scanCode.mockResolvedValue({ result: `http://192.168.1.8:8787/#/staff/pages/desk-login/index?ticket=${ticket}`, path: '' });
      stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager([]), 'staff.buildings': buildings });
      render(<WorkbenchPage />);
      fireEvent.click(await screen.findByText('扫码登录网页版'));
      await waitFor(() => expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: `/staff/pages/desk-login/index?ticket=${ticket}` }));
    });

    it('on WeChat says so when the code scanned is something else, and goes nowhere', async () => {
      process.env.TARO_ENV = 'weapp';
      scanCode.mockResolvedValue({ result: 'https://example.com/?ticket=dt1', path: '' });
      stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.queue': pager([]), 'staff.buildings': buildings });
      render(<WorkbenchPage />);
      fireEvent.click(await screen.findByText('扫码登录网页版'));
      await waitFor(() => expect(recorded.toasts).toEqual(['这不是网页版登录二维码']));
      expect(lastNavigation()).toBeUndefined();
    });
  });

  it('links an admin to the invite and staff pages', async () => {
    stubCloud({ 'staff.me': () => ok(adminProfile), 'staff.queue': pager([]), 'staff.buildings': buildings });
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByText('邀请工作人员'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/invite/index' });
    fireEvent.click(screen.getByText('工作人员'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/members/index' });
  });

  it('tells someone who is not staff how to join', async () => {
    stubCloud({ 'staff.me': () => ok(null), 'staff.queue': () => ({ ok: false, code: 'FORBIDDEN', message: '仅限社区工作人员使用' }) });
    render(<WorkbenchPage />);
    expect(await screen.findByText('您还不是工作人员。请向社区管理员索取邀请链接，打开后即可加入。')).toBeInTheDocument();
  });
});
