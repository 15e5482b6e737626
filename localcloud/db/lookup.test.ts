/**
 * `$lookup` in the store's aggregate: both of CloudBase's forms agree with mingo's own `$lookup`
 * (which reads whole collections), and are answered through the planner — no full scan of the
 * joined collection — directly and through the real wx-server-sdk.
 */
import { Aggregator } from 'mingo';
import 'mingo/init/system';
import type { CollectionDecl } from '../../cloudfunctions/common/collections';
import { openHarness, rng, TEST_COLLECTIONS, type Harness } from './harness';
import type { Doc, DocumentStore } from './store';

/** The test collections, with households found by owner as the app declares them. */
const COLLECTIONS: CollectionDecl[] = TEST_COLLECTIONS.map((c) =>
  c.name === 'households' ? { ...c, indexes: [...c.indexes, { name: 'owner', fields: [['ownerOpenids', 1]] }] } : c,
);

let h: Harness;
let store: DocumentStore;
const random = rng(7);

const places: Doc[] = [
  { _id: 'st', level: 'street', path: ['st'], code: 'ST' },
  { _id: 'cm', level: 'community', path: ['st', 'cm'], code: 'CM' },
  { _id: 'g1', level: 'grid', path: ['st', 'cm', 'g1'], code: 'G1' },
  { _id: 'g2', level: 'grid', path: ['st', 'cm', 'g2'], code: 'G2' },
  { _id: 'b1', level: 'building', path: ['st', 'cm', 'g1', 'b1'], code: 'B1', tag: 'x' },
  { _id: 'b2', level: 'building', path: ['st', 'cm', 'g2', 'b2'], code: 'B2' },
  { _id: 'b3', level: 'building', path: ['st', 'cm', 'g9', 'b3'], code: 'B3' },
];
const staff: Doc[] = [
  { _id: 'w1', openid: 'o1', scope: ['g1'], role: 'worker', active: true },
  { _id: 'w2', openid: 'o2', scope: ['g2', 'g1'], role: 'worker', active: false },
  { _id: 'a1', openid: 'o3', scope: ['cm'], role: 'admin', active: true },
  { _id: 'w3', openid: 'o4', scope: ['gx'], role: 'worker', active: true },
];

beforeAll(() => {
  h = openHarness({ collections: COLLECTIONS });
  store = h.store;
  store.insertMany('places', places);
  store.insertMany('staff', staff);
  const persons: Doc[] = Array.from({ length: 3000 }, (_, i) => ({
    _id: `p${String(i).padStart(4, '0')}`,
    id: { hash: `hash${i}` },
    placePath: places[4 + (i % 3)].path,
    status: random() < 0.1 ? 'isolated' : 'normal',
    householdId: `h${Math.floor(i / 3)}`,
  }));
  store.insertMany('persons', persons);
  store.insertMany(
    'households',
    Array.from({ length: 1000 }, (_, i) => ({ _id: `h${i}`, ownerOpenids: [`o_res_${i}`, ...(i % 7 === 0 ? [`o_fam_${i}`] : [])] })),
  );
});
afterAll(() => h.close());

/** mingo's answer: the whole `from` collection handed to its own `$lookup`. */
function reference(collection: string, pipeline: Doc[]): Doc[] {
  const all = (name: string) => (store.hasCollection(name) ? store.find(name, {}) : []);
  return new Aggregator(pipeline, { collectionResolver: all }).run(all(collection));
}

/** Result rows with each joined array sorted by `_id` (neither MongoDB nor the store promises an order there). */
function normalised(rows: Doc[], as: string[]): Doc[] {
  return rows.map((r) => {
    const out = { ...r };
    for (const a of as) if (Array.isArray(out[a])) out[a] = [...(out[a] as Doc[])].sort((x, y) => String(x._id).localeCompare(String(y._id)));
    return out;
  });
}

/** Plans made while `fn` runs, for `collection`. */
function plansDuring(collection: string, fn: () => void): string[] {
  const spy = jest.spyOn(store as unknown as { plan(cs: { name: string }, f: Doc, s: unknown): { kind: string; index?: { name: string } } }, 'plan');
  try {
    fn();
    return spy.mock.calls
      .map((call, i) => ({ name: call[0].name, plan: spy.mock.results[i].value as { kind: string; index?: { name: string } } }))
      .filter((c) => c.name === collection)
      .map((c) => (c.plan.kind === 'scan' ? 'scan' : c.plan.index!.name));
  } finally {
    spy.mockRestore();
  }
}

describe('localField / foreignField', () => {
  test('an array local field joins every element; an array foreign field matches any of its elements', () => {
    const pipeline = [
      { $match: { level: 'building' } },
      { $lookup: { from: 'places', localField: 'path', foreignField: '_id', as: 'chain' } },
      { $lookup: { from: 'staff', localField: 'path', foreignField: 'scope', as: 'staff' } },
    ];
    const got = normalised(store.aggregate('places', pipeline), ['chain', 'staff']);
    expect(got).toEqual(normalised(reference('places', pipeline), ['chain', 'staff']));
    const b1 = got.find((r) => r._id === 'b1')!;
    expect((b1.chain as Doc[]).map((p) => p._id)).toEqual(['b1', 'cm', 'g1', 'st']);
    expect((b1.staff as Doc[]).map((s) => s._id)).toEqual(['a1', 'w1', 'w2']);
  });

  test('joins through the primary key and the declared indexes', () => {
    const pipeline = [
      { $match: { _id: 'b1' } },
      { $lookup: { from: 'places', localField: 'path', foreignField: '_id', as: 'chain' } },
      { $lookup: { from: 'persons', localField: 'path', foreignField: 'placePath', as: 'persons' } },
    ];
    expect(plansDuring('places', () => store.aggregate('places', pipeline))).toEqual(['_id', '_id']);
    expect(plansDuring('persons', () => store.aggregate('places', pipeline))).toEqual(['path_status']);
  });

  test('a missing local value matches foreign documents without the field; a missing collection joins nothing', () => {
    const pipeline = [
      { $match: { _id: 'st' } },
      { $lookup: { from: 'places', localField: 'tag', foreignField: 'tag', as: 'untagged' } },
      { $lookup: { from: 'nowhere', localField: 'path', foreignField: '_id', as: 'none' } },
    ];
    const [row] = store.aggregate('places', pipeline);
    expect((row.untagged as Doc[]).map((p) => p._id).sort()).toEqual(['b2', 'b3', 'cm', 'g1', 'g2', 'st']);
    expect(normalised([row], ['untagged'])).toEqual(normalised(reference('places', pipeline), ['untagged']));
    expect(row.none).toEqual([]);
  });
});

describe('let / pipeline', () => {
  test('an uncorrelated pipeline runs once, through the index of its leading $match', () => {
    const pipeline = [
      { $match: { _id: { $in: ['b1', 'b2'] } } },
      { $lookup: { from: 'persons', pipeline: [{ $match: { _id: { $in: ['p0001', 'p0002', 'p2999', 'nobody'] } } }, { $limit: 4 }], as: 'persons' } },
      { $lookup: { from: 'households', pipeline: [{ $match: { ownerOpenids: 'o_fam_14' } }, { $limit: 1 }], as: 'own' } },
    ];
    let got: Doc[] = [];
    const plans = plansDuring('persons', () => {
      got = store.aggregate('places', pipeline);
    });
    expect(plans).toEqual(['_id']);
    expect(normalised(got, ['persons'])).toEqual(normalised(reference('places', pipeline), ['persons']));
    expect(got).toHaveLength(2);
    expect((got[0].own as Doc[]).map((d) => d._id)).toEqual(['h14']);
    expect(plansDuring('households', () => store.aggregate('places', pipeline))).toEqual(['owner']);
    // each row has its own copy of the joined documents
    (got[0].persons as Doc[])[0].status = 'changed';
    expect((got[1].persons as Doc[])[0].status).not.toBe('changed');
  });

  test('a correlated pipeline binds its variables per document and looks them up through the index', () => {
    const pipeline = [
      { $match: { level: 'building' } },
      {
        $lookup: {
          from: 'persons',
          let: { path: '$path', building: '$_id' },
          pipeline: [
            { $match: { $expr: { $and: [{ $in: ['$householdId', ['h1', 'h2', 'h500', 'h999']] }, { $eq: [{ $arrayElemAt: ['$placePath', 3] }, '$$building'] }] } } },
            { $project: { _id: 1, householdId: 1 } },
          ],
          as: 'persons',
        },
      },
      {
        $lookup: {
          from: 'staff',
          let: { grid: { $arrayElemAt: ['$path', 2] } },
          pipeline: [{ $match: { $expr: { $eq: ['$role', 'worker'] } } }],
          as: 'workers',
        },
      },
    ];
    const got = normalised(store.aggregate('places', pipeline), ['persons', 'workers']);
    expect(got).toEqual(normalised(reference('places', pipeline), ['persons', 'workers']));
    expect((got.find((r) => r._id === 'b1')!.persons as Doc[]).length).toBeGreaterThan(0);

    const keyed = [
      { $match: { _id: 'b2' } },
      { $lookup: { from: 'persons', let: { h: 'hash7' }, pipeline: [{ $match: { $expr: { $eq: ['$id.hash', '$$h'] } } }], as: 'persons' } },
    ];
    expect(plansDuring('persons', () => store.aggregate('places', keyed))).toEqual(['id_hash']);
    expect(store.aggregate('places', keyed)[0].persons).toEqual(reference('places', keyed)[0].persons);
    expect((store.aggregate('places', keyed)[0].persons as Doc[]).map((p) => p._id)).toEqual(['p0007']);
  });

  test('a variable holding a string that starts with $ stays a value', () => {
    store.insertMany('places', [{ _id: 'odd', level: 'building', path: ['$cm'], code: '$odd' }]);
    const pipeline = [
      { $match: { _id: 'odd' } },
      { $lookup: { from: 'places', let: { c: '$code' }, pipeline: [{ $match: { $expr: { $eq: ['$code', '$$c'] } } }], as: 'same' } },
    ];
    expect((store.aggregate('places', pipeline)[0].same as Doc[]).map((d) => d._id)).toEqual(['odd']);
  });
});

describe('through wx-server-sdk', () => {
  test('aggregate().match().lookup() with both forms, as report.submit reads a building', async () => {
    const _ = h.db.command;
    const $ = _.aggregate as unknown as { pipeline(): { match(q: object): { limit(n: number): { done(): object[] } } } };
    const res = (await h.db
      .collection('places')
      .aggregate()
      .match({ _id: 'b1' })
      .lookup({ from: 'places', localField: 'path', foreignField: '_id', as: 'chain' })
      .lookup({ from: 'staff', localField: 'path', foreignField: 'scope', as: 'staff' })
      .lookup({ from: 'persons', pipeline: $.pipeline().match({ _id: _.in(['p0003', 'p0004']) }).limit(2).done(), as: 'persons' })
      .lookup({ from: 'households', pipeline: $.pipeline().match({ ownerOpenids: 'o_res_5' }).limit(1).done(), as: 'own' })
      .limit(1)
      .end()) as { list: Doc[] };
    expect(res.list).toHaveLength(1);
    const [row] = res.list;
    expect((row.chain as Doc[]).map((p) => p._id).sort()).toEqual(['b1', 'cm', 'g1', 'st']);
    expect((row.staff as Doc[]).map((s) => s._id).sort()).toEqual(['a1', 'w1', 'w2']);
    expect((row.persons as Doc[]).map((p) => p._id).sort()).toEqual(['p0003', 'p0004']);
    expect((row.own as Doc[]).map((d) => d._id)).toEqual(['h5']);
  });
});
