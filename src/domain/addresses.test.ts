import {
  addressIndexOf,
  aliasFromPlacing,
  buildingNumberOf,
  chineseNumberToDigits,
  normalizeAddressText,
  parseAddress,
  type AddressPlace,
  type UnplacedReason,
} from './addresses';

// a community as the place tree holds it: compounds with numbered, lettered and 栋-named buildings
const places: AddressPlace[] = [];
const add = (level: string, name: string, parentId: string | null): string => {
  const _id = `pl_${places.length}`;
  places.push({ _id, level, name, parentId });
  return _id;
};
const grid = add('grid', '第一网格', null);
const compounds: Record<string, string> = {};
const buildingIds: Record<string, string> = {};
const compound = (name: string, buildings: string[]) => {
  compounds[name] = add('compound', name, grid);
  for (const b of buildings) buildingIds[`${name}/${b}`] = add('building', b, compounds[name]);
};
compound('祥云一区', ['1号楼', '2号楼', '3号楼', '4号楼', '5号楼', '6号楼']);
compound('祥云二区', ['1号楼', '2号楼', '3号楼', '4号楼', '5号楼']);
compound('锦园', ['1号楼', '2号楼', '3号楼', '4号楼']);
compound('枫林小区', ['1号楼', '2号楼', '3号楼', '18号楼']);
compound('翠竹园', ['A座', 'B座']);
compound('东湖新村', ['1栋', '2栋', '3栋']);
compound('和平里', ['12号楼', '21号楼']);
compound('春晖苑', ['7幢', '8幢']);

const index = addressIndexOf(places);

// [address as a list writes it, compound/building it belongs to, unit, room]
const PLACED: Array<[string, string, string?, string?]> = [
  ['祥云一区3号楼2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2单元301室', '祥云一区/3号楼', '2', '301'],
  ['祥云一区 3号楼 2单元 301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区三号楼二单元三零一', '祥云一区/3号楼', '2', '301'],
  ['祥云一区三号楼二单元三〇一室', '祥云一区/3号楼', '2', '301'],
  ['祥云1区3号楼2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区３号楼２单元３０１', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3栋2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3幢2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3座2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3#2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3-2-301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3-2-301室', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3#2-301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2-301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3栋2-301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3－2－301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3—2—301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3-301', '祥云一区/3号楼', undefined, '301'],
  ['祥云一区3号楼301', '祥云一区/3号楼', undefined, '301'],
  ['祥云一区3号楼301室', '祥云一区/3号楼', undefined, '301'],
  ['祥云一区3号楼', '祥云一区/3号楼'],
  ['祥云一区3号楼2单元', '祥云一区/3号楼', '2'],
  ['祥云一区第3栋2单元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区03栋02单元0301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3號樓2單元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3棟2單元301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2门301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2单元3楼301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2单元3层301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2单元301号', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2单元301（租户）', '祥云一区/3号楼', '2', '301'],
  ['祥云一区3号楼2单元301(出租屋)', '祥云一区/3号楼', '2', '301'],
  ['祥云一区，3号楼，2单元，301', '祥云一区/3号楼', '2', '301'],
  ['祥云一区、3号楼2单元301', '祥云一区/3号楼', '2', '301'],
  ['北京市朝阳区锦绣街道祥云社区祥云一区3号楼2单元301室', '祥云一区/3号楼', '2', '301'],
  ['锦绣街道祥云社区祥云一区3-2-301', '祥云一区/3号楼', '2', '301'],
  ['朝阳区祥云一区3号楼', '祥云一区/3号楼'],
  ['祥云二区5号楼1单元101', '祥云二区/5号楼', '1', '101'],
  ['祥云二区五号楼一单元一零一', '祥云二区/5号楼', '1', '101'],
  ['祥云2区5栋1-101', '祥云二区/5号楼', '1', '101'],
  ['锦园2号楼1单元502', '锦园/2号楼', '1', '502'],
  ['锦园小区2号楼1单元502', '锦园/2号楼', '1', '502'],
  ['锦园2-1-502', '锦园/2号楼', '1', '502'],
  ['枫林小区18号楼3单元1201', '枫林小区/18号楼', '3', '1201'],
  ['枫林18号楼3单元1201', '枫林小区/18号楼', '3', '1201'],
  ['枫林小区十八号楼三单元一二零一', '枫林小区/18号楼', '3', '1201'],
  ['枫林小区18-3-1201', '枫林小区/18号楼', '3', '1201'],
  ['18号楼3单元1201', '枫林小区/18号楼', '3', '1201'],
  ['18栋1201', '枫林小区/18号楼', undefined, '1201'],
  ['翠竹园A座1单元301', '翠竹园/A座', '1', '301'],
  ['翠竹园a座1单元301', '翠竹园/A座', '1', '301'],
  ['翠竹园Ａ座1单元301', '翠竹园/A座', '1', '301'],
  ['翠竹园B栋2单元201', '翠竹园/B座', '2', '201'],
  ['翠竹园B座201', '翠竹园/B座', undefined, '201'],
  ['东湖新村2栋1单元101', '东湖新村/2栋', '1', '101'],
  ['东湖新村2号楼1单元101', '东湖新村/2栋', '1', '101'],
  ['东湖2栋1单元101', '东湖新村/2栋', '1', '101'],
  ['东湖新村二栋一单元一零一', '东湖新村/2栋', '1', '101'],
  ['和平里12号楼3单元602', '和平里/12号楼', '3', '602'],
  ['和平里十二号楼三单元六零二', '和平里/12号楼', '3', '602'],
  ['和平里二十一号楼1单元101', '和平里/21号楼', '1', '101'],
  ['和平里21-1-101', '和平里/21号楼', '1', '101'],
  ['春晖苑7幢1单元202', '春晖苑/7幢', '1', '202'],
  ['春晖苑7号楼1单元202', '春晖苑/7幢', '1', '202'],
  ['春晖苑七幢202室', '春晖苑/7幢', undefined, '202'],
  ['春晖苑8#1-202', '春晖苑/8幢', '1', '202'],
];

const UNPLACED: Array<[string, UnplacedReason]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['祥云一区', 'no_building'],
  ['祥云一区2单元301', 'no_building'],
  ['祥云一区12号楼', 'unknown_building'],
  ['祥云一区十二号楼', 'unknown_building'],
  ['锦园9号楼1单元101', 'unknown_building'],
  ['3号楼2单元301', 'ambiguous'],
  ['三号楼', 'ambiguous'],
  ['3栋', 'ambiguous'],
  ['3幢', 'ambiguous'],
  ['３号楼', 'ambiguous'],
  ['云祥花园3号楼2单元301', 'unknown_compound'],
  ['幸福家园18号楼', 'unknown_compound'],
  ['海淀区某某路100号', 'unknown_compound'],
  ['外地', 'unknown_compound'],
];

describe('Chinese numerals and normalisation', () => {
  it.each([
    ['三', '3'],
    ['十', '10'],
    ['十二', '12'],
    ['二十', '20'],
    ['二十一', '21'],
    ['一百零五', '105'],
    ['三零一', '301'],
    ['三〇一', '301'],
    ['两', '2'],
  ])('%s → %s', (cn, digits) => expect(chineseNumberToDigits(cn)).toBe(digits));

  it('half-width, upper case, simplified, without spaces, brackets and leading zeros', () => {
    expect(normalizeAddressText(' 祥云一区 ３號樓（租户）０２單元 ')).toBe('祥云1区3号楼2单元');
    expect(normalizeAddressText('a座')).toBe('A座');
  });

  it('reads the building of a place name', () => {
    expect(buildingNumberOf('3号楼')).toBe('3');
    expect(buildingNumberOf('十二栋')).toBe('12');
    expect(buildingNumberOf('A座')).toBe('A');
    expect(buildingNumberOf('7幢')).toBe('7');
    expect(buildingNumberOf('综合楼')).toBeNull();
  });
});

// every row with four cells (jest's each would hand a short row its `done`)
const placedTable = PLACED.map(([address, where, unit, room]) => [address, where, unit ?? null, room ?? null] as const);

describe(`${placedTable.length + UNPLACED.length} address shapes`, () => {
  it.each(placedTable)('%s → %s', (address, where, unit, room) => {
    const match = index.match(address);
    expect(match).toMatchObject({ placed: true, buildingId: buildingIds[where] });
    const parsed = parseAddress(address);
    expect(parsed.unit ?? null).toBe(unit);
    expect(parsed.room ?? null).toBe(room);
  });

  it.each(UNPLACED)('%s stays unplaced (%s)', (address, reason) => {
    expect(index.match(address)).toMatchObject({ placed: false, reason });
  });

  it('counts at least 60 shapes', () => expect(placedTable.length + UNPLACED.length).toBeGreaterThanOrEqual(60));
});

describe('aliases a dispatcher teaches', () => {
  it('an unknown compound name placed on a building of the same number becomes the compound’s alias', () => {
    const alias = aliasFromPlacing('锦绣街道云祥花园3号楼2单元301', {
      buildingId: buildingIds['祥云一区/3号楼'],
      buildingName: '3号楼',
      compoundId: compounds['祥云一区'],
    });
    expect(alias).toEqual({ text: '云祥花园', compoundId: compounds['祥云一区'] });
    const taught = addressIndexOf(places, [alias!]);
    // the next list: another building and room of the same compound, written the same wrong way
    expect(taught.match('云祥花园5号楼1单元101')).toMatchObject({ placed: true, buildingId: buildingIds['祥云一区/5号楼'], via: 'alias' });
    expect(taught.match('祥云一区5号楼1单元101')).toMatchObject({ placed: true, via: 'name' });
  });

  it('an address placed on a building of another number teaches that address only', () => {
    const alias = aliasFromPlacing('3号楼2单元301', { buildingId: buildingIds['锦园/3号楼'], buildingName: '3号楼', compoundId: compounds['锦园'] });
    expect(alias).toEqual({ text: '|3', buildingId: buildingIds['锦园/3号楼'] });
    const taught = addressIndexOf(places, [alias!]);
    expect(taught.match('3号楼1单元101')).toMatchObject({ placed: true, buildingId: buildingIds['锦园/3号楼'], via: 'alias' });
    expect(taught.match('4号楼1单元101')).toMatchObject({ placed: false, reason: 'ambiguous' });
  });
});
