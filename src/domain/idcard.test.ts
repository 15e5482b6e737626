import { idCardCheckChar, parseIdCard, toHalfWidth } from './idcard';

/** Shanghai: 2026-11-24 10:00. */
const NOW = new Date('2026-11-24T02:00:00Z');

/** A valid ID number from its parts: region (6), birth date YYYYMMDD, sequence (3). */
const idOf = (region: string, birth: string, seq: string): string => {
  const first17 = region + birth + seq;
  return first17 + idCardCheckChar(first17);
};

/** A valid ID number whose check character is `check` (searching the sequence codes). */
const idWithCheck = (check: string): string => {
  for (let seq = 0; seq < 1000; seq++) {
    const id = idOf('310104', '19900101', String(seq).padStart(3, '0'));
    if (id.endsWith(check)) return id;
  }
  throw new Error(`no sequence gives ${check}`);
};

const fullWidth = (s: string): string => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Same first 17 characters, any other check character. */
const wrongCheck = (id: string): string => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

describe('idCardCheckChar', () => {
  it('matches the sample number of GB 11643-1999', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100A', ''])('throws on %j', (s) => {
    expect(() => idCardCheckChar(s)).toThrow(RangeError);
  });
});

describe('parseIdCard: valid', () => {
  const x = idWithCheck('X');
  it.each([
    ['plain', idOf('110105', '19800315', '011'), idOf('110105', '19800315', '011')],
    ['lowercase x', x.toLowerCase(), x],
    ['surrounding spaces', `  ${x} `, x],
    ['full-width digits and Ｘ', fullWidth(x), x],
    ['full-width with ideographic space', `\u3000${fullWidth(x)}`, x],
    ['29 February of a leap year', idOf('440305', '20000229', '123'), idOf('440305', '20000229', '123')],
    ['born today in Shanghai', idOf('110105', '20261124', '001'), idOf('110105', '20261124', '001')],
    ['born 1900-01-01', idOf('110105', '19000101', '001'), idOf('110105', '19000101', '001')],
    ['Hong Kong resident permit prefix', idOf('810000', '19950101', '001'), idOf('810000', '19950101', '001')],
  ])('%s', (_label, raw, normalised) => {
    const r = parseIdCard(raw, NOW);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ number: normalised }) });
  });

  it('reads region, birth date and gender', () => {
    expect(parseIdCard(idOf('110105', '19800315', '011'), NOW)).toEqual({
      ok: true,
      value: { number: idOf('110105', '19800315', '011'), regionCode: '110105', birthDate: '1980-03-15', gender: 'male' },
    });
    expect(parseIdCard(idOf('110105', '19800315', '022'), NOW)).toMatchObject({ ok: true, value: { gender: 'female' } });
  });

  it('decides "today" on the Shanghai calendar, not UTC', () => {
    const lateEveningUtc = new Date('2026-11-23T17:30:00Z'); // already 24 November in Shanghai
    expect(parseIdCard(idOf('110105', '20261124', '001'), lateEveningUtc).ok).toBe(true);
    expect(parseIdCard(idOf('110105', '20261124', '001'), new Date('2026-11-23T15:30:00Z'))).toEqual({
      ok: false,
      code: 'ID_CARD_FUTURE_BIRTH',
    });
  });
});

describe('parseIdCard: invalid', () => {
  const good = idOf('110105', '19800315', '011');
  it.each([
    ['bad check character', wrongCheck(good), 'ID_CARD_CHECKSUM'],
    ['30 February', idOf('110105', '19800230', '011'), 'ID_CARD_BIRTH_DATE'],
    ['29 February of a common year', idOf('110105', '20230229', '011'), 'ID_CARD_BIRTH_DATE'],
    ['29 February 1900 (not leap)', idOf('110105', '19000229', '011'), 'ID_CARD_BIRTH_DATE'],
    ['month 13', idOf('110105', '19801301', '011'), 'ID_CARD_BIRTH_DATE'],
    ['before 1900', idOf('110105', '18991231', '011'), 'ID_CARD_BIRTH_DATE'],
    ['future birth date', idOf('110105', '20261125', '011'), 'ID_CARD_FUTURE_BIRTH'],
    ['region 99', idOf('990105', '19800315', '011'), 'ID_CARD_REGION'],
    ['region 10', idOf('100105', '19800315', '011'), 'ID_CARD_REGION'],
    ['region 72', idOf('720105', '19800315', '011'), 'ID_CARD_REGION'],
    ['17 characters', good.slice(0, 17), 'ID_CARD_FORMAT'],
    ['19 characters', `${good}1`, 'ID_CARD_FORMAT'],
    ['letter in the middle', `${good.slice(0, 8)}A${good.slice(9)}`, 'ID_CARD_FORMAT'],
    ['X not at the end', `${good.slice(0, 16)}X${good[17]}`, 'ID_CARD_FORMAT'],
    ['inner space', `${good.slice(0, 6)} ${good.slice(6, 17)}`, 'ID_CARD_FORMAT'],
    ['empty', '', 'ID_CARD_FORMAT'],
  ])('%s', (_label, raw, code) => {
    expect(parseIdCard(raw, NOW)).toEqual({ ok: false, code });
  });
});

describe('toHalfWidth', () => {
  it('converts full-width ASCII and the ideographic space only', () => {
    expect(toHalfWidth('１３８\u3000ａＢ＋－张')).toBe('138 aB+-张');
  });
});
