import { request, resetTaro } from '../test/taroMock';
import { listPersonas, login, safeReturnUrl } from './session';

describe('safeReturnUrl: where the demo login may send the user back to', () => {
  it.each([
    ['/pages/report/index?code=ABC234', '/pages/report/index?code=ABC234'],
    ['/staff/pages/join/index?code=K7M2P9QX3R', '/staff/pages/join/index?code=K7M2P9QX3R'],
    [encodeURIComponent('/pages/me/index'), '/pages/me/index'],
    ['/admin/pages/places/index?parentId=pl_1', '/admin/pages/places/index?parentId=pl_1'],
    ['/other/pages/x/index', '/pages/report/index'],
    ['/pages/login/index', '/pages/report/index'],
    ['https://evil.example/pages/x', '/pages/report/index'],
    ['//evil.example', '/pages/report/index'],
    [undefined, '/pages/report/index'],
  ])('%s → %s', (raw, expected) => {
    expect(safeReturnUrl(raw)).toBe(expected);
  });
});

describe('demo login against a local cloud without demo mode', () => {
  const refused = { ok: false, code: 'DEMO_MODE_OFF', message: '演示身份登录仅在演示模式下可用（GRIDLINK_DEMO=1，npm run demo）' };

  it('passes the 403 envelope on, code and message', async () => {
    resetTaro();
    request.mockResolvedValue({ statusCode: 403, data: refused });
    await expect(listPersonas()).resolves.toEqual(refused);
    await expect(login('admin')).resolves.toEqual(refused);
  });
});
