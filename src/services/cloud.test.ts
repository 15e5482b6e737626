import { type ReportView } from '../domain';
import { callFunction, lastNavigation, recorded, request, resetTaro } from '../test/taroMock';
import Taro from '@tarojs/taro';
import { callCloud, NETWORK_ERROR } from './cloud';

const SESSION_KEY = 'gridlink.session';
const page = { items: [] as ReportView[], nextCursor: null };
const originalEnv = process.env.TARO_ENV;
let clock = Date.now();

beforeEach(() => {
  resetTaro();
  // the login redirect is debounced by time: each test starts well after the last one
  clock += 60_000;
  jest.spyOn(Date, 'now').mockReturnValue(clock);
});

afterEach(() => {
  process.env.TARO_ENV = originalEnv;
  jest.restoreAllMocks();
});

describe('callCloud on WeChat', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });

  it('calls the function with { action, payload } and returns its envelope', async () => {
    callFunction.mockResolvedValue({ result: { ok: true, data: page }, errMsg: 'cloud.callFunction:ok' });
    await expect(callCloud('report', 'myReports', { cursor: null })).resolves.toEqual({ ok: true, data: page });
    expect(callFunction).toHaveBeenCalledWith({ name: 'report', data: { action: 'myReports', payload: { cursor: null } } });
    expect(request).not.toHaveBeenCalled();
  });

  it('passes error envelopes through', async () => {
    const refused = { ok: false, code: 'FORBIDDEN', message: '无权进行此操作' };
    callFunction.mockResolvedValue({ result: refused });
    await expect(callCloud('report', 'myHousehold', {})).resolves.toEqual(refused);
  });

  it('turns a failed call into a NETWORK error instead of throwing', async () => {
    callFunction.mockRejectedValue({ errMsg: 'cloud.callFunction:fail request:fail timeout' });
    await expect(callCloud('report', 'myHousehold', {})).resolves.toEqual(NETWORK_ERROR);
  });

  it('reports a function that crashed or returned no envelope as INTERNAL', async () => {
    callFunction.mockRejectedValue(new Error('errCode: -404011 cloud function execution error'));
    await expect(callCloud('report', 'myHousehold', {})).resolves.toMatchObject({ ok: false, code: 'INTERNAL' });
    callFunction.mockResolvedValue({ result: undefined });
    await expect(callCloud('report', 'myHousehold', {})).resolves.toMatchObject({ ok: false, code: 'INTERNAL' });
  });
});

describe('callCloud on H5 (local cloud)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5';
    window.location.hash = '#/pages/report/index?code=BDG234';
  });

  it('posts { action, payload } with the session token', async () => {
    Taro.setStorageSync(SESSION_KEY, { token: 'tok-1', openid: 'o-1', persona: 'resident', displayName: '居民' });
    request.mockResolvedValue({ statusCode: 200, data: { ok: true, data: page } });
    await expect(callCloud('report', 'myReports', { cursor: 'c2' })).resolves.toEqual({ ok: true, data: page });
    expect(request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/functions/report',
        method: 'POST',
        data: { action: 'myReports', payload: { cursor: 'c2' } },
        header: expect.objectContaining({ Authorization: 'Bearer tok-1' }),
      }),
    );
    expect(callFunction).not.toHaveBeenCalled();
  });

  it('without a session, goes to the login page (keeping the current page) and sends nothing', async () => {
    await expect(callCloud('place', 'resolve', { code: 'BDG234' })).resolves.toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(request).not.toHaveBeenCalled();
    expect(lastNavigation()).toEqual({
      kind: 'redirectTo',
      url: `/pages/login/index?redirect=${encodeURIComponent('/pages/report/index?code=BDG234')}`,
    });
  });

  it('on 401, forgets the session, goes to login once and returns the envelope', async () => {
    Taro.setStorageSync(SESSION_KEY, { token: 'expired', openid: 'o-1', persona: 'resident', displayName: '居民' });
    const expired = { ok: false, code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' };
    request.mockResolvedValue({ statusCode: 401, data: expired });
    const results = await Promise.all([callCloud('report', 'myHousehold', {}), callCloud('report', 'myReports', { cursor: null })]);
    expect(results).toEqual([expired, expect.objectContaining({ code: 'UNAUTHENTICATED' })]);
    expect(Taro.getStorageSync(SESSION_KEY)).toBe('');
    expect(recorded.navigations).toHaveLength(1);
    expect(lastNavigation()?.url).toMatch(/^\/pages\/login\/index\?redirect=/);
  });

  it('turns a network failure into a NETWORK error instead of throwing', async () => {
    Taro.setStorageSync(SESSION_KEY, { token: 'tok-1', openid: 'o-1', persona: 'resident', displayName: '居民' });
    request.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(callCloud('report', 'myHousehold', {})).resolves.toEqual({
      ok: false,
      code: 'NETWORK',
      message: '网络异常，请检查网络后重试',
    });
  });

  it('reports a reply that is not an envelope (e.g. a proxy error page) as INTERNAL', async () => {
    Taro.setStorageSync(SESSION_KEY, { token: 'tok-1', openid: 'o-1', persona: 'resident', displayName: '居民' });
    request.mockResolvedValue({ statusCode: 502, data: '<html>Bad Gateway</html>' });
    await expect(callCloud('report', 'myHousehold', {})).resolves.toMatchObject({ ok: false, code: 'INTERNAL' });
  });
});
