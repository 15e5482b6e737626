/**
 * The real wx-server-sdk database API against the local store: documents, queries, limits,
 * multi-document writes, aggregation and errors.
 */
import { addOne, countOf, failure, getList, getOne, openHarness, type Database, type Harness } from './harness';

type Condition = Parameters<ReturnType<Database['collection']>['where']>[0];

let h: Harness;
beforeAll(() => {
  h = openHarness();
});
afterAll(() => h.close());

const day = (n: number): Date => new Date(Date.UTC(2024, 0, n));

describe('documents', () => {
  test('add, then doc().get() returns the document with Dates revived', async () => {
    const before = Date.now();
    const id = await addOne(h.db.collection('notes'), { title: 'a', due: day(3), at: h.db.serverDate(), nested: { when: day(4) } });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const doc = await getOne(h.db.collection('notes').doc(id));
    expect(doc).toMatchObject({ _id: id, title: 'a', due: day(3), nested: { when: day(4) } });
    expect(doc.at).toBeInstanceOf(Date);
    expect((doc.at as Date).getTime()).toBeGreaterThanOrEqual(before);
  });

  test('add with several documents returns every id', async () => {
    const res = (await h.db.collection('notes').add({ data: [{ n: 1 }, { n: 2 }] })) as unknown as { _ids: string[] };
    expect(res._ids).toHaveLength(2);
  });

  test('doc().set() replaces or creates; doc().update() applies operators; doc().remove() deletes', async () => {
    const col = h.db.collection('notes');
    const created = (await col.doc('set-me').set({ data: { a: 1, b: 2 } })) as { stats: { updated: number; created: number } };
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    const replaced = (await col.doc('set-me').set({ data: { c: 3 } })) as { stats: { updated: number; created: number } };
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect(await getOne(col.doc('set-me'))).toEqual({ _id: 'set-me', c: 3 });

    const _ = h.db.command;
    await col.doc('set-me').update({
      data: { c: _.inc(2), tags: _.push(['x', 'y']), 'profile.name': 'Li', extra: true, scores: [1, 2, 3] },
    });
    await col
      .doc('set-me')
      .update({ data: { extra: _.remove(), tags: _.addToSet('z'), scores: _.pull(_.gt(1)), profile: { city: 'SZ' } } });
    expect(await getOne(col.doc('set-me'))).toEqual({
      _id: 'set-me',
      c: 5,
      tags: ['x', 'y', 'z'],
      profile: { name: 'Li', city: 'SZ' },
      scores: [1],
    });

    const same = (await col.doc('set-me').update({ data: { c: 5 } })) as { stats: { updated: number } };
    expect(same.stats.updated).toBe(0);

    const removed = (await col.doc('set-me').remove({})) as { stats: { removed: number } };
    expect(removed.stats.removed).toBe(1);
    expect((await failure(col.doc('set-me').get())).message).toMatch(/does not exist/);
  });

  test('doc() with a number addresses the document whose id is that number as text', async () => {
    await h.db
      .collection('notes')
      .doc(42)
      .set({ data: { n: 42 } });
    expect(await getOne(h.db.collection('notes').doc(42))).toEqual({ _id: '42', n: 42 });
    await h.db
      .collection('notes')
      .doc(42)
      .update({ data: { n: 43 } });
    expect((await getOne(h.db.collection('notes').doc('42'))).n).toBe(43);
  });

  test('a duplicate _id is rejected like CloudBase rejects it', async () => {
    await addOne(h.db.collection('notes'), { _id: 'dup', v: 1 });
    const e = await failure(h.db.collection('notes').add({ data: { _id: 'dup', v: 2 } }));
    expect(e.errCode).toBe(-502001);
    expect(e.message).toMatch(/duplicate key/);
    expect((await getOne(h.db.collection('notes').doc('dup'))).v).toBe(1);
  });

  test('a unique index rejects a second document with the same key, on add and on update', async () => {
    const staff = h.db.collection('staff');
    await addOne(staff, { _id: 's1', openid: 'o-1', role: 'grid' });
    await addOne(staff, { _id: 's2', openid: 'o-2', role: 'grid' });
    const onAdd = await failure(staff.add({ data: { openid: 'o-1' } }));
    expect(onAdd.message).toMatch(/duplicate key.*index: openid/);
    const onUpdate = await failure(staff.doc('s2').update({ data: { openid: 'o-1' } }));
    expect(onUpdate.errCode).toBe(-502001);
    expect((await getOne(staff.doc('s2'))).openid).toBe('o-2');
  });

  test('a collection that was never created cannot be read', async () => {
    const e = await failure(h.db.collection('never_created').get());
    expect(e.errCode).toBe(-502005);
    await h.db.createCollection('never_created');
    expect(await getList(h.db.collection('never_created'))).toEqual([]);
  });
});

describe('queries', () => {
  beforeAll(async () => {
    const people = [
      { _id: 'p1', name: 'Alice', age: 31, city: 'Shenzhen', joined: day(1), tags: ['admin', 'grid'], profile: { level: 3 } },
      { _id: 'p2', name: 'bob', age: 25, city: 'Guangzhou', joined: day(5), tags: ['grid'], profile: { level: 1 } },
      { _id: 'p3', name: 'Carol', age: 42, city: 'Shenzhen', joined: day(9), tags: [], nickname: 'C' },
      { _id: 'p4', name: 'dave', age: 25, city: 'Foshan', joined: day(12), tags: ['resident'], profile: { level: 2 } },
      { _id: 'p5', name: 'Eve', age: 58, city: 'Guangzhou', joined: day(20), tags: ['grid', 'resident'] },
    ];
    await h.db.collection('people').add({ data: people });
  });

  const ids = (docs: Array<Record<string, unknown>>): unknown[] => docs.map((d) => d._id).sort();
  const where = (cond: Condition): Promise<Array<Record<string, unknown>>> => getList(h.db.collection('people').where(cond));

  test('comparison commands on numbers and Dates', async () => {
    const _ = h.db.command;
    expect(ids(await where({ city: _.in(['Foshan', 'Guangzhou']) }))).toEqual(['p2', 'p4', 'p5']);
    expect(ids(await where({ city: _.neq('Shenzhen') }))).toEqual(['p2', 'p4', 'p5']);
    expect(ids(await where({ city: _.nin(['Shenzhen', 'Foshan']) }))).toEqual(['p2', 'p5']);
    expect(ids(await where({ age: _.gt(25).and(_.lt(50)) }))).toEqual(['p1', 'p3']);
    expect(ids(await where({ age: _.gte(42) }))).toEqual(['p3', 'p5']);
    expect(ids(await where({ joined: _.gte(day(5)).and(_.lt(day(12))) }))).toEqual(['p2', 'p3']);
    expect(ids(await where({ joined: _.lte(day(1)) }))).toEqual(['p1']);
  });

  test('logic, existence, regular expressions, nested fields and array membership', async () => {
    const _ = h.db.command;
    expect(ids(await where(_.or([{ age: 25 }, { city: 'Shenzhen' }])))).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(ids(await where({ age: _.or(_.lt(30), _.gt(50)) }))).toEqual(['p2', 'p4', 'p5']);
    expect(ids(await where(_.and([{ city: 'Guangzhou' }, { age: _.gt(30) }])))).toEqual(['p5']);
    expect(ids(await where({ nickname: _.exists(true) }))).toEqual(['p3']);
    expect(ids(await where({ profile: _.exists(false) }))).toEqual(['p3', 'p5']);
    expect(ids(await where({ name: /^[a-c]/ }))).toEqual(['p2']);
    expect(ids(await where({ name: h.db.RegExp({ regexp: '^[a-c]', options: 'i' }) }))).toEqual(['p1', 'p2', 'p3']);
    expect(ids(await where({ profile: { level: 3 } }))).toEqual(['p1']);
    expect(ids(await where({ 'profile.level': _.gte(2) }))).toEqual(['p1', 'p4']);
    expect(ids(await where({ tags: 'grid' }))).toEqual(['p1', 'p2', 'p5']);
    expect(ids(await where({ tags: _.all(['grid', 'resident']) }))).toEqual(['p5']);
    expect(ids(await where({ tags: _.size(0) }))).toEqual(['p3']);
  });

  test('orderBy on two fields, skip, limit, field projection and count', async () => {
    const people = h.db.collection('people');
    const sorted = await getList(people.where({}).orderBy('age', 'asc').orderBy('name', 'desc'));
    expect(sorted.map((d) => d._id)).toEqual(['p4', 'p2', 'p1', 'p3', 'p5']);
    const page = await getList(people.orderBy('age', 'desc').skip(1).limit(2));
    expect(page.map((d) => d._id)).toEqual(['p3', 'p1']);
    const picked = await getList(people.where({ _id: 'p1' }).field({ name: true, 'profile.level': true }));
    expect(picked).toEqual([{ _id: 'p1', name: 'Alice', profile: { level: 3 } }]);
    const dropped = await getList(people.where({ _id: 'p2' }).field({ tags: false, joined: false, profile: false }));
    expect(dropped).toEqual([{ _id: 'p2', name: 'bob', age: 25, city: 'Guangzhou' }]);
    expect(await getOne(people.doc('p4').field({ city: true }))).toEqual({ _id: 'p4', city: 'Foshan' });
    expect(await countOf(people.where({ city: 'Guangzhou' }))).toBe(2);
  });

  test('where().update() and where().remove() affect every match', async () => {
    const _ = h.db.command;
    await h.db.collection('batch').add({ data: [1, 2, 3, 4].map((n) => ({ n, kind: n % 2 === 0 ? 'even' : 'odd' })) });
    const updated = (await h.db
      .collection('batch')
      .where({ kind: 'even' })
      .update({ data: { seen: true, n: _.mul(10) } })) as {
      stats: { updated: number };
    };
    expect(updated.stats.updated).toBe(2);
    const evens = await getList(h.db.collection('batch').where({ seen: true }).orderBy('n', 'asc'));
    expect(evens.map((d) => d.n)).toEqual([20, 40]);
    const removed = (await h.db.collection('batch').where({ kind: 'odd' }).remove()) as { stats: { removed: number } };
    expect(removed.stats.removed).toBe(2);
    expect(await countOf(h.db.collection('batch').where({}))).toBe(2);
  });

  test('aggregate: match, group, sort, limit, count', async () => {
    const $ = h.db.command.aggregate;
    const _ = h.db.command;
    const byCity = (await h.db
      .collection('people')
      .aggregate()
      .match({ age: _.gte(25) })
      .group({ _id: '$city', people: $.sum(1), oldest: $.max('$age') })
      .sort({ people: -1, _id: 1 })
      .limit(2)
      .end()) as { list: unknown[] };
    expect(byCity.list).toEqual([
      { _id: 'Guangzhou', people: 2, oldest: 58 },
      { _id: 'Shenzhen', people: 2, oldest: 42 },
    ]);
    const counted = (await h.db.collection('people').aggregate().match({ city: 'Shenzhen' }).count('n').end()) as { list: unknown[] };
    expect(counted.list).toEqual([{ n: 2 }]);
  });
});

describe('CloudBase limits', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1001 }, (_, i) => ({ i }));
    await h.db.collection('many').add({ data: docs });
  });

  test('get() returns 100 without a limit and at most 1000 with one; count() is exact', async () => {
    expect(await getList(h.db.collection('many'))).toHaveLength(100);
    expect(await getList(h.db.collection('many').limit(5000))).toHaveLength(1000);
    expect(await getList(h.db.collection('many').skip(1000).limit(5000))).toHaveLength(1);
    expect(await countOf(h.db.collection('many').where({}))).toBe(1001);
  });

  test('aggregate returns 20 rows without a $limit stage', async () => {
    const res = (await h.db.collection('many').aggregate().match({}).end()) as { list: unknown[] };
    expect(res.list).toHaveLength(20);
    const limited = (await h.db.collection('many').aggregate().match({}).limit(300).end()) as { list: unknown[] };
    expect(limited.list).toHaveLength(300);
  });
});
