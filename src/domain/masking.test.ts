import type { IdType } from './household';
import { maskIdNumber, maskName, maskPhone } from './masking';

describe('maskIdNumber', () => {
  it.each<[IdType, string, string]>([
    ['id_card', '11010519491231002X', '110105********002X'],
    ['passport', 'E12345678', 'E1*****78'],
    ['passport', 'E1234', 'E1*34'],
    ['other', 'H1234567', 'H1****67'],
    ['other', 'AB12', 'A**2'],
    ['other', 'ABC', 'A*C'],
    ['other', '', ''],
  ])('%s %s → %s', (idType, number, masked) => {
    expect(maskIdNumber(idType, number)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['12345', '12*45'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['阿卜杜拉·买买提', '阿*******'],
    [' 李四 ', '李*'],
    ['张', '张*'],
    ['𠮷野', '𠮷*'],
    ['', ''],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
