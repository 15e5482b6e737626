import { MAX_MEMBERS } from './household';
import { idCardCheckChar } from './idcard';
import {
  arrayOf,
  dateString,
  int,
  normalizeDocumentNumber,
  num,
  object,
  oneOf,
  optional,
  parsePhone,
  parseWith,
  str,
  withDefault,
  type ParseResult,
} from './validation';
import { parseHouseholdReport } from './householdSchema';

/** Shanghai: 2026-11-24 10:00. */
const NOW = new Date('2026-11-24T02:00:00Z');

const idOf = (region: string, birth: string, seq: string): string => {
  const first17 = region + birth + seq;
  return first17 + idCardCheckChar(first17);
};
const wrongCheck = (id: string): string => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

const REPORTER_ID = idOf('110105', '19800315', '011');
const SPOUSE_ID = idOf('110105', '19820704', '022');
/** 8 years old on NOW */
const CHILD_ID = idOf('110105', '20180601', '034');

type Json = Record<string, unknown>;

/** A valid three-person household returning from elsewhere: reporter, spouse, 8-year-old child without phone. */
function household(): Json & { members: Json[]; travel: Json; consent: Json } {
  return {
    clientRequestId: 'req_20261124-0001',
    buildingId: 'bld_3',
    unit: '2单元',
    room: '301',
    category: 'returning',
    members: [
      {
        name: '张伟',
        relation: 'self',
        idType: 'id_card',
        idNumber: REPORTER_ID,
        phone: '13812345678',
        health: { temperature: 36.5, symptoms: [], healthCode: 'green', vaccineDoses: 3 },
      },
      {
        name: '李娜',
        relation: 'spouse',
        idType: 'id_card',
        idNumber: SPOUSE_ID,
        phone: '13987654321',
        health: {
          temperature: 36.8,
          symptoms: ['cough'],
          healthCode: 'green',
          nucleicAcidDate: '2026-11-22',
          nucleicAcidResult: 'negative',
        },
      },
      { name: '张小宝', relation: 'child', idType: 'id_card', idNumber: CHILD_ID, health: { symptoms: [], healthCode: 'green' } },
    ],
    travel: { fromRegion: ['湖北省', '武汉市', '江汉区'], arrivalDate: '2026-11-20', transport: 'train', transportNo: 'G1234' },
    note: '',
    consent: { privacy: true, healthTravel: true, version: '2026-11-01' },
  };
}

/** `field code` of every error, for compact assertions. */
function errorsOf<T>(result: ParseResult<T>): string[] {
  return result.ok ? [] : result.errors.map((e) => `${e.field} ${e.code}`);
}

const parse = (input: unknown): ParseResult<unknown> => parseHouseholdReport(input, NOW);

describe('parsePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['  19912345678 ', '19912345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['138123456789', null],
    ['1381234567', null],
    ['23812345678', null],
    ['12812345678', null],
    ['8613812345678', null],
    ['1381234567a', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(parsePhone(raw)).toBe(expected);
  });
});

describe('normalizeDocumentNumber', () => {
  it.each([
    ['passport', 'e1234567', { ok: true, value: 'E1234567' }],
    ['passport', ' E12345 ', { ok: true, value: 'E12345' }],
    ['passport', 'ＥＡ１２３４５６７', { ok: true, value: 'EA1234567' }],
    ['passport', 'A'.repeat(17), { ok: true, value: 'A'.repeat(17) }],
    ['passport', 'E123', { ok: false, code: 'PASSPORT_FORMAT' }],
    ['passport', 'A'.repeat(18), { ok: false, code: 'PASSPORT_FORMAT' }],
    ['passport', 'E123-4567', { ok: false, code: 'PASSPORT_FORMAT' }],
    ['other', 'h12-34567', { ok: true, value: 'H12-34567' }],
    ['other', 'AB1', { ok: false, code: 'DOC_NUMBER_FORMAT' }],
    ['other', 'AB 1234', { ok: false, code: 'DOC_NUMBER_FORMAT' }],
    ['id_card', wrongCheck(REPORTER_ID), { ok: false, code: 'ID_CARD_CHECKSUM' }],
  ] as const)('%s %j', (idType, raw, expected) => {
    expect(normalizeDocumentNumber(idType, raw, NOW)).toEqual(expected);
  });

  it('returns what an ID card encodes', () => {
    expect(normalizeDocumentNumber('id_card', CHILD_ID, NOW)).toEqual({
      ok: true,
      value: CHILD_ID,
      idCard: { number: CHILD_ID, regionCode: '110105', birthDate: '2018-06-01', gender: 'female' },
    });
  });
});

describe('toolkit primitives', () => {
  const schema = object({
    title: str({ max: 5 }),
    count: int({ min: 1, max: 3 }),
    ratio: optional(num({ decimals: 2 })),
    kind: oneOf(['a', 'b'] as const),
    tags: withDefault(arrayOf(str(), { max: 2 }), () => []),
    on: optional(dateString({ notAfterToday: true })),
  });

  it('parses, trims, omits absent optionals and fills defaults', () => {
    expect(parseWith(schema, { title: ' hi ', count: 2, kind: 'a', ratio: null, on: '' }, NOW)).toEqual({
      ok: true,
      value: { title: 'hi', count: 2, kind: 'a', tags: [] },
    });
  });

  it('reports every field with its path', () => {
    const r = parseWith(
      schema,
      { title: '123456', count: 1.5, ratio: 0.125, kind: 'c', tags: ['x', 7, 'y'], on: '2026-11-25', more: 1 },
      NOW,
    );
    expect(errorsOf(r)).toEqual([
      'more UNKNOWN_FIELD',
      'title TOO_LONG',
      'count INVALID_TYPE',
      'ratio INVALID_TYPE',
      'kind INVALID_ENUM',
      'tags TOO_LONG',
      'on DATE_IN_FUTURE',
    ]);
  });

  it('reports items by index', () => {
    expect(errorsOf(parseWith(schema, { title: 'x', count: 9, kind: 'b', tags: ['x', 7] }, NOW))).toEqual([
      'count OUT_OF_RANGE',
      'tags.1 INVALID_TYPE',
    ]);
  });

  it.each([null, [], 'text', 42])('refuses a non-object payload %j', (input) => {
    // the payload itself has the empty path
    expect(errorsOf(parseWith(schema, input, NOW))).toEqual([' INVALID_TYPE']);
  });
});

describe('parseHouseholdReport: valid', () => {
  it('accepts a three-person household (child without phone) and normalises it', () => {
    const input = household();
    input.members[0].phone = '+86 138-1234-5678';
    input.members[0].name = '  张伟 ';
    input.members[1].idNumber = ` ${SPOUSE_ID.toLowerCase()} `;
    (input.members[1].health as Json).symptoms = ['cough', 'fever', 'cough'];
    const r = parseHouseholdReport(input, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [reporter, spouse, child] = r.value.members;
    expect(reporter).toMatchObject({ name: '张伟', phone: '13812345678', idNumber: REPORTER_ID });
    expect(spouse.idNumber).toBe(SPOUSE_ID);
    expect(spouse.health?.symptoms).toEqual(['cough', 'fever']);
    expect(child.phone).toBeUndefined();
    expect(child.health).toEqual({ healthCode: 'green', symptoms: [] });
    expect(r.value).not.toHaveProperty('note');
    expect(r.value.travel).toEqual({
      fromRegion: ['湖北省', '武汉市', '江汉区'],
      arrivalDate: '2026-11-20',
      transport: 'train',
      transportNo: 'G1234',
    });
  });

  it('accepts a household without health or travel when that consent was not given', () => {
    const input = household();
    input.category = 'home_isolation';
    input.consent.healthTravel = false;
    Reflect.deleteProperty(input, 'travel');
    for (const m of input.members) delete m.health;
    expect(errorsOf(parse(input))).toEqual([]);
  });

  it.each([
    ['passport child without phone', { name: 'Tom', relation: 'child', idType: 'passport', idNumber: 'e1234567' }, []],
    [
      'passport spouse without phone',
      { name: 'Anna Smith', relation: 'spouse', idType: 'passport', idNumber: 'E7654321' },
      ['members.3.phone PHONE_REQUIRED'],
    ],
    [
      'blank phone counts as absent',
      { name: '王芳', relation: 'parent', idType: 'other', idNumber: 'H1234567', phone: '  ' },
      ['members.3.phone PHONE_REQUIRED'],
    ],
    [
      'turns 14 today: phone required',
      { name: '张大宝', relation: 'child', idType: 'id_card', idNumber: idOf('110105', '20121124', '015') },
      ['members.3.phone PHONE_REQUIRED'],
    ],
    [
      'turns 14 tomorrow: phone optional',
      { name: '张大宝', relation: 'child', idType: 'id_card', idNumber: idOf('110105', '20121125', '015') },
      [],
    ],
    [
      'adult relation child with ID card',
      { name: '张大', relation: 'child', idType: 'id_card', idNumber: idOf('110105', '20000101', '015') },
      ['members.3.phone PHONE_REQUIRED'],
    ],
  ])('phone rule: %s', (_label, extra, expected) => {
    const input = household();
    input.members.push(extra);
    expect(errorsOf(parse(input))).toEqual(expected);
  });
});

describe('parseHouseholdReport: fields', () => {
  it.each<[string, unknown, string]>([
    ['name with a digit', '张3', 'INVALID_TYPE'],
    ['name with a symbol', '张@三', 'INVALID_TYPE'],
    ['empty name', '', 'REQUIRED'],
    ['31-character name', '张'.repeat(31), 'TOO_LONG'],
    ['name not a string', 42, 'INVALID_TYPE'],
  ])('%s', (_label, name, code) => {
    const input = household();
    input.members[1].name = name;
    expect(errorsOf(parse(input))).toEqual([`members.1.name ${code}`]);
  });

  it.each([
    ['阿卜杜拉·买买提', '阿卜杜拉·买买提'],
    ['阿卜杜拉•买买提', '阿卜杜拉·买买提'],
    ['John   Smith', 'John Smith'],
    ['张'.repeat(30), '张'.repeat(30)],
  ])('name %j is stored as %j', (name, stored) => {
    const input = household();
    input.members[1].name = name;
    const r = parseHouseholdReport(input, NOW);
    expect(r.ok && r.value.members[1].name).toBe(stored);
  });

  it.each<[unknown, string[]]>([
    [34.9, ['members.0.health.temperature TEMPERATURE_RANGE']],
    [35.0, []],
    [37.3, []],
    [42.0, []],
    [42.1, ['members.0.health.temperature TEMPERATURE_RANGE']],
    [36.55, ['members.0.health.temperature INVALID_TYPE']],
    [Number.NaN, ['members.0.health.temperature INVALID_TYPE']],
    [Number.POSITIVE_INFINITY, ['members.0.health.temperature INVALID_TYPE']],
    ['36.5', ['members.0.health.temperature INVALID_TYPE']],
  ])('temperature %j', (temperature, expected) => {
    const input = household();
    (input.members[0].health as Json).temperature = temperature;
    expect(errorsOf(parse(input))).toEqual(expected);
  });

  it.each<[unknown, string[]]>([
    ['2026-11-24', []],
    ['2025-11-24', []],
    ['2025-11-23', ['travel.arrivalDate DATE_TOO_OLD']],
    ['2026-11-25', ['travel.arrivalDate DATE_IN_FUTURE']],
    ['2026-02-30', ['travel.arrivalDate INVALID_DATE']],
    ['2026/11/20', ['travel.arrivalDate INVALID_DATE']],
    [20261120, ['travel.arrivalDate INVALID_TYPE']],
    ['', ['travel.arrivalDate REQUIRED']],
  ])('arrivalDate %j', (arrivalDate, expected) => {
    const input = household();
    input.travel.arrivalDate = arrivalDate;
    expect(errorsOf(parse(input))).toEqual(expected);
  });

  it('nucleicAcidDate follows the same date rules', () => {
    const input = household();
    (input.members[1].health as Json).nucleicAcidDate = '2026-11-25';
    expect(errorsOf(parse(input))).toEqual(['members.1.health.nucleicAcidDate DATE_IN_FUTURE']);
  });

  it.each<[string, unknown, string]>([
    ['vaccineDoses', 5, 'members.0.health.vaccineDoses OUT_OF_RANGE'],
    ['vaccineDoses', 1.5, 'members.0.health.vaccineDoses INVALID_TYPE'],
    ['vaccineDoses', -1, 'members.0.health.vaccineDoses OUT_OF_RANGE'],
    ['healthCode', 'blue', 'members.0.health.healthCode INVALID_ENUM'],
    ['healthCode', undefined, 'members.0.health.healthCode REQUIRED'],
    ['symptoms', ['fever', 'headache'], 'members.0.health.symptoms.1 INVALID_ENUM'],
    ['symptoms', 'fever', 'members.0.health.symptoms INVALID_TYPE'],
    ['nucleicAcidResult', 'unknown', 'members.0.health.nucleicAcidResult INVALID_ENUM'],
    ['spo2', 98, 'members.0.health.spo2 UNKNOWN_FIELD'],
  ])('health.%s = %j', (key, value, expected) => {
    const input = household();
    const health = input.members[0].health as Json;
    if (value === undefined) delete health[key];
    else health[key] = value;
    expect(errorsOf(parse(input))).toEqual([expected]);
  });

  it.each<[string, unknown, string]>([
    ['fromRegion', [], 'travel.fromRegion REQUIRED'],
    ['fromRegion', ['a', 'b', 'c', 'd'], 'travel.fromRegion TOO_LONG'],
    ['fromRegion', ['湖北省', ' '], 'travel.fromRegion.1 REQUIRED'],
    ['fromRegion', ['长'.repeat(21)], 'travel.fromRegion.0 TOO_LONG'],
    ['transport', 'rocket', 'travel.transport INVALID_ENUM'],
    ['transportNo', 'X'.repeat(21), 'travel.transportNo TOO_LONG'],
    ['fromDetail', '路'.repeat(101), 'travel.fromDetail TOO_LONG'],
  ])('travel.%s = %j', (key, value, expected) => {
    const input = household();
    input.travel[key] = value;
    expect(errorsOf(parse(input))).toEqual([expected]);
  });

  it.each<[string, unknown, string]>([
    ['clientRequestId', 'short', 'clientRequestId TOO_SHORT'],
    ['clientRequestId', 'has spaces in it', 'clientRequestId INVALID_TYPE'],
    ['clientRequestId', 'a'.repeat(65), 'clientRequestId TOO_LONG'],
    ['unit', '单'.repeat(21), 'unit TOO_LONG'],
    ['room', '   ', 'room REQUIRED'],
    ['buildingId', 7, 'buildingId INVALID_TYPE'],
    ['category', 'tourist', 'category INVALID_ENUM'],
    ['note', '记'.repeat(501), 'note TOO_LONG'],
    ['members', 'all of us', 'members INVALID_TYPE'],
    ['members', [], 'members MEMBERS_EMPTY'],
    ['consent', true, 'consent INVALID_TYPE'],
  ])('%s = %j', (key, value, expected) => {
    const input = household();
    input[key] = value;
    expect(errorsOf(parse(input))).toEqual([expected]);
  });

  it.each<[string, unknown, string]>([
    ['relation', 'friend', 'members.1.relation INVALID_ENUM'],
    ['idType', 'driver_license', 'members.1.idType INVALID_ENUM'],
    ['idNumber', wrongCheck(SPOUSE_ID), 'members.1.idNumber ID_CARD_CHECKSUM'],
    ['idNumber', SPOUSE_ID.slice(0, 17), 'members.1.idNumber ID_CARD_FORMAT'],
    ['phone', '138123456789', 'members.1.phone PHONE_FORMAT'],
    ['phone', 13987654321, 'members.1.phone INVALID_TYPE'],
    ['nickname', '娜娜', 'members.1.nickname UNKNOWN_FIELD'],
  ])('member %s = %j', (key, value, expected) => {
    const input = household();
    input.members[1][key] = value;
    expect(errorsOf(parse(input))).toEqual([expected]);
  });

  it('checks passport and other document formats', () => {
    const input = household();
    Object.assign(input.members[1], { idType: 'passport', idNumber: 'E12' });
    Object.assign(input.members[2], { idType: 'other', idNumber: 'A_1' });
    expect(errorsOf(parse(input))).toEqual(['members.1.idNumber PASSPORT_FORMAT', 'members.2.idNumber DOC_NUMBER_FORMAT']);
  });
});

describe('parseHouseholdReport: household rules', () => {
  it('rejects an unknown top-level field', () => {
    const input = household();
    input.openid = 'o-someone-else';
    expect(errorsOf(parse(input))).toEqual(['openid UNKNOWN_FIELD']);
  });

  it('rejects two members with the same (normalised) ID', () => {
    const input = household();
    input.members[2].idNumber = ` ${REPORTER_ID.toLowerCase()}`;
    input.members[2].phone = '13700000000';
    const r = parse(input);
    expect(errorsOf(r)).toEqual(['members.2.idNumber DUPLICATE_MEMBER']);
    expect(!r.ok && r.errors[0].message).toBe('第3位成员：同一证件号码不能重复登记（与第1位成员相同）');
  });

  it('compares passports case-insensitively, and only within the same document type', () => {
    const input = household();
    Object.assign(input.members[1], { idType: 'passport', idNumber: 'E1234567' });
    Object.assign(input.members[2], { idType: 'passport', idNumber: 'e1234567' });
    expect(errorsOf(parse(input))).toEqual(['members.2.idNumber DUPLICATE_MEMBER']);
    Object.assign(input.members[2], { idType: 'other', idNumber: 'E1234567' });
    expect(errorsOf(parse(input))).toEqual([]);
  });

  it('reports a duplicate even while the member has another error', () => {
    const input = household();
    Object.assign(input.members[2], { idNumber: REPORTER_ID, name: '张#', phone: '13700000000' });
    expect(errorsOf(parse(input))).toEqual(['members.2.name INVALID_TYPE', 'members.2.idNumber DUPLICATE_MEMBER']);
  });

  it('requires a member with relation self', () => {
    const input = household();
    input.members[0].relation = 'other';
    expect(errorsOf(parse(input))).toEqual(['members REPORTER_REQUIRED']);
  });

  it('allows only one self', () => {
    const input = household();
    input.members[1].relation = 'self';
    expect(errorsOf(parse(input))).toEqual(['members.1.relation REPORTER_REQUIRED']);
  });

  it(`refuses more than ${MAX_MEMBERS} members`, () => {
    const input = household();
    input.members = Array.from({ length: MAX_MEMBERS + 1 }, (_, i) => ({
      name: '成员',
      relation: i === 0 ? 'self' : 'other',
      idType: 'id_card',
      idNumber: idOf('110105', '19800315', String(i).padStart(3, '0')),
      phone: '13812345678',
    }));
    expect(errorsOf(parse(input))).toEqual(['members MEMBERS_TOO_MANY']);
    input.members.pop();
    expect(errorsOf(parse(input))).toEqual([]);
  });

  it('refuses health data without the health/travel consent', () => {
    const input = household();
    input.category = 'health_monitoring';
    input.consent.healthTravel = false;
    Reflect.deleteProperty(input, 'travel');
    delete input.members[1].health;
    expect(errorsOf(parse(input))).toEqual(['members.0.health HEALTH_CONSENT_REQUIRED', 'members.2.health HEALTH_CONSENT_REQUIRED']);
  });

  it('refuses travel data without the health/travel consent', () => {
    const input = household();
    input.consent.healthTravel = false;
    for (const m of input.members) delete m.health;
    expect(errorsOf(parse(input))).toEqual(['travel HEALTH_CONSENT_REQUIRED']);
  });

  it('requires travel for a returning household', () => {
    const input = household();
    Reflect.deleteProperty(input, 'travel');
    expect(errorsOf(parse(input))).toEqual(['travel TRAVEL_REQUIRED']);
  });

  it('requires the privacy consent', () => {
    const input = household();
    input.consent.privacy = false;
    expect(errorsOf(parse(input))).toEqual(['consent.privacy CONSENT_REQUIRED']);
  });

  it('reports all errors at once, with dotted paths and member ordinals', () => {
    const input = household();
    delete input.room;
    input.category = 'tourist';
    input.extra = true;
    input.members[0].name = '张3';
    input.members[1].idNumber = wrongCheck(SPOUSE_ID);
    // with the ID unreadable the age is unknown, so no PHONE_REQUIRED is guessed for this member
    delete input.members[1].phone;
    (input.members[2].health as Json).temperature = 42.5;
    input.travel.transport = 'rocket';
    input.consent.version = '';
    const r = parse(input);
    expect(errorsOf(r)).toEqual([
      'extra UNKNOWN_FIELD',
      'room REQUIRED',
      'category INVALID_ENUM',
      'members.0.name INVALID_TYPE',
      'members.1.idNumber ID_CARD_CHECKSUM',
      'members.2.health.temperature TEMPERATURE_RANGE',
      'travel.transport INVALID_ENUM',
      'consent.version REQUIRED',
    ]);
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining(['第2位成员：身份证号校验位不正确，请逐位核对', '第3位成员：体温应在35.0至42.0℃之间', '必填项未填写']),
    );
  });
});

describe('parseHouseholdReport: answers and re-filing', () => {
  it('refuses a health answer left out: symptoms and health code start unanswered', () => {
    const input = household();
    input.members[0].health = { temperature: 36.5 };
    expect(errorsOf(parse(input))).toEqual(['members.0.health.symptoms REQUIRED', 'members.0.health.healthCode REQUIRED']);
  });

  it('accepts a member filed before by reference, keeping the stored document and phone', () => {
    const input = household();
    input.members[1] = { personId: 'p_0123456789abcdef0123456789abcdef', name: '李娜', relation: 'spouse', health: { symptoms: [], healthCode: 'green' } };
    const r = parseHouseholdReport(input, NOW);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.members[1]).toEqual({ personId: 'p_0123456789abcdef0123456789abcdef', name: '李娜', relation: 'spouse', health: { symptoms: [], healthCode: 'green' } });
  });

  it('needs a document for a member not filed before, and a type with a typed number', () => {
    const input = household();
    input.members[1] = { name: '李娜', relation: 'spouse', phone: '13987654321' };
    input.members[2] = { name: '张小宝', relation: 'child', idNumber: CHILD_ID };
    (input as Json).travel = undefined;
    input.consent = { privacy: true, healthTravel: false, version: '2026-11-01' };
    input.members[0] = { ...input.members[0], health: undefined };
    expect(errorsOf(parse(input))).toEqual(['members.1.idNumber REQUIRED', 'members.2.idType REQUIRED']);
  });

  it('treats a newly typed document as a new identity, not the person referred to', () => {
    const input = household();
    input.members[1] = { ...input.members[1], personId: 'p_0123456789abcdef0123456789abcdef' };
    const r = parseHouseholdReport(input, NOW);
    expect(r.ok && 'personId' in r.value.members[1]).toBe(false);
  });

  it('lets 代报 file adults without a phone (the worker is the contact)', () => {
    const input = household();
    input.members = input.members.map(({ phone: _phone, ...m }) => m);
    expect(errorsOf(parse(input))).toEqual(['members.0.phone PHONE_REQUIRED', 'members.1.phone PHONE_REQUIRED']);
    expect(parseHouseholdReport(input, NOW, 'proxy').ok).toBe(true);
  });
});
