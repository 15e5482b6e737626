import {
  guessMapping,
  mappingFromProfile,
  mappingProblem,
  normalizeHeader,
  parseBatchDocument,
  parseListDate,
  profileOf,
  roomKeyOf,
  roomOfAddress,
  rowIdentities,
  upgradeOldIdCard,
  validateBatchRow,
  type ColumnMapping,
} from './batches';
import { idCardCheckChar } from './idcard';

const today = new Date('2022-05-10T04:00:00Z');
const id18 = (first17: string) => first17 + idCardCheckChar(first17);
const GOOD_ID = id18('11010519900307123');

describe('header guessing', () => {
  it('maps the usual headers of an upper-level list, keeping the other columns unmapped', () => {
    const headers = ['序号', '姓名', '性别', '身份证号码', '联系电话', '现住址', '来源地', '到达时间', '交通方式', '备注'];
    expect(guessMapping(headers)).toEqual({ name: 1, idNumber: 3, phone: 4, address: 5, origin: 6, arrivalAt: 7, transport: 8, note: 9 });
  });

  it('reads synonyms, decorations and longer headers', () => {
    const headers = ['被核查人姓名（必填）', '* 公民身份号码：', '手机 号', '现居住地址(详细到门牌)', '从何地来', '抵达日期', '车次/航班', '说明'];
    expect(guessMapping(headers)).toEqual({ name: 0, idNumber: 1, phone: 2, address: 3, origin: 4, arrivalAt: 5, transport: 6, note: 7 });
    expect(guessMapping(['户籍地址', '本人联系电话'])).toEqual({ address: 0, phone: 1 });
  });

  it('normalises header text', () => {
    expect(normalizeHeader(' 姓名（必填） ')).toBe('姓名');
    expect(normalizeHeader('ＩＤ')).toBe('id');
  });

  it('a saved profile maps the same source again in another column order', () => {
    const first = ['人员', '证件', '电话号', '所在小区'];
    const corrected: ColumnMapping = { name: 0, idNumber: 1, phone: 2, address: 3 };
    const profile = profileOf(first, corrected);
    expect(profile).toEqual({ name: '人员', idNumber: '证件', phone: '电话号', address: '所在小区' });
    const known = ['人员', '证件', '电话号', '所在小区', '备注'];
    const next = ['电话号', '人员', '所在小区', '证件', '备注'];
    expect(mappingFromProfile(next, profile, known)).toEqual({ mapping: { phone: 0, name: 1, address: 2, idNumber: 3, note: 4 }, complete: true });
    // an optional column gone: still no question
    expect(mappingFromProfile(['电话号', '人员', '所在小区', '证件'], profile, known).complete).toBe(true);
    // a core column of the profile is gone, or a header is new: the user confirms again
    expect(mappingFromProfile(['人员', '电话号', '所在小区'], profile, known).complete).toBe(false);
    expect(mappingFromProfile([...next, '居住楼栋'], profile, known).complete).toBe(false);
  });

  it('says what a mapping lacks', () => {
    expect(mappingProblem({ idNumber: 0 }, 3)).toMatch('姓名');
    expect(mappingProblem({ name: 0, address: 1 }, 3)).toMatch('身份证号');
    expect(mappingProblem({ name: 0, phone: 0 }, 3)).toMatch('同一列');
    expect(mappingProblem({ name: 0, phone: 5 }, 3)).toMatch('不存在');
    expect(mappingProblem({ name: 0, phone: 1 }, 3)).toBeNull();
  });
});

describe('documents', () => {
  it('upgrades a 15-digit ID card to its 18-digit form', () => {
    expect(upgradeOldIdCard('110105900307123')).toBe(id18('11010519900307123'));
    expect(parseBatchDocument('110105900307123', today)).toEqual({ ok: true, value: { idType: 'id_card', number: GOOD_ID } });
  });

  it('normalises full-width and lower-case x', () => {
    const withX = (() => {
      for (let i = 100; i < 999; i++) {
        const n = id18(`11010519900307${i}`);
        if (n.endsWith('X')) return n;
      }
      throw new Error('no X');
    })();
    const fullWidth = withX.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).toLowerCase();
    expect(parseBatchDocument(fullWidth, today)).toEqual({ ok: true, value: { idType: 'id_card', number: withX } });
  });

  it('takes a passport number as a passport', () => {
    expect(parseBatchDocument('E12345678', today)).toEqual({ ok: true, value: { idType: 'passport', number: 'E12345678' } });
  });
});

describe('dates', () => {
  it.each([
    ['2022-05-01', '2022-05-01'],
    ['2022/5/1', '2022-05-01'],
    ['2022.5.1', '2022-05-01'],
    ['2022年5月1日', '2022-05-01'],
    ['5月1日', '2022-05-01'],
    ['2022-05-01 14:30', '2022-05-01 14:30'],
    ['2022/5/1 9:05:00', '2022-05-01 09:05'],
  ])('%s → %s', (raw, out) => expect(parseListDate(raw, today)).toBe(out));
  it.each(['2022-02-30', '昨天', '2022-05-01 25:00'])('%s is no date', (raw) => expect(parseListDate(raw, today)).toBeNull());
});

describe('row validation: every error', () => {
  const mapping: ColumnMapping = { name: 0, idNumber: 1, phone: 2, address: 3, arrivalAt: 4, note: 5 };
  const row = (over: Partial<Record<'name' | 'id' | 'phone' | 'address' | 'arrival' | 'note', string>>) => [
    over.name ?? '张三',
    over.id ?? GOOD_ID,
    over.phone ?? '13812345678',
    over.address ?? '祥云一区3号楼2单元301',
    over.arrival ?? '2022-05-01',
    over.note ?? '',
  ];
  const codes = (cells: string[]) => validateBatchRow(cells, mapping, today).errors.map((e) => `${e.field}:${e.code}`);

  it('a good row has no errors and normalised values', () => {
    expect(validateBatchRow(row({ phone: '+86 138-1234-5678' }), mapping, today)).toEqual({
      values: {
        name: '张三',
        document: { idType: 'id_card', number: GOOD_ID },
        phone: '13812345678',
        address: '祥云一区3号楼2单元301',
        arrivalAt: '2022-05-01',
      },
      errors: [],
    });
  });

  it.each([
    [{ name: '' }, 'name:BATCH_NAME_REQUIRED'],
    [{ name: '张'.repeat(31) }, 'name:TOO_LONG'],
    [{ id: '1101051990030712' }, 'idNumber:ID_CARD_FORMAT'],
    [{ id: id18('99010519900307123') }, 'idNumber:ID_CARD_REGION'],
    [{ id: id18('11010519901307123') }, 'idNumber:ID_CARD_BIRTH_DATE'],
    [{ id: '110105901307123' }, 'idNumber:ID_CARD_BIRTH_DATE'],
    [{ id: id18('11010520300307123') }, 'idNumber:ID_CARD_FUTURE_BIRTH'],
    [{ id: GOOD_ID.slice(0, 17) + (GOOD_ID[17] === '1' ? '2' : '1') }, 'idNumber:ID_CARD_CHECKSUM'],
    [{ id: '@@@' }, 'idNumber:ID_CARD_FORMAT'],
    [{ phone: '1381234567' }, 'phone:PHONE_FORMAT'],
    [{ phone: '010-12345678' }, 'phone:PHONE_FORMAT'],
    [{ id: '', phone: '' }, 'idNumber:BATCH_IDENTITY_REQUIRED'],
    [{ arrival: '下周' }, 'arrivalAt:INVALID_DATE'],
    [{ arrival: '2022-06-01' }, 'arrivalAt:DATE_IN_FUTURE'],
    [{ note: '很'.repeat(301) }, 'note:TOO_LONG'],
  ])('%j → %s', (over, code) => expect(codes(row(over))).toEqual([code]));

  it('lists several errors of one row, and keeps what it could read', () => {
    const { values, errors } = validateBatchRow(row({ name: '', phone: '123' }), mapping, today);
    expect(errors.map((e) => e.code)).toEqual(['BATCH_NAME_REQUIRED', 'PHONE_FORMAT']);
    expect(errors[1].message).toBe('手机号：手机号应为以1开头的11位数字');
    expect(values.document?.number).toBe(GOOD_ID);
  });

  it('takes the first valid number of a cell with two', () => {
    expect(validateBatchRow(row({ phone: '010-1234/13912345678' }), mapping, today).values.phone).toBe('13912345678');
  });
});

it('a row is known by its document, its phone and name, its name and address', () => {
  expect(rowIdentities({ name: '张三', document: { idType: 'id_card', number: GOOD_ID }, phone: '13812345678' }, 'A|3')).toEqual([
    `doc:id_card:${GOOD_ID}`,
    'pn:13812345678|张三',
    'na:张三|A|3',
  ]);
  expect(rowIdentities({ name: '张三' }, null)).toEqual([]);
});

describe('the room of a row (rows of one room handled together, 纳管 filing)', () => {
  it('reads unit and room as the building names its units; the same room written two ways is one key', () => {
    expect(roomOfAddress('祥云一区3号楼2单元301', ['1单元', '2单元'])).toEqual({ unit: '2单元', room: '301' });
    expect(roomOfAddress('祥云一区三号楼二单元301室', ['1单元', '2单元'])).toEqual({ unit: '2单元', room: '301' });
    expect(roomOfAddress('祥云一区3-2-301')).toEqual({ unit: '2单元', room: '301' });
    expect(roomOfAddress('祥云一区3号楼301')).toEqual({ room: '301' });
    expect(roomOfAddress('祥云一区3号楼')).toBeNull();
    expect(roomOfAddress(undefined)).toBeNull();
    expect(roomKeyOf('祥云一区3号楼2单元301')).toBe(roomKeyOf('祥云一区３号楼二单元301室'));
    expect(roomKeyOf('祥云一区3号楼2单元301')).not.toBe(roomKeyOf('祥云一区3号楼2单元302'));
    expect(roomKeyOf('祥云一区3号楼')).toBeNull();
  });
});
