import { safeReturnUrl } from './session';

describe('safeReturnUrl: where the demo login may send the user back to', () => {
  it.each([
    ['/pages/report/index?code=ABC234', '/pages/report/index?code=ABC234'],
    ['/staff/pages/join/index?code=K7M2P9QX3R', '/staff/pages/join/index?code=K7M2P9QX3R'],
    [encodeURIComponent('/pages/me/index'), '/pages/me/index'],
    ['/pages/login/index', '/pages/report/index'],
    ['https://evil.example/pages/x', '/pages/report/index'],
    ['//evil.example', '/pages/report/index'],
    [undefined, '/pages/report/index'],
  ])('%s → %s', (raw, expected) => {
    expect(safeReturnUrl(raw)).toBe(expected);
  });
});
