import { placeCodeFromParams, placeCodeFromScan, placeCodeFromText } from './placeCode';

describe('place codes from their wrappings', () => {
  it.each([
    ['code=ABC234', 'ABC234'],
    ['pages/report/index?scene=ABC234', 'ABC234'],
    ['pages/report/index?scene=code%3DABC234', 'ABC234'],
    ['http://127.0.0.1:8787/#/pages/report/index?code=ABC234', 'ABC234'],
    ['http://127.0.0.1:8787/q/ABC234', 'ABC234'],
    ['https://example.com/somewhere', null],
  ])('%s → %s', (text, code) => {
    expect(placeCodeFromText(text)).toBe(code);
  });

  it('reads the launch parameters of each entry', () => {
    expect(placeCodeFromParams({ scene: 'ABC234' })).toBe('ABC234');
    expect(placeCodeFromParams({ scene: encodeURIComponent('c=ABC234') })).toBe('ABC234');
    expect(placeCodeFromParams({ code: 'ABC234' })).toBe('ABC234');
    expect(placeCodeFromParams({ q: encodeURIComponent('https://x.example/q/ABC234') })).toBe('ABC234');
    expect(placeCodeFromParams({})).toBeNull();
  });

  it('reads a scan: the path of a mini-program code, else the text of a QR code', () => {
    expect(placeCodeFromScan({ path: 'pages/report/index?scene=ABC234', result: '' })).toBe('ABC234');
    expect(placeCodeFromScan({ result: 'http://host/q/ABC234' })).toBe('ABC234');
    expect(placeCodeFromScan({ result: ' ABC234 ' })).toBe('ABC234');
    expect(placeCodeFromScan({ result: '' })).toBeNull();
  });
});
