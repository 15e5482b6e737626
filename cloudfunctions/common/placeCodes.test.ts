/** A code rotated away is never given to a new place: an old poster must not open a place it was not printed for. */
import { getDb } from './cloud';
import { Collections } from './collections';
import { rows } from './db';
import { insertPlace, insertPlaces, placeIdFor } from './placeCodes';
import type { Place } from '../../src/domain/places';
import type { RetiredCodeDoc } from '../../src/domain/posters';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

async function retire(code: string): Promise<void> {
  const doc: RetiredCodeDoc = { _id: code, placeId: 'pl_gone', level: 'building', replacedBy: 'ZZZZZZ', retiredAt: new Date(), retiredByStaffId: 's_x' };
  await getDb().collection(Collections.retiredCodes).add({ data: doc });
}

function building(name: string, code: string): Place {
  const gridId = t.cloud.demo!.gridIds[0];
  const id = placeIdFor(gridId, 'building', name);
  return { _id: id, level: 'building', name, parentId: gridId, path: [gridId, id], code, gridId, units: [{ name: '1单元', floors: 2, roomsPerFloor: 2 }] };
}

it('draws again when a new place (batch or single) drew a retired code', async () => {
  await retire('RTRD01');
  await retire('RTRD02');
  expect(await insertPlaces(getDb(), [building('旧码楼甲', 'RTRD01'), building('新码楼', 'NEWC03')])).toBe(2);
  expect(await insertPlace(getDb(), building('旧码楼乙', 'RTRD02'))).toBe(true);
  const stored = await rows<Place>(getDb().collection(Collections.places).where({ name: getDb().command.in(['旧码楼甲', '旧码楼乙', '新码楼']) }));
  const codes = Object.fromEntries(stored.map((p) => [p.name, p.code]));
  expect(codes['新码楼']).toBe('NEWC03');
  expect(codes['旧码楼甲']).toMatch(/^[A-Z0-9]{6}$/);
  expect(codes['旧码楼甲']).not.toBe('RTRD01');
  expect(codes['旧码楼乙']).not.toBe('RTRD02');
});
