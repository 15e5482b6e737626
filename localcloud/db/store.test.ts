/**
 * The store on its own: index selection and SQL pushdown, agreement with a brute-force matcher,
 * type-stable keys, multikey rules, unique indexes, index maintenance and rebuilds, persistence.
 */
import { rmSync } from 'fs';
import { Query } from 'mingo';
import { join } from 'path';
import { COLLECTIONS, type CollectionDecl } from '../../cloudfunctions/common/collections';
import { TEST_COLLECTIONS, rng, tempDir } from './harness';
import { DocumentStore, type Doc, type SortSpec } from './store';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened = 0;
const open = (collections: readonly CollectionDecl[] = TEST_COLLECTIONS, file = join(dir, `s${++opened}.sqlite`)): DocumentStore =>
  new DocumentStore({ file, collections });

const day = (n: number): Date => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000);
const ids = (docs: Doc[]): unknown[] => docs.map((d) => d._id);

const PATHS = [
  ['s1', 'c1', 'g1', 'b1'],
  ['s1', 'c1', 'g1', 'b2'],
  ['s1', 'c1', 'g2', 'b3'],
  ['s1', 'c2', 'g3', 'b4'],
  ['s2', 'c3', 'g4', 'b5'],
];

/** Queue items with deliberately mixed types and missing fields. */
function queueItems(n: number, random: () => number): Doc[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const doc: Doc = { _id: `q${String(i).padStart(5, '0')}` };
    const path = pick([...PATHS, null, 'g1']);
    if (path !== null) doc.placePath = path;
    const status = pick(['open', 'open', 'open', 'done', 'claimed', 1, true, undefined]);
    if (status !== undefined) doc.status = status;
    const priority = pick([0, 1, 2, 2.5, '1', undefined]);
    if (priority !== undefined) doc.priority = priority;
    if (random() < 0.9) doc.dueAt = day(Math.floor(random() * 60));
    doc.householdId = pick(['h1', 'h2', 'h3', 'h4']);
    doc.kind = pick(['report', 'visit']);
    doc.refId = `r${Math.floor(random() * 50)}`;
    return doc;
  });
}

describe('planning', () => {
  let store: DocumentStore;
  beforeAll(() => {
    store = open();
    store.insertMany('queue_items', queueItems(600, rng(1)));
  });
  afterAll(() => store.close());

  test('multikey placePath + status sorted by priority, dueAt: index seek, ORDER BY and LIMIT in SQL', () => {
    const plan = store.explain('queue_items', { placePath: 'g1', status: 'open' }, { priority: 1, dueAt: 1 });
    expect(plan).toMatchObject({ index: 'path_status_priority_due', exact: true, pushdown: true });
    expect(plan.sql.join('\n')).toMatch(/SEARCH x:queue_items:path_status_priority_due USING PRIMARY KEY \(k0=\? AND k1=\?\)/);
    expect(plan.sql.join('\n')).not.toMatch(/TEMP B-TREE/);
    // The same order read backwards is still an index walk.
    expect(store.explain('queue_items', { placePath: 'g1', status: 'open' }, { priority: -1, dueAt: -1 }).sql.join('\n')).not.toMatch(
      /TEMP B-TREE/,
    );
  });

  test('a range on the next index field is part of the seek', () => {
    const plan = store.explain('queue_items', { placePath: 'g2', status: 'open', priority: { $gte: 1 } }, { priority: 1 });
    expect(plan).toMatchObject({ index: 'path_status_priority_due', exact: true, pushdown: true });
    expect(plan.sql.join('\n')).toMatch(/k0=\? AND k1=\? AND k2>\? AND k2<\?/);
  });

  test('a range written as two $and branches (the SDK\'s `_.gte(a).and(_.lt(b))`) is one exact range', () => {
    const byDue = { placePath: 'g1', $and: [{ priority: { $gte: 1 } }, { priority: { $lt: 2 } }] };
    expect(store.explain('queue_items', { ...byDue, status: 'open' })).toMatchObject({ index: 'path_status_priority_due', exact: true });
    const expected = store.find('queue_items', { placePath: 'g1', status: 'open', priority: { $gte: 1, $lt: 2 } }).map((d) => d._id);
    expect(ids(store.find('queue_items', { ...byDue, status: 'open' }))).toEqual(expected);
    expect(store.count('queue_items', { ...byDue, status: 'open' })).toBe(expected.length);
    // two lower bounds are not a range: the matcher checks both
    expect(store.explain('queue_items', { placePath: 'g1', status: 'open', $and: [{ priority: { $gte: 1 } }, { priority: { $gt: 0 } }] })).toMatchObject({ exact: false });
  });

  test('conditions outside the index are checked by the matcher, not pushed down', () => {
    expect(store.explain('queue_items', { placePath: 'g1', status: 'open', kind: 'visit' })).toMatchObject({
      index: 'path_status_priority_due',
      exact: false,
      pushdown: false,
    });
    expect(store.explain('queue_items', { status: { $ne: 'done' } })).toMatchObject({ index: 'scan' });
    expect(store.explain('queue_items', { _id: 'q00001' })).toMatchObject({ index: '_id', exact: true });
    expect(store.explain('queue_items', { refId: 'r1', kind: 'report' })).toMatchObject({ index: 'ref', exact: true });
  });

  test('keyset paging by _id inside an index prefix stays in SQL', () => {
    const plan = store.explain('queue_items', { householdId: 'h1', kind: 'report', status: 'open', _id: { $gt: 'q00100' } }, { _id: 1 });
    expect(plan).toMatchObject({ index: 'household_kind_status', exact: true, pushdown: true });
    expect(plan.sql.join('\n')).not.toMatch(/TEMP B-TREE/);
    const page = store.find(
      'queue_items',
      { householdId: 'h1', kind: 'report', status: 'open', _id: { $gt: 'q00100' } },
      { sort: { _id: 1 }, limit: 5 },
    );
    expect(page.map((d) => d._id as string).every((id) => id > 'q00100')).toBe(true);
  });

  test('a batch read by `_id in` 1,000 ids (a CloudBase page) is a primary-key lookup and returns exactly those', () => {
    const wanted = Array.from({ length: 1000 }, (_, i) => `q${String(i * 2).padStart(5, '0')}`); // half of them exist
    expect(store.explain('queue_items', { _id: { $in: wanted } })).toMatchObject({ index: '_id', exact: true });
    const found = store.find('queue_items', { _id: { $in: wanted } }, { limit: 1000 });
    expect(found.map((d) => d._id).sort()).toEqual(wanted.filter((id) => Number(id.slice(1)) < 600));
  });

  test('every query agrees with a brute-force matcher (random queries, mixed types, arrays)', () => {
    const all = store.find('queue_items', {});
    expect(all).toHaveLength(600);
    const random = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const conditions: Array<() => [string, unknown]> = [
      () => ['placePath', pick(['s1', 'c1', 'g1', 'g2', 'b5', 'nowhere'])],
      () => ['placePath', { $in: [pick(['g1', 'g3']), pick(['b2', 'c3'])] }],
      () => ['status', pick(['open', 'done', 1, true])],
      () => ['status', { $in: ['open', 'claimed'] }],
      () => ['status', { $ne: 'open' }],
      () => ['priority', pick([0, 1, 2, '1'])],
      () => ['priority', { $gte: pick([0, 1, 2]), $lt: pick([2, 3]) }],
      () => ['priority', { $gt: pick([0, 1]) }],
      () => ['dueAt', { $lt: day(pick([10, 30, 50])) }],
      () => ['dueAt', { $gte: day(pick([5, 20])), $lte: day(pick([25, 45])) }],
      () => ['householdId', pick(['h1', 'h2'])],
      () => ['kind', pick(['report', 'visit'])],
      () => ['refId', { $in: ['r1', 'r2', 'r3'] }],
      () => ['_id', { $gt: `q0${pick(['05', '10', '20'])}00` }],
    ];
    const sortFields = ['priority', 'dueAt', 'status', 'householdId', 'kind'];
    let pushedDown = 0;
    for (let round = 0; round < 300; round++) {
      const filter: Doc = {};
      const sort: SortSpec = {};
      if (round % 2 === 0) {
        // Queue-shaped: what the index serves, so these mostly run in SQL.
        filter.placePath = pick(['s1', 'c1', 'g1', 'g2', 'b5', 'nowhere']);
        filter.status = pick(['open', 'done', 1, true, { $in: ['open', 'claimed'] }]);
        if (random() < 0.5) filter.priority = pick([0, 1, '1', { $gte: 1 }, { $gte: 0, $lt: 2 }]);
        else if (random() < 0.5) filter.dueAt = { $lt: day(pick([10, 30, 50])) };
        if (random() < 0.7) {
          const dir = random() < 0.5 ? 1 : -1;
          sort.priority = dir;
          if (random() < 0.7) sort.dueAt = dir;
        }
      } else {
        const n = 1 + Math.floor(random() * 4);
        for (let i = 0; i < n; i++) {
          const [field, cond] = pick(conditions)();
          filter[field] = cond;
        }
        for (const f of sortFields) if (random() < 0.3) sort[f] = random() < 0.5 ? 1 : -1;
      }
      sort._id = random() < 0.5 ? 1 : -1; // a total order, so both sides must agree exactly
      const skip = pick([0, 0, 3, 25]);
      const limit = pick([undefined, 1, 10, 50]);

      let cursor = new Query(filter).find<Doc>(all).sort(sort).skip(skip);
      if (limit !== undefined) cursor = cursor.limit(limit);
      const expected = ids(cursor.all());
      const context = JSON.stringify({ filter, sort, skip, limit });
      expect({ context, got: ids(store.find('queue_items', filter, { sort, skip, limit })) }).toEqual({ context, got: expected });
      expect({ context, count: store.count('queue_items', filter) }).toEqual({ context, count: new Query(filter).find(all).count() });
      if (store.explain('queue_items', filter, sort).pushdown) pushedDown++;
    }
    // The comparison must have exercised the SQL path, not only the matcher.
    expect(pushedDown).toBeGreaterThan(50);
  });
});

describe('index keys and maintenance', () => {
  test('keys are type-stable: a string, a number, a boolean and a Date never match each other', () => {
    const store = open();
    const when = day(3);
    store.insertMany('staff', [
      { _id: 'a', openid: 'oa', scope: '1', role: 'x', active: true },
      { _id: 'b', openid: 'ob', scope: 1, role: 'x', active: 1 },
      { _id: 'c', openid: 'oc', scope: true, role: 'x', active: 'true' },
      { _id: 'd', openid: 'od', scope: when, role: 'x', active: true },
    ]);
    for (const [scope, id] of [
      ['1', 'a'],
      [1, 'b'],
      [true, 'c'],
      [new Date(when.getTime()), 'd'],
    ] as const) {
      expect(store.explain('staff', { scope, role: 'x' })).toMatchObject({ index: 'scope_role_active', exact: true });
      expect(ids(store.find('staff', { scope, role: 'x' }))).toEqual([id]);
      expect(store.count('staff', { scope, role: 'x' })).toBe(1);
    }
    expect(ids(store.find('staff', { scope: { $gte: 0 }, role: 'x' }))).toEqual(['b']);
    expect(ids(store.find('staff', { scope: { $lte: new Date(when.getTime() + 1) }, role: 'x' }))).toEqual(['d']);
    expect(ids(store.find('staff', { scope: { $in: ['1', 1] }, role: 'x', active: { $in: [true, 1] } }, { sort: { _id: 1 } }))).toEqual([
      'a',
      'b',
    ]);
    store.close();
  });

  test('updates and removals keep every index in step with the documents', () => {
    const store = open();
    store.insertMany('queue_items', [
      { _id: 'x1', placePath: ['s1', 'g1'], status: 'open', priority: 1, dueAt: day(1) },
      { _id: 'x2', placePath: ['s1', 'g1'], status: 'open', priority: 0, dueAt: day(2) },
    ]);
    const openInG1 = (): unknown[] =>
      ids(store.find('queue_items', { placePath: 'g1', status: 'open' }, { sort: { priority: 1, dueAt: 1 } }));
    expect(openInG1()).toEqual(['x2', 'x1']);
    expect(store.updateMany('queue_items', { _id: 'x2' }, { $set: { status: 'done' } })).toEqual({ matched: 1, modified: 1 });
    expect(openInG1()).toEqual(['x1']);
    store.updateMany('queue_items', { _id: 'x1' }, { $set: { placePath: ['s1', 'g2'] } });
    expect(openInG1()).toEqual([]);
    expect(ids(store.find('queue_items', { placePath: 'g2', status: 'open' }))).toEqual(['x1']);
    expect(store.replaceOne('queue_items', 'x2', { placePath: ['g1'], status: 'open', priority: 5 })).toMatchObject({ modified: 1 });
    expect(openInG1()).toEqual(['x2']);
    expect(store.deleteMany('queue_items', { placePath: 's1' })).toBe(1);
    expect(store.count('queue_items', { placePath: 'g2', status: 'open' })).toBe(0);
    expect(store.count('queue_items', { placePath: 'g1', status: 'open' })).toBe(1);
    store.close();
  });

  test('two array fields in one index are refused (MongoDB: cannot index parallel arrays)', () => {
    const store = open();
    expect(() => store.insertMany('households', [{ ownerOpenids: ['a'], placePath: ['p'], updatedAt: day(1) }])).not.toThrow();
    expect(() => store.insertMany('persons', [{ placePath: ['p', 'q'], status: ['x', 'y'] }])).toThrow(/parallel arrays/);
    store.close();
  });

  test('unique indexes treat a missing field as null, as MongoDB does', () => {
    const store = open();
    store.insertMany('persons', [{ _id: 'p1', id: { hash: 'h1' } }, { _id: 'p2' }]);
    expect(() => store.insertMany('persons', [{ _id: 'p3', id: { hash: 'h1' } }])).toThrow(/duplicate key.*index: id_hash/);
    expect(() => store.insertMany('persons', [{ _id: 'p4' }])).toThrow(/duplicate key/);
    expect(() => store.updateMany('persons', { _id: 'p2' }, { $set: { 'id.hash': 'h1' } })).toThrow(/duplicate key/);
    store.updateMany('persons', { _id: 'p2' }, { $set: { 'id.hash': 'h2' } });
    expect(ids(store.find('persons', { 'id.hash': 'h2' }))).toEqual(['p2']);
    store.close();
  });

  test('ids are strings: a numeric _id is refused, and a numeric lookup matches nothing', () => {
    const store = open();
    expect(() => store.insertMany('notes', [{ _id: 7 }])).toThrow(/_id must be a non-empty string/);
    store.insertMany('notes', [{ _id: '7', v: 'text' }]);
    expect(store.explain('notes', { _id: 7 })).toMatchObject({ index: '_id', exact: false });
    expect(store.find('notes', { _id: 7 })).toEqual([]);
    expect(store.find('notes', { _id: '7' })).toEqual([{ _id: '7', v: 'text' }]);
    store.close();
  });

  test('insertMany is all or nothing', () => {
    const store = open();
    store.insertMany('places', [{ _id: 'a', code: 'A' }]);
    expect(() =>
      store.insertMany('places', [
        { _id: 'b', code: 'B' },
        { _id: 'a', code: 'C' },
      ]),
    ).toThrow(/duplicate key.*_id_/);
    expect(store.count('places')).toBe(1);
    store.close();
  });
});

describe('persistence', () => {
  test('documents, dates and multikey flags survive reopening; a changed index declaration is rebuilt', () => {
    const file = join(dir, 'reopen.sqlite');
    const first = open(TEST_COLLECTIONS, file);
    first.insertMany('reports', [
      { _id: 'r1', householdId: 'h1', placePath: ['g1', 'b1'], createdAt: day(1), body: { text: 'hi', at: day(2) } },
      { _id: 'r2', householdId: 'h1', placePath: ['g1', 'b2'], createdAt: day(3) },
      { _id: 'r3', householdId: 'h2', placePath: ['g2', 'b3'], createdAt: day(2) },
    ]);
    first.close();

    const second = open(TEST_COLLECTIONS, file);
    expect(second.find('reports', { _id: 'r1' })[0]).toEqual({
      _id: 'r1',
      householdId: 'h1',
      placePath: ['g1', 'b1'],
      createdAt: day(1),
      body: { text: 'hi', at: day(2) },
    });
    // placePath is known to be multikey: sorting by it cannot be pushed into SQL.
    expect(second.explain('reports', { placePath: 'g1' }, { createdAt: -1 })).toMatchObject({ index: 'path_created', pushdown: true });
    expect(second.explain('reports', { householdId: 'h1' }, { placePath: 1 })).toMatchObject({ pushdown: false });
    second.close();

    const redeclared: CollectionDecl[] = [{ name: 'reports', indexes: [{ name: 'by_day', fields: [['createdAt', 1]] }] }];
    const third = open(redeclared, file);
    expect(third.explain('reports', { createdAt: { $gte: day(2) } }, { createdAt: 1 })).toMatchObject({ index: 'by_day', pushdown: true });
    expect(ids(third.find('reports', { createdAt: { $gte: day(2) } }, { sort: { createdAt: 1 } }))).toEqual(['r3', 'r2']);
    expect(third.explain('reports', { householdId: 'h1' })).toMatchObject({ index: 'scan' });
    third.close();
  });
});

describe("the app's declarations", () => {
  test('every declared collection opens and every declared index serves its own fields', () => {
    const store = open(COLLECTIONS);
    for (const decl of COLLECTIONS) {
      expect(store.hasCollection(decl.name)).toBe(true);
      for (const ix of decl.indexes) {
        const filter = Object.fromEntries(ix.fields.map(([path]) => [path, 'x']));
        const plan = store.explain(decl.name, filter);
        // (Another index over the same leading fields may win the tie; a scan or a matcher pass may not.)
        const seen = { collection: decl.name, index: ix.name, indexed: plan.index !== 'scan', exact: plan.exact };
        expect(seen).toEqual({ collection: decl.name, index: ix.name, indexed: true, exact: true });
      }
    }
    store.close();
  });
});
