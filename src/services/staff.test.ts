import { joinLink, joinPath } from './staff';

const originalEnv = process.env.TARO_ENV;
afterEach(() => {
  process.env.TARO_ENV = originalEnv;
});

describe('invite links', () => {
  it('in WeChat: the join page path with the code', () => {
    process.env.TARO_ENV = 'weapp';
    expect(joinLink('K7PQ2M9X')).toBe('/staff/pages/join/index?code=K7PQ2M9X');
    expect(joinPath('a b')).toBe('/staff/pages/join/index?code=a%20b');
  });

  it('on H5: the full URL through the hash router', () => {
    process.env.TARO_ENV = 'h5';
    expect(joinLink('K7PQ2M9X')).toBe(`${window.location.origin}/#/staff/pages/join/index?code=K7PQ2M9X`);
  });
});
