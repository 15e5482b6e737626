import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { type Page, type RequestView, type Result } from '../../domain';
import { ok, stubCloud } from '../../test/cloudStub';
import { householdView } from '../../test/fixtures';
import { lastNavigation, recorded, resetTaro, triggerDidShow } from '../../test/taroMock';
import RequestPage from './index';
import { requestView } from './testFixtures';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

const PAGE_SIZE = 20;

/** `request.mine` over a fixed list, newest first, 20 a page like the function */
const pager =
  (all: readonly RequestView[]) =>
  (payload: { cursor?: string | null }): Result<Page<RequestView>> => {
    const offset = payload.cursor ? Number(payload.cursor) : 0;
    const next = offset + PAGE_SIZE;
    return ok({ items: all.slice(offset, next), nextCursor: next < all.length ? String(next) : null });
  };

describe('求助 tab', () => {
  beforeEach(() => resetTaro());

  it('calls 120 from the top, and the grid worker from the contact card', async () => {
    stubCloud({ 'report.myHousehold': () => ok(householdView()), 'request.mine': () => ok({ items: [], nextCursor: null }) });
    render(<RequestPage />);
    fireEvent.click(screen.getByRole('button', { name: '紧急情况拨打120' }));
    fireEvent.click(await screen.findByRole('button', { name: '拨打电话' }));
    expect(recorded.phoneCalls).toEqual(['120', '13900001111']);
  });

  it('opens the form for the kind tapped', async () => {
    stubCloud({ 'report.myHousehold': () => ok(householdView()), 'request.mine': () => ok({ items: [], nextCursor: null }) });
    render(<RequestPage />);
    fireEvent.click(await screen.findByText('就医转运'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/request/new?kind=transport' });
    expect(screen.getByText('还没有求助记录。需要帮助时，点上方对应的类型提交即可。')).toBeInTheDocument();
  });

  it('asks a resident without a household to report first', async () => {
    stubCloud({ 'report.myHousehold': () => ok(null), 'request.mine': () => ok({ items: [], nextCursor: null }) });
    render(<RequestPage />);
    fireEvent.click(await screen.findByRole('button', { name: '去报备' }));
    expect(screen.getByText('请先完成家庭报备，再提交求助')).toBeInTheDocument();
    expect(screen.getByText('报备后即可在这里看到负责您家的网格员及其电话。')).toBeInTheDocument();
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/report/index' });
  });

  it('lists my requests with kind, person, status, Shanghai time and the 周期 tag, and pages with 加载更多', async () => {
    const all = Array.from({ length: 25 }, (_, i) => requestView(i));
    all[0] = requestView(0, {
      urgency: 'urgent',
      details: {
        kind: 'transport',
        reason: '血液透析',
        hospital: '市人民医院',
        pickupAt: '2026-11-21T00:30:00.000Z',
        companions: 1,
        recurrence: { everyDays: 2, until: '2026-12-05' },
      },
    });
    all[1] = requestView(1, { status: 'accepted', canCancel: false });
    const calls = stubCloud({ 'report.myHousehold': () => ok(householdView()), 'request.mine': pager(all) });
    render(<RequestPage />);

    const first = (await screen.findByText('血液透析 · 市人民医院 · 11月21日 08:30')).closest('.req') as HTMLElement;
    expect(within(first).getByText('就医转运')).toBeInTheDocument();
    expect(within(first).getByText('周期')).toBeInTheDocument();
    expect(within(first).getByText('紧急')).toBeInTheDocument();
    expect(within(first).getByText('已提交')).toBeInTheDocument();
    expect(within(first).getByText('张三')).toBeInTheDocument();
    // 01:00 UTC is 09:00 in Shanghai
    expect(within(first).getByText('2026-11-20 09:00')).toBeInTheDocument();
    const second = screen.getByText('大米1 2袋').closest('.req') as HTMLElement;
    expect(within(second).getByText('已受理')).toBeInTheDocument();
    expect(within(second).queryByText('周期')).not.toBeInTheDocument();

    expect(document.querySelectorAll('.req')).toHaveLength(20);
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('大米24 2袋')).toBeInTheDocument();
    expect(document.querySelectorAll('.req')).toHaveLength(25);
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'mine').map((c) => c.payload)).toEqual([{ cursor: null }, { cursor: '20' }]);

    fireEvent.click(screen.getByText('大米1 2袋'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/request/detail?id=rq_1' });
  });

  it('reloads the list each time the tab shows', async () => {
    let items = [requestView(1)];
    stubCloud({ 'report.myHousehold': () => ok(householdView()), 'request.mine': () => ok({ items, nextCursor: null }) });
    render(<RequestPage />);
    await screen.findByText('大米1 2袋');
    items = [requestView(2), ...items];
    triggerDidShow();
    expect(await screen.findByText('大米2 2袋')).toBeInTheDocument();
  });

  it('says what failed and retries', async () => {
    let fail = true;
    stubCloud({
      'report.myHousehold': () => ok(householdView()),
      'request.mine': () =>
        fail ? { ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' } : ok({ items: [], nextCursor: null }),
    });
    render(<RequestPage />);
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('我的求助')).toBeInTheDocument();
  });
});
