import {
  BLANK_FIELD,
  DEFAULT_HOUSEHOLD_PROFILE,
  DEFAULT_PERSON_PROFILE,
  markOf,
  printText,
  profileFromHeaders,
  profileProblems,
  renderRow,
  type LedgerPerson,
  type LedgerSource,
} from './ledger';

const person = (over: Partial<LedgerPerson> = {}): LedgerPerson => ({
  personId: 'p1',
  name: '张三',
  relation: 'self',
  idType: 'id_card',
  idMasked: '110105********002X',
  idHash: 'hash-id',
  phoneMasked: '138****5678',
  phoneHash: 'hash-phone',
  gender: 'male',
  status: 'home_isolation',
  health: { temperature: 37.5, symptoms: ['cough'], healthCode: 'green', vaccineDoses: 3, nucleicAcidDate: '2026-11-30', nucleicAcidResult: 'negative' },
  isolation: { kind: 'home_isolation', startDate: '2026-11-28', endDate: '2026-12-11', status: 'active' },
  full: { id: '11010519491231002X', phone: '13812345678' },
  ...over,
});
const source = (p = person()): LedgerSource => ({
  household: { id: 'h1', unit: '2单元', room: '301', address: '阳光小区 3号楼 2单元 301' },
  places: { community: '祥云社区', compound: '阳光小区', building: '3号楼', grid: '第一网格' },
  gridWorkers: ['王网格'],
  report: {
    category: 'returning',
    travel: { fromRegion: ['湖北省', '武汉市'], arrivalDate: '2026-11-27', transport: 'train', transportNo: 'G123' },
    createdAt: new Date('2026-11-28T02:30:00Z'),
  },
  person: p,
  members: [p, person({ personId: 'p2', name: '李四', relation: 'spouse', status: 'normal', idMasked: '110105********0021' })],
});

describe('the default profiles', () => {
  it('name the upper-level columns in order and render masked by default', () => {
    const headers = DEFAULT_PERSON_PROFILE.columns.map((c) => c.header);
    expect(headers.slice(0, 5)).toEqual(['序号', '姓名', '性别', '身份证号', '联系电话']);
    expect(headers).toContain('网格员');
    const row = renderRow(DEFAULT_PERSON_PROFILE.columns, source(), 'masked', 7, 'changed');
    expect(row.slice(0, 5)).toEqual([7, '张三', '男', '110105********002X', '138****5678']);
    expect(row).toEqual(
      expect.arrayContaining(['祥云社区', '阳光小区', '3号楼', '2单元', '301', '本人', '返回人员', '湖北省武汉市', '2026-11-27', '火车/高铁 G123']),
    );
    expect(row).toEqual(expect.arrayContaining(['发热、咳嗽', 37.5, '绿码', '3剂', '2026-11-30 阴性', '居家隔离', '2026-11-28', '2026-12-11（计划）']));
    expect(row).toEqual(expect.arrayContaining(['第一网格', '王网格', '2026-11-28 10:30', '变更']));
    expect(JSON.stringify(row)).not.toContain('11010519491231002X');
  });

  it('write full values only in full mode, and hashes only in a fingerprint', () => {
    const full = renderRow(DEFAULT_PERSON_PROFILE.columns, source(), 'full', 1, null);
    expect(full.slice(3, 5)).toEqual(['11010519491231002X', '13812345678']);
    const print = printText('person', source());
    expect(print).toContain('h:hash-id');
    expect(print).not.toContain('11010519491231002X');
    expect(print).not.toContain('138****5678');
  });

  it('list the members of a household on one row', () => {
    const row = renderRow(DEFAULT_HOUSEHOLD_PROFILE.columns, source(), 'masked', 1, 'new');
    expect(row).toContain(2);
    expect(row).toContain('张三（本人，110105********002X，居家隔离）；李四（配偶，110105********0021）');
  });

  it('an ended isolation gives its real release day', () => {
    const p = person({ status: 'normal', isolation: { kind: 'health_monitoring', startDate: '2026-11-01', endDate: '2026-11-14', status: 'ended', endedAt: new Date('2026-11-10T04:00:00Z') } });
    const row = renderRow(DEFAULT_PERSON_PROFILE.columns, source(p), 'masked', 1, null);
    expect(row).toEqual(expect.arrayContaining(['健康监测（已解除）', '2026-11-10']));
  });
});

describe('fingerprints', () => {
  it('change with an exported value, not with masking or row number', () => {
    const a = printText('person', source());
    expect(printText('person', source())).toBe(a);
    expect(printText('person', source(person({ health: { symptoms: [], healthCode: 'yellow' } })))).not.toBe(a);
    expect(printText('person', source(person({ idHash: 'other' })))).not.toBe(a);
    expect(markOf(undefined, a)).toBe('new');
    expect(markOf(a, a)).toBe('unchanged');
    expect(markOf('x', a)).toBe('changed');
  });
});

describe('profileFromHeaders', () => {
  it('matches a template header row to fields by label, alias or containment, keeping the rest as empty columns', () => {
    const { columns, unmatched } = profileFromHeaders(
      ['序号', ' 姓 名 ', '公民身份号码', '手机号码（必填）', '详细地址', '从何地返回', '返回日期', '隔离开始时间', '预计解除日期', '疫苗厂家', '所属社区'],
      'person',
    );
    expect(columns.map((c) => c.field)).toEqual(['seq', 'name', 'idNumber', 'phone', 'address', 'fromRegion', 'arrivalDate', 'startDate', 'endDate', BLANK_FIELD, 'community']);
    expect(columns[1].header).toBe('姓 名');
    expect(unmatched).toEqual(['疫苗厂家']);
    expect(profileProblems('person', columns)).toEqual([]);
  });

  it('uses each field once and offers only the layout’s fields', () => {
    const { columns } = profileFromHeaders(['姓名', '人员姓名', '体温'], 'household');
    expect(columns.map((c) => c.field)).toEqual(['name', BLANK_FIELD, BLANK_FIELD]);
    expect(profileProblems('household', [{ field: 'temperature', header: '体温' }, { field: 'name', header: '体温' }])).toHaveLength(2);
  });
});
