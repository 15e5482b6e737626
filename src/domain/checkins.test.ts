import { DEFAULT_CHECKIN_SLOTS, expectsCheckin, isAlarming, slotClosesAt, slotFor } from './checkins';

const at = (local: string) => new Date(`${local}+08:00`);
const [AM, PM] = DEFAULT_CHECKIN_SLOTS;

describe('check-in slots (Asia/Shanghai)', () => {
  it.each([
    ['2026-12-01T00:00:00', '2026-12-01', 'am', false],
    ['2026-12-01T09:59:59', '2026-12-01', 'am', false],
    ['2026-12-01T10:00:00', '2026-12-01', 'am', true], // closed: a late check-in for the morning
    ['2026-12-01T13:59:00', '2026-12-01', 'am', true],
    ['2026-12-01T14:00:00', '2026-12-01', 'pm', false],
    ['2026-12-01T18:00:00', '2026-12-01', 'pm', true],
    ['2026-12-01T23:59:00', '2026-12-01', 'pm', true],
  ])('%s belongs to %s %s (late: %s)', (local, date, key, late) => {
    expect(slotFor(at(local), DEFAULT_CHECKIN_SLOTS)).toMatchObject({ date, slot: { key }, late });
  });

  it('uses the Shanghai day, not the UTC one, across midnight', () => {
    // 2026-12-01T16:30Z is 00:30 on 2 December in Shanghai
    expect(slotFor(new Date('2026-12-01T16:30:00Z'), DEFAULT_CHECKIN_SLOTS)).toMatchObject({ date: '2026-12-02', slot: { key: 'am' } });
    expect(slotClosesAt('2026-12-02', AM).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('a single daily slot works too', () => {
    const once = [{ key: 'day', label: '每日', opensAt: '00:00', closesAt: '12:00' }];
    expect(slotFor(at('2026-12-01T20:00:00'), once)).toMatchObject({ slot: { key: 'day' }, late: true });
  });
});

describe('fever', () => {
  it.each([
    [37.2, [], false],
    [37.3, [], true],
    [36.5, ['cough'], true],
  ] as const)('%s ℃ with %j is alarming: %s', (t, symptoms, alarming) => {
    expect(isAlarming(t, symptoms)).toBe(alarming);
  });
});

describe('which slots an isolation expects', () => {
  const iso = { startDate: '2026-12-01', endDate: '2026-12-03', createdAt: at('2026-12-01T08:00:00') };

  it('within its dates only', () => {
    expect(expectsCheckin(iso, '2026-11-30', PM)).toBe(false);
    expect(expectsCheckin(iso, '2026-12-01', AM)).toBe(true);
    expect(expectsCheckin(iso, '2026-12-03', PM)).toBe(true);
    expect(expectsCheckin(iso, '2026-12-04', AM)).toBe(false);
  });

  it('not slots that closed before a worker started it (started at 21:00)', () => {
    const late = { ...iso, createdAt: at('2026-12-01T21:00:00') };
    expect(expectsCheckin(late, '2026-12-01', AM)).toBe(false);
    expect(expectsCheckin(late, '2026-12-01', PM)).toBe(false);
    expect(expectsCheckin(late, '2026-12-02', AM)).toBe(true);
  });

  it('not slots closing after a release mid-day', () => {
    const released = { ...iso, endedAt: at('2026-12-02T12:00:00') };
    expect(expectsCheckin(released, '2026-12-02', AM)).toBe(true);
    expect(expectsCheckin(released, '2026-12-02', PM)).toBe(false);
  });
});
