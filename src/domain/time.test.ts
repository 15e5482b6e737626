import { ageOn, daysBetween, formatShanghai, isValidCalendarDate, parseDateString, shanghaiDateString } from './time';

describe('shanghaiDateString', () => {
  it.each([
    ['2026-11-23T15:59:59.999Z', '2026-11-23'],
    ['2026-11-23T16:00:00.000Z', '2026-11-24'],
    ['2026-11-23T17:30:00.000Z', '2026-11-24'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
  ])('%s is %s in Shanghai', (iso, expected) => {
    expect(shanghaiDateString(new Date(iso))).toBe(expected);
  });
});

describe('isValidCalendarDate', () => {
  it.each([
    [2026, 2, 28, true],
    [2026, 2, 29, false],
    [2024, 2, 29, true],
    [2000, 2, 29, true],
    [1900, 2, 29, false],
    [2026, 2, 30, false],
    [2026, 4, 31, false],
    [2026, 12, 31, true],
    [2026, 13, 1, false],
    [2026, 0, 1, false],
    [2026, 1, 0, false],
    [2026, 1.5, 1, false],
  ])('%i-%i-%i → %s', (y, m, d, expected) => {
    expect(isValidCalendarDate(y, m, d)).toBe(expected);
  });
});

describe('parseDateString', () => {
  it('returns midnight in Shanghai', () => {
    expect(parseDateString('2026-11-24')?.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(parseDateString('2024-02-29')?.toISOString()).toBe('2024-02-28T16:00:00.000Z');
  });

  it('keeps years below 100 as written', () => {
    expect(parseDateString('0050-03-01')?.toISOString()).toBe('0050-02-28T16:00:00.000Z');
  });

  it.each([
    '2026-02-30',
    '2023-02-29',
    '2026-2-3',
    '2026-11-24T00:00',
    ' 2026-11-24',
    '',
    '2026-13-01',
    '2026-00-10',
    '２０２６-11-24',
    '20261124',
  ])('rejects %j', (s) => {
    expect(parseDateString(s)).toBeNull();
  });
});

describe('daysBetween', () => {
  it.each([
    ['2025-11-24', '2026-11-24', 365],
    ['2024-02-28', '2024-03-01', 2],
    ['2026-11-24', '2026-11-23', -1],
  ])('%s → %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('throws on malformed dates', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it.each([
    ['2018-06-01', '2026-11-24', 8],
    ['2012-11-24', '2026-11-24', 14],
    ['2012-11-25', '2026-11-24', 13],
    ['2004-02-29', '2026-02-28', 21],
    ['2004-02-29', '2026-03-01', 22],
    ['2026-11-24', '2026-11-24', 0],
  ])('born %s, on %s → %i', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });

  it('throws on malformed dates', () => {
    expect(() => ageOn('2012-02-30', '2026-11-24')).toThrow(RangeError);
  });
});

describe('formatShanghai', () => {
  it.each<[Date | string, string | undefined, string]>([
    [new Date('2026-11-23T17:30:00Z'), undefined, '2026-11-24 01:30'],
    ['2026-11-23T17:30:00.000Z', undefined, '2026-11-24 01:30'],
    ['2026-11-23T17:30:05Z', 'MM-DD HH:mm:ss', '11-24 01:30:05'],
    ['2026-11-24', undefined, '2026-11-24 00:00'],
    ['not a date', undefined, ''],
    [new Date(Number.NaN), undefined, ''],
  ])('%s (%s) → %j', (input, pattern, expected) => {
    expect(formatShanghai(input, pattern)).toBe(expected);
  });
});
