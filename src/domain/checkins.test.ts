import {
  DEFAULT_CHECKIN_SLOTS,
  expectsCheckin,
  isAlarming,
  offSlotKey,
  slotClosesAt,
  slotPhase,
  slotToFill,
  type CheckinSlot,
} from './checkins';

const at = (local: string) => new Date(`${local}+08:00`);
const [AM, PM] = DEFAULT_CHECKIN_SLOTS;

describe('check-in slots (Asia/Shanghai)', () => {
  // expected all day long (started the evening before), nothing filled yet
  const iso = { startDate: '2026-12-01', endDate: '2026-12-03', createdAt: at('2026-11-30T20:00:00') };
  const empty = () => false;

  it.each([
    ['2026-12-01T00:00:00', '2026-12-01', 'am', false],
    ['2026-12-01T09:59:59', '2026-12-01', 'am', false],
    ['2026-12-01T10:00:00', '2026-12-01', 'am', true], // closed: a late check-in for the morning
    ['2026-12-01T13:59:00', '2026-12-01', 'am', true],
    ['2026-12-01T14:00:00', '2026-12-01', 'pm', false],
    ['2026-12-01T18:00:00', '2026-12-01', 'pm', true],
    ['2026-12-01T23:59:00', '2026-12-01', 'pm', true],
  ])('%s fills %s %s (late: %s) while it is empty', (local, date, key, late) => {
    expect(slotToFill(at(local), DEFAULT_CHECKIN_SLOTS, iso, empty)).toMatchObject({ date, slot: { key }, late });
  });

  it('uses the Shanghai day, not the UTC one, across midnight', () => {
    // 2026-12-01T16:30Z is 00:30 on 2 December in Shanghai
    expect(slotToFill(new Date('2026-12-01T16:30:00Z'), DEFAULT_CHECKIN_SLOTS, iso, empty)).toMatchObject({
      date: '2026-12-02',
      slot: { key: 'am' },
    });
    expect(slotClosesAt('2026-12-02', AM).toISOString()).toBe('2026-12-02T02:00:00.000Z');
  });

  it('a single daily slot works too', () => {
    const once = [{ key: 'day', label: '每日', opensAt: '00:00', closesAt: '12:00' }];
    expect(slotToFill(at('2026-12-01T20:00:00'), once, iso, empty)).toMatchObject({ slot: { key: 'day' }, late: true });
  });

  describe('fills no slot (an off-slot reading)', () => {
    const SEVEN: CheckinSlot[] = [{ ...AM, opensAt: '07:00' }, PM];

    it('before the first slot opens: not even the one opening next', () => {
      expect(slotToFill(at('2026-12-01T06:30:00'), SEVEN, iso, empty)).toBeNull();
      expect(slotToFill(at('2026-12-01T07:00:00'), SEVEN, iso, empty)).toMatchObject({ slot: { key: 'am' }, late: false });
    });

    it('between slots or after the last once the closed slot was checked in: a late one never overwrites it', () => {
      const filled = (s: CheckinSlot) => s.key === 'am' || s.key === 'pm';
      expect(slotToFill(at('2026-12-01T12:00:00'), DEFAULT_CHECKIN_SLOTS, iso, filled)).toBeNull();
      expect(slotToFill(at('2026-12-01T19:30:00'), DEFAULT_CHECKIN_SLOTS, iso, filled)).toBeNull();
      // in an open slot a second one still corrects the first
      expect(slotToFill(at('2026-12-01T09:00:00'), DEFAULT_CHECKIN_SLOTS, iso, filled)).toMatchObject({ slot: { key: 'am' } });
    });

    it('on the first day between slots: the morning closed before the isolation was recorded (13:00)', () => {
      const fresh = { ...iso, createdAt: at('2026-12-01T13:00:00') };
      expect(slotToFill(at('2026-12-01T13:40:00'), DEFAULT_CHECKIN_SLOTS, fresh, empty)).toBeNull();
      expect(slotToFill(at('2026-12-01T14:10:00'), DEFAULT_CHECKIN_SLOTS, fresh, empty)).toMatchObject({
        slot: { key: 'pm' },
        late: false,
      });
    });

    it('on a day outside the isolation', () => {
      expect(slotToFill(at('2026-12-04T09:00:00'), DEFAULT_CHECKIN_SLOTS, iso, empty)).toBeNull();
    });
  });

  it('says where a slot stands and keys an off-slot reading by its Shanghai time', () => {
    expect(slotPhase('2026-12-01', PM, at('2026-12-01T13:40:00'))).toBe('upcoming');
    expect(slotPhase('2026-12-01', PM, at('2026-12-01T14:00:00'))).toBe('open');
    expect(slotPhase('2026-12-01', PM, at('2026-12-01T18:00:00'))).toBe('closed');
    expect(offSlotKey(at('2026-12-01T13:40:05'))).toBe('x134005');
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
