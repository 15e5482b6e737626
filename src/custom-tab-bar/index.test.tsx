import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ok, stubCloud } from '../test/cloudStub';
import { eventCenter, lastNavigation, pageStack, resetTaro } from '../test/taroMock';
import { isPlainHome, landStaff } from '../services/landing';
import { resetStaffRole } from '../services/staffRole';
import { workerProfile } from '../staff/shared/testFixtures';
import CustomTabBar from './index';

jest.mock('../services/cloud', () => ({ callCloud: jest.fn() }));

const env = process.env.TARO_ENV;
const signIn = (openid: string) => Taro.setStorageSync('gridlink.session', { token: `t-${openid}`, openid, persona: 'worker', displayName: openid });
const tabTexts = () => Array.from(document.querySelectorAll('.tabbar__text')).map((t) => t.textContent);

describe('the tab bar (tabBar.custom)', () => {
  beforeEach(() => {
    resetTaro();
    resetStaffRole();
    process.env.TARO_ENV = 'h5';
    window.location.hash = '#/pages/report/index';
  });
  afterAll(() => {
    process.env.TARO_ENV = env;
  });

  it('shows a resident 报备 / 求助 / 我的 and never 工作台', async () => {
    signIn('o-resident');
    const calls = stubCloud({ 'staff.me': () => ok(null) });
    render(<CustomTabBar />);
    await waitFor(() => expect(calls.map((c) => c.action)).toEqual(['me']));
    expect(tabTexts()).toEqual(['报备', '求助', '我的']);
    expect(screen.getByText('报备').closest('.tabbar__item')).toHaveClass('tabbar__item--on');
  });

  it('shows staff 工作台 first, asking the server once per identity, and switches tabs', async () => {
    signIn('o-worker');
    const calls = stubCloud({ 'staff.me': () => ok(workerProfile) });
    render(<CustomTabBar />);
    await waitFor(() => expect(tabTexts()).toEqual(['工作台', '报备', '求助', '我的']));
    fireEvent.click(screen.getByText('工作台'));
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/workbench/index' });
    // the route changes: the bar follows it without asking again
    window.location.hash = '#/pages/workbench/index';
    eventCenter.trigger('__taroRouterChange', { toLocation: { path: '/pages/workbench/index' } });
    expect(screen.getByText('工作台').closest('.tabbar__item')).toHaveClass('tabbar__item--on');
    expect(calls.filter((c) => c.action === 'me')).toHaveLength(1);
  });

  it('is not drawn on pages that are not tabs (H5 renders one bar for the whole app), nor for nobody signed in', async () => {
    const calls = stubCloud({ 'staff.me': () => ok(workerProfile) });
    window.location.hash = '#/staff/pages/item/index?id=q_1';
    const { container } = render(<CustomTabBar />);
    expect(container).toBeEmptyDOMElement();
    eventCenter.trigger('__taroRouterChange', { toLocation: { path: '/pages/me/index' } });
    expect(tabTexts()).toEqual(['报备', '求助', '我的']);
    // no session: nobody is asked about (no login page opened from a tab bar)
    expect(calls).toEqual([]);
  });

  it('on WeChat, a bar of a tab page marks that page when it shows', async () => {
    process.env.TARO_ENV = 'weapp';
    stubCloud({ 'staff.me': () => ok(workerProfile) });
    pageStack.push({ route: 'pages/report/index' });
    render(<CustomTabBar />);
    await waitFor(() => expect(tabTexts()).toEqual(['工作台', '报备', '求助', '我的']));
    expect(screen.getByText('报备').closest('.tabbar__item')).toHaveClass('tabbar__item--on');
    pageStack.push({ route: 'pages/workbench/index' });
    eventCenter.trigger('pages/workbench/index.onShow');
    expect(screen.getByText('工作台').closest('.tabbar__item')).toHaveClass('tabbar__item--on');
  });
});

describe('landing', () => {
  beforeEach(() => {
    resetTaro();
    resetStaffRole();
    process.env.TARO_ENV = 'h5';
  });
  afterAll(() => {
    process.env.TARO_ENV = env;
  });

  it('opens 工作台 for staff opening the app plainly, never over a scanned code or another page', async () => {
    expect(isPlainHome('pages/report/index', {})).toBe(true);
    expect(isPlainHome('/pages/report/index', { stamp: '1' })).toBe(true);
    expect(isPlainHome('/', {})).toBe(true);
    expect(isPlainHome('/pages/report/index', { code: 'BDG234' })).toBe(false);
    expect(isPlainHome('pages/report/index', { scene: 'x' })).toBe(false);
    expect(isPlainHome('/pages/request/detail', { id: 'rq' })).toBe(false);

    signIn('o-worker');
    stubCloud({ 'staff.me': () => ok(workerProfile) });
    await landStaff('/pages/report/index', { stamp: '' });
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/workbench/index' });
  });

  it('leaves a resident where they are', async () => {
    signIn('o-resident');
    stubCloud({ 'staff.me': () => ok(null) });
    await landStaff('pages/report/index', {});
    expect(lastNavigation()).toBeUndefined();
  });
});
