/**
 * Transactions through the real SDK: runTransaction commit and rollback, startTransaction,
 * isolation of uncommitted writes, and optimistic conflicts answered by the SDK's retry loop.
 */
import { countOf, failure, getList, getOne, openHarness, type Database, type Harness } from './harness';

/** The transaction object wx-server-sdk passes to runTransaction callbacks / returns from startTransaction. */
interface Tx {
  collection(name: string): ReturnType<Database['collection']>;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

let h: Harness;
beforeAll(() => {
  h = openHarness();
});
afterAll(() => h.close());

const run = <T>(fn: (t: Tx) => Promise<T>): Promise<T> => h.db.runTransaction(fn) as Promise<T>;
const balance = async (id: string): Promise<unknown> => (await getOne(h.db.collection('accounts').doc(id))).balance;

beforeEach(async () => {
  await h.db
    .collection('accounts')
    .doc('a')
    .set({ data: { owner: 'x', balance: 100 } });
  await h.db
    .collection('accounts')
    .doc('b')
    .set({ data: { owner: 'y', balance: 0 } });
});

test('runTransaction commits every write at once and returns the callback result', async () => {
  const transfersBefore = h.store.hasCollection('transfers') ? await countOf(h.db.collection('transfers').where({})) : 0;
  const result = await run(async (t) => {
    const a = await getOne(t.collection('accounts').doc('a'));
    await t
      .collection('accounts')
      .doc('a')
      .update({ data: { balance: (a.balance as number) - 30 } });
    await t
      .collection('accounts')
      .doc('b')
      .update({ data: { balance: h.db.command.inc(30) } });
    await t.collection('transfers').add({ data: { from: 'a', to: 'b', amount: 30 } });
    return 'done';
  });
  expect(result).toBe('done');
  expect(await balance('a')).toBe(70);
  expect(await balance('b')).toBe(30);
  expect(await countOf(h.db.collection('transfers').where({}))).toBe(transfersBefore + 1);
});

test('an error thrown inside runTransaction leaves nothing written', async () => {
  const e = await failure(
    run(async (t) => {
      await t
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: 0 } });
      await t
        .collection('accounts')
        .doc('new')
        .set({ data: { balance: 5 } });
      await t.collection('accounts').doc('b').remove({});
      await t.collection('accounts').add({ data: { owner: 'z', balance: 1 } });
      throw new Error('insufficient funds');
    }),
  );
  expect(e.message).toBe('insufficient funds');
  expect(await balance('a')).toBe(100);
  expect(await balance('b')).toBe(0);
  expect(await getList(h.db.collection('accounts').where({ owner: 'z' }))).toEqual([]);
  expect((await failure(h.db.collection('accounts').doc('new').get())).message).toMatch(/does not exist/);
});

test('reading a missing document inside a transaction fails it and rolls it back', async () => {
  await failure(
    run(async (t) => {
      await t
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: 1 } });
      await t.collection('accounts').doc('missing').get();
    }),
  );
  expect(await balance('a')).toBe(100);
});

test('startTransaction: writes are invisible outside until commit, visible inside', async () => {
  const t = (await h.db.startTransaction()) as Tx;
  await t
    .collection('accounts')
    .doc('a')
    .update({ data: { balance: 1 } });
  const added = (await t.collection('accounts').add({ data: { owner: 'x', balance: 9 } })) as { _id: string };

  expect(await balance('a')).toBe(100);
  expect((await failure(h.db.collection('accounts').doc(added._id).get())).message).toMatch(/does not exist/);
  expect((await getOne(t.collection('accounts').doc('a'))).balance).toBe(1);
  const mine = await getList(t.collection('accounts').where({ owner: 'x' }).orderBy('balance', 'asc'));
  expect(mine.map((d) => d.balance)).toEqual([1, 9]);

  await t.commit();
  expect(await balance('a')).toBe(1);
  expect(await balance(added._id)).toBe(9);
});

test('startTransaction: rollback discards the writes and ends the transaction', async () => {
  const t = (await h.db.startTransaction()) as Tx;
  await t
    .collection('accounts')
    .doc('b')
    .update({ data: { balance: 500 } });
  await t.rollback();
  expect(await balance('b')).toBe(0);
  await expect(t.collection('accounts').doc('b').get()).rejects.toThrow(/transaction \w+ does not exist/);
});

test('concurrent read-modify-write transactions do not lose updates (conflicts are retried)', async () => {
  let attempts = 0;
  const increment = (): Promise<void> =>
    run(async (t) => {
      attempts++;
      const doc = await getOne(t.collection('accounts').doc('b'));
      await new Promise((resolve) => setImmediate(resolve));
      await t
        .collection('accounts')
        .doc('b')
        .update({ data: { balance: (doc.balance as number) + 1 } });
    });
  await Promise.all([increment(), increment(), increment()]);
  expect(await balance('b')).toBe(3);
  expect(attempts).toBeGreaterThan(3);
});

test('a plain write to a document the transaction read makes it retry with the new value', async () => {
  let attempts = 0;
  await run(async (t) => {
    attempts++;
    const a = await getOne(t.collection('accounts').doc('a'));
    if (attempts === 1)
      await h.db
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: 150 } });
    await t
      .collection('accounts')
      .doc('a')
      .update({ data: { balance: (a.balance as number) * 2 } });
  });
  expect(attempts).toBe(2);
  expect(await balance('a')).toBe(300);
});

test('a unique-key violation at commit fails the transaction and writes nothing', async () => {
  await h.db
    .collection('staff')
    .doc('tx-s1')
    .set({ data: { openid: 'tx-o1' } });
  await failure(
    run(async (t) => {
      await t
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: 7 } });
      await t
        .collection('staff')
        .doc('tx-s2')
        .set({ data: { openid: 'tx-o1' } });
    }),
  );
  expect(await balance('a')).toBe(100);
  expect(await getList(h.db.collection('staff').where({ _id: 'tx-s2' }))).toEqual([]);
});
