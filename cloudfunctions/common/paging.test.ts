import { getDb } from './cloud';
import { rows } from './db';
import { fetchAll, forEachPage } from './paging';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

describe('paging', () => {
  it('returns all 1,001 of 1,001 matching documents where a plain get would stop at 100 or 1,000', async () => {
    const db = getDb();
    const coll = 'paging_probe';
    for (let i = 0; i < 1001; i++) {
      await db.collection(coll).add({ data: { _id: `d${String(i).padStart(5, '0')}`, group: 'a', n: i } });
    }
    await db.collection(coll).add({ data: { _id: 'other', group: 'b', n: -1 } });

    expect(await rows(db.collection(coll).where({ group: 'a' }))).toHaveLength(100);
    expect(await rows(db.collection(coll).where({ group: 'a' }).limit(5000))).toHaveLength(1000);

    const all = await fetchAll<{ _id: string; n: number }>(db, coll, { group: 'a' });
    expect(all).toHaveLength(1001);
    expect(new Set(all.map((d) => d.n)).size).toBe(1001);

    const pages: number[] = [];
    await forEachPage(db, coll, { group: 'a' }, 300, async (page) => {
      pages.push(page.length);
    });
    expect(pages).toEqual([300, 300, 300, 101]);
  });
});
