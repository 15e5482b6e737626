import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { getSession } from '../../services/session';
import { resetStaffRole } from '../../services/staffRole';
import { lastNavigation, request, resetTaro } from '../../test/taroMock';
import LoginPage from './index';

const personas = [
  { persona: 'resident', displayName: '居民 张先生', role: 'resident' },
  { persona: 'worker', displayName: '网格员 李网格', role: 'worker' },
];

describe('本地演示登录', () => {
  it('lists the personas, logs in and returns to the page that asked, with its query', async () => {
    resetTaro({ redirect: encodeURIComponent('/pages/report/index?code=BDG234') });
    request.mockImplementation(async ({ url }: { url: string }) =>
      url.endsWith('/api/personas')
        ? { statusCode: 200, data: { ok: true, data: personas } }
        : { statusCode: 200, data: { ok: true, data: { token: 't-1', openid: 'o-1', persona: 'resident', displayName: '居民 张先生' } } },
    );
    render(<LoginPage />);
    expect(screen.getByText('本地演示登录')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: '居民 张先生' }));
    // the personas come from a demo-mode local cloud: the page says so
    expect(screen.getByText(/演示模式 DEMO MODE/)).toBeInTheDocument();
    expect(screen.getByText(/任何人都可以选择/)).toBeInTheDocument();

    await waitFor(() => expect(lastNavigation()).toEqual({ kind: 'reLaunch', url: '/pages/report/index?code=BDG234' }));
    expect(request).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/api/login', method: 'POST', data: { persona: 'resident' } }));
    expect(getSession()?.token).toBe('t-1');
  });

  /** The local cloud: personas, the login, and `staff.me` answering `staff` (null: a resident). */
  function localCloud(persona: string, staff: unknown) {
    request.mockImplementation(async ({ url }: { url: string }) =>
      url.endsWith('/api/personas')
        ? { statusCode: 200, data: { ok: true, data: personas } }
        : url.endsWith('/api/functions/staff')
          ? { statusCode: 200, data: { ok: true, data: staff } }
          : { statusCode: 200, data: { ok: true, data: { token: `t-${persona}`, openid: `o-${persona}`, persona, displayName: persona } } },
    );
  }

  it('never returns to a page outside the app', async () => {
    resetTaro({ redirect: encodeURIComponent('https://evil.example/x') });
    resetStaffRole();
    localCloud('resident', null);
    render(<LoginPage />);
    fireEvent.click(await screen.findByRole('button', { name: '居民 张先生' }));
    await waitFor(() => expect(lastNavigation()).toEqual({ kind: 'reLaunch', url: '/pages/report/index' }));
  });

  it('sends a staff member signing in to the plain home page to 工作台', async () => {
    resetTaro();
    resetStaffRole();
    localCloud('worker', { staffId: 'st-1', name: '李网格', role: 'worker', scope: [] });
    render(<LoginPage />);
    fireEvent.click(await screen.findByRole('button', { name: '网格员 李网格' }));
    await waitFor(() => expect(lastNavigation()).toEqual({ kind: 'reLaunch', url: '/pages/workbench/index' }));
  });

  it('says clearly that demo login is off when the local cloud is not in demo mode, with no persona and no retry', async () => {
    resetTaro();
    const message = '演示身份登录仅在演示模式下可用（GRIDLINK_DEMO=1，npm run demo）';
    request.mockResolvedValue({ statusCode: 403, data: { ok: false, code: 'DEMO_MODE_OFF', message } });
    render(<LoginPage />);
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.queryByText(/演示模式 DEMO MODE/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('offers a retry when the local cloud cannot be reached', async () => {
    resetTaro();
    request.mockRejectedValue(new Error('offline'));
    render(<LoginPage />);
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
    expect(Taro.getStorageSync('gridlink.session')).toBe('');
  });
});
