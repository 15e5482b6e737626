import { type SlotView } from '../domain';
import type * as checkins from './checkins';
import { currentSlot, parseTemperature } from './checkins';

jest.mock('./cloud', () => ({ callCloud: jest.fn() }));

const slots: SlotView[] = [
  { key: 'am', label: '上午', closesAt: '2026-11-20T02:00:00.000Z', state: 'pending' },
  { key: 'pm', label: '下午', closesAt: '2026-11-20T10:00:00.000Z', state: 'pending' },
];
const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00+08:00`);

describe('current slot', () => {
  it('follows the server: the last slot opened, a late check-in counting for the slot before', () => {
    expect(currentSlot(slots, at('07:00'))?.key).toBe('am');
    expect(currentSlot(slots, at('12:00'))?.key).toBe('am');
    expect(currentSlot(slots, at('14:00'))?.key).toBe('pm');
    expect(currentSlot(slots, at('21:00'))?.key).toBe('pm');
  });

  it('opens an unknown slot when the one before it closes', () => {
    const custom: SlotView[] = [
      { key: 'morning', label: '上午', closesAt: '2026-11-20T01:00:00.000Z', state: 'pending' },
      { key: 'evening', label: '晚上', closesAt: '2026-11-20T12:00:00.000Z', state: 'pending' },
    ];
    expect(currentSlot(custom, at('08:59'))?.key).toBe('morning');
    expect(currentSlot(custom, at('09:00'))?.key).toBe('evening');
    expect(currentSlot([], at('09:00'))).toBeNull();
  });
});

describe('temperature', () => {
  it('takes one decimal from 35.0 to 42.0, full-width digits too', () => {
    expect(parseTemperature('36.5')).toEqual({ ok: true, value: 36.5 });
    expect(parseTemperature('３８．２')).toEqual({ ok: true, value: 38.2 });
    expect(parseTemperature('37')).toEqual({ ok: true, value: 37 });
    expect(parseTemperature('50')).toEqual({ ok: false, message: '体温应在35.0至42.0℃之间' });
    expect(parseTemperature('34.9')).toEqual({ ok: false, message: '体温应在35.0至42.0℃之间' });
    expect(parseTemperature('36.55')).toEqual({ ok: false, message: '体温最多保留一位小数，如 36.5' });
    expect(parseTemperature('abc')).toEqual({ ok: false, message: '请填写数字，如 36.5' });
  });
});

describe('reminder subscription', () => {
  const env = process.env.TARO_ENV;
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });
  afterEach(() => {
    process.env.TARO_ENV = env;
    delete (globalThis as { CHECKIN_TEMPLATE_ID?: string }).CHECKIN_TEMPLATE_ID;
  });

  /** The module as built with `CHECKIN_TEMPLATE_ID` set to `id`, with its own (mocked) cloud and Taro. */
  function withTemplate(id: string | undefined) {
    if (id !== undefined) (globalThis as { CHECKIN_TEMPLATE_ID?: string }).CHECKIN_TEMPLATE_ID = id;
    const request = jest.fn();
    let loaded: { mod: typeof checkins; cloud: jest.Mock } | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const taro = require('@tarojs/taro') as { default: Record<string, unknown> };
      taro.default.requestSubscribeMessage = request;
      const cloud = (require('./cloud') as { callCloud: jest.Mock }).callCloud;
      cloud.mockImplementation(async (_name: string, _action: string, payload: { enabled: boolean }) => ({
        ok: true,
        data: { enabled: payload.enabled },
      }));
      loaded = { mod: require('./checkins'), cloud };
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    return { ...loaded!, request };
  }

  it('asks WeChat for the template first, and saves only when accepted', async () => {
    const { mod, cloud, request } = withTemplate('tmpl-1');
    request.mockResolvedValueOnce({ 'tmpl-1': 'accept' });
    expect(await mod.setReminders(true)).toEqual({ ok: true, data: { enabled: true } });
    expect(request).toHaveBeenCalledWith({ tmplIds: ['tmpl-1'], entityIds: [] });
    expect(mod.remindersOn()).toBe(true);

    request.mockResolvedValueOnce({ 'tmpl-1': 'reject' });
    expect(await mod.setReminders(true)).toMatchObject({ ok: false, code: 'SUBSCRIBE_REFUSED' });
    request.mockRejectedValueOnce(new Error('requestSubscribeMessage:fail'));
    expect(await mod.setReminders(true)).toMatchObject({ ok: false, code: 'SUBSCRIBE_REFUSED' });

    // turning it off asks nothing
    expect(await mod.setReminders(false)).toEqual({ ok: true, data: { enabled: false } });
    expect(mod.remindersOn()).toBe(false);
    expect(request).toHaveBeenCalledTimes(3);
    expect(cloud.mock.calls).toEqual([
      ['checkin', 'subscribe', { enabled: true }],
      ['checkin', 'subscribe', { enabled: false }],
    ]);
  });

  it('without a template id skips the WeChat prompt and still saves', async () => {
    const { mod, cloud, request } = withTemplate(undefined);
    expect(mod.CHECKIN_REMINDER_TEMPLATE_ID).toBe('');
    expect(await mod.setReminders(true)).toEqual({ ok: true, data: { enabled: true } });
    expect(request).not.toHaveBeenCalled();
    expect(cloud).toHaveBeenCalledWith('checkin', 'subscribe', { enabled: true });
  });
});
