import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { type Page, type Result, type RosterEntry } from '../../../domain';
import { freezeClock, MORNING, slot } from '../../../pages/checkin/testFixtures';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, recorded, resetTaro, triggerReachBottom } from '../../../test/taroMock';
import RosterPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

type RosterPage = Page<RosterEntry> & { date: string };

function entry(n: number, overrides: Partial<RosterEntry> = {}): RosterEntry {
  return {
    isolationId: `iso-${n}`,
    personId: `p-${n}`,
    personName: `张*${n}`,
    phoneMasked: '138****5678',
    address: `祥云一区 3号楼 1单元 ${100 + n}`,
    kind: 'home_isolation',
    endDate: '2026-11-30',
    slots: [slot('am', 'pending'), slot('pm', 'pending')],
    offSlot: [],
    ...overrides,
  };
}

/** `staff.roster` over a fixed list, cursor = offset (opaque to the page); the server pages by 200, smaller here to keep jsdom quick */
const pager =
  (all: readonly RosterEntry[], size = 200) =>
  (payload: { date?: string; cursor?: string | null }): Result<RosterPage> => {
    const offset = payload.cursor ? Number(payload.cursor.replace('cur-', '')) : 0;
    const next = offset + size;
    return ok({ date: payload.date ?? '2026-11-20', items: all.slice(offset, next), nextCursor: next < all.length ? `cur-${next}` : null });
  };

const cards = () => Array.from(document.querySelectorAll('.rcard')) as HTMLElement[];

describe('隔离人员打卡 roster', () => {
  beforeEach(() => {
    resetTaro();
    freezeClock(MORNING);
  });
  afterEach(() => jest.useRealTimers());

  it('shows each person masked, with address, kind, end date and 未打卡 for a missed slot', async () => {
    stubCloud({
      'staff.roster': pager([
        entry(1, { slots: [slot('am', 'missing'), slot('pm', 'pending')] }),
        entry(2, { kind: 'health_monitoring', slots: [slot('am', 'fever', 38.2), slot('pm', 'pending')] }),
        entry(3, { slots: [slot('am', 'done', 36.4), slot('pm', 'pending')], phoneMasked: undefined }),
      ]),
    });
    render(<RosterPage />);
    expect(await screen.findByText('张*1')).toBeInTheDocument();
    const [first, second, third] = cards();
    expect(within(first).getByText('未打卡')).toHaveClass('slot__state--missing');
    expect(within(first).getByText('祥云一区 3号楼 1单元 101')).toBeInTheDocument();
    expect(within(first).getByText('居家隔离')).toBeInTheDocument();
    expect(within(first).getByText('至 11月30日')).toBeInTheDocument();
    expect(within(first).getByText('手机 138****5678')).toBeInTheDocument();
    expect(first).toHaveClass('rcard--alert');
    expect(within(second).getByText('异常')).toHaveClass('slot__state--fever');
    expect(within(second).getByText('38.2℃')).toBeInTheDocument();
    expect(within(second).getByText('健康监测')).toBeInTheDocument();
    expect(within(third).getByText('已打卡')).toHaveClass('slot__state--done');
    expect(third).not.toHaveClass('rcard--alert');
    // no phone on file: nothing to call
    expect(within(third).queryByRole('button', { name: '拨打电话' })).not.toBeInTheDocument();
    expect(screen.getByText('全部 3')).toBeInTheDocument();
    expect(screen.getByText('异常 1')).toBeInTheDocument();
    expect(screen.getByText('未打卡 1')).toBeInTheDocument();

    fireEvent.click(screen.getByText('未打卡 1'));
    expect(cards()).toHaveLength(1);
    expect(screen.getByText('张*1')).toBeInTheDocument();
  });

  it('shows a fever reported between slots and counts it as 异常', async () => {
    stubCloud({
      'staff.roster': pager([
        entry(1, {
          slots: [slot('am', 'done', 36.5), slot('pm', 'pending')],
          offSlot: [{ at: '2026-11-20T06:20:00.000Z', temperature: 38.4, symptoms: ['cough'], alarming: true }],
        }),
        entry(2, { slots: [slot('am', 'done', 36.4), slot('pm', 'pending')] }),
      ]),
    });
    render(<RosterPage />);
    expect(await screen.findByText('张*1')).toBeInTheDocument();
    const [first, second] = cards();
    expect(within(first).getByText('其他时间上报')).toBeInTheDocument();
    expect(within(first).getByText('14:20 38.4℃ 咳嗽')).toHaveClass('ci-reading--alarming');
    expect(first).toHaveClass('rcard--alert');
    expect(within(second).queryByText('其他时间上报')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('异常 1'));
    expect(cards()).toHaveLength(1);
    expect(screen.getByText('张*1')).toBeInTheDocument();
  });

  it('calls with one tap: reveals the phone for 电话联系, then dials it', async () => {
    const calls = stubCloud({ 'staff.roster': pager([entry(1)]), 'staff.reveal': () => ok({ value: '13812345678' }) });
    render(<RosterPage />);
    fireEvent.click(await screen.findByRole('button', { name: '拨打电话' }));
    await waitFor(() => expect(recorded.phoneCalls).toEqual(['13812345678']));
    expect(calls.filter((c) => c.action === 'reveal').map((c) => c.payload)).toEqual([
      { personId: 'p-1', field: 'phone', reason: '电话联系' },
    ]);
    // the full number is dialled, never shown
    expect(screen.queryByText(/13812345678/)).not.toBeInTheDocument();
  });

  it('shows why a call could not be made', async () => {
    stubCloud({ 'staff.roster': pager([entry(1)]), 'staff.reveal': () => ({ ok: false, code: 'FORBIDDEN', message: '无权进行此操作' }) });
    render(<RosterPage />);
    fireEvent.click(await screen.findByRole('button', { name: '拨打电话' }));
    expect(await screen.findByText('无权进行此操作')).toBeInTheDocument();
    expect(recorded.phoneCalls).toEqual([]);
  });

  it('pages through everyone with nextCursor', async () => {
    const all = Array.from({ length: 45 }, (_, i) => entry(i));
    const calls = stubCloud({ 'staff.roster': pager(all, 20) });
    render(<RosterPage />);
    expect(await screen.findByText('张*19')).toBeInTheDocument();
    expect(screen.queryByText('张*20')).not.toBeInTheDocument();
    expect(screen.getByText('全部 20+')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('张*39')).toBeInTheDocument();
    triggerReachBottom();
    expect(await screen.findByText('张*44')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
    expect(screen.getByText('已全部显示（45人）')).toBeInTheDocument();
    expect(cards()).toHaveLength(45);
    expect(calls.map((c) => c.payload)).toEqual([
      { cursor: null },
      { date: '2026-11-20', cursor: 'cur-20' },
      { date: '2026-11-20', cursor: 'cur-40' },
    ]);
  });

  it('looks at another day', async () => {
    const calls = stubCloud({ 'staff.roster': pager([entry(1)]) });
    render(<RosterPage />);
    await screen.findByText('张*1');
    fireEvent.change(screen.getByLabelText('选择日期'), { target: { value: '2026-11-18' } });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].payload).toEqual({ date: '2026-11-18', cursor: null });
    expect(await screen.findByText('2026-11-18')).toBeInTheDocument();
  });

  it('opens the isolation page of a person to extend or end it', async () => {
    stubCloud({ 'staff.roster': pager([entry(1)]) });
    render(<RosterPage />);
    fireEvent.click(await screen.findByRole('button', { name: '延长 / 解除' }));
    expect(lastNavigation()).toEqual({
      kind: 'navigateTo',
      url: `/staff/pages/isolation/index?isolationId=iso-1&personId=p-1&name=${encodeURIComponent('张*1')}`,
    });
  });

  it('says so when nobody is isolated, and shows a refusal', async () => {
    stubCloud({ 'staff.roster': pager([]) });
    const { unmount } = render(<RosterPage />);
    expect(await screen.findByText('辖区内目前没有居家隔离或健康监测人员')).toBeInTheDocument();
    unmount();
    stubCloud({ 'staff.roster': () => ({ ok: false, code: 'FORBIDDEN', message: '仅限社区工作人员使用' }) });
    render(<RosterPage />);
    expect(await screen.findByText('仅限社区工作人员使用')).toBeInTheDocument();
  });
});
