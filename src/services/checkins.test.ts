import { type SlotView } from '../domain';
import type * as checkins from './checkins';
import { currentSlot, parseTemperature, pendingCheckins } from './checkins';

jest.mock('./cloud', () => ({ callCloud: jest.fn() }));

const slot = (key: string, current: boolean, state: SlotView['state'] = 'pending'): SlotView => ({
  key,
  label: key,
  opensAt: '2026-11-20T06:00:00.000Z',
  closesAt: '2026-11-20T10:00:00.000Z',
  current,
  phase: current ? 'open' : 'upcoming',
  state,
});

describe('current slot', () => {
  it('is the one the server flags current, whatever the keys or times', () => {
    expect(currentSlot([slot('am', false), slot('pm', true)])?.key).toBe('pm');
    expect(currentSlot([slot('morning', true), slot('evening', false)])?.key).toBe('morning');
    expect(currentSlot([slot('am', false), slot('pm', false)])).toBeNull();
    expect(currentSlot([])).toBeNull();
  });

  it('counts the persons whose current slot still waits for a check-in', () => {
    const person = (slots: SlotView[]) => ({ personId: 'p', name: '张三', kind: 'home_isolation' as const, endDate: '2026-11-30', slots, offSlot: [] });
    const today = {
      date: '2026-11-20',
      reminders: false,
      persons: [
        person([slot('am', true, 'missing'), slot('pm', false)]),
        person([slot('am', false, 'missing'), slot('pm', true, 'done')]),
        person([slot('am', false, 'done'), slot('pm', true, 'pending')]),
        person([slot('am', false, 'pending'), slot('pm', false)]),
      ],
    };
    expect(pendingCheckins(today)).toBe(2);
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

    request.mockResolvedValueOnce({ 'tmpl-1': 'reject' });
    expect(await mod.setReminders(true)).toMatchObject({ ok: false, code: 'SUBSCRIBE_REFUSED' });
    request.mockRejectedValueOnce(new Error('requestSubscribeMessage:fail'));
    expect(await mod.setReminders(true)).toMatchObject({ ok: false, code: 'SUBSCRIBE_REFUSED' });

    // turning it off asks nothing
    expect(await mod.setReminders(false)).toEqual({ ok: true, data: { enabled: false } });
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
