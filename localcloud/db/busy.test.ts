/**
 * "database is locked" on the writing connection: the write is run again, whole, and lands once;
 * anything else, or a lock that never goes, still fails.
 */
import { rmSync } from 'fs';
import { join } from 'path';
import type Database from 'better-sqlite3';
import { isBusy, retryingBusy } from './busy';
import { TEST_COLLECTIONS, tempDir } from './harness';
import { DocumentStore } from './store';

const busy = (code = 'SQLITE_BUSY_SNAPSHOT') => Object.assign(new Error('database is locked'), { code });

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('retryingBusy', () => {
  it('runs a write again while SQLite answers BUSY, and returns its result', () => {
    let runs = 0;
    expect(
      retryingBusy(() => {
        if (++runs < 3) throw busy();
        return 'written';
      }),
    ).toBe('written');
    expect(runs).toBe(3);
  });

  it('does not retry other errors (a duplicate key is the caller’s answer), and gives up on a lock that stays', () => {
    let runs = 0;
    const duplicate = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(() =>
      retryingBusy(() => {
        runs++;
        throw duplicate;
      }),
    ).toThrow(duplicate);
    expect(runs).toBe(1);
    runs = 0;
    expect(() =>
      retryingBusy(() => {
        runs++;
        throw busy('SQLITE_BUSY');
      }, 4),
    ).toThrow('database is locked');
    expect(runs).toBe(4);
    expect(isBusy(busy('SQLITE_BUSY_RECOVERY'))).toBe(true);
    expect(isBusy(new Error('database is locked'))).toBe(false);
  });
});

describe('the store’s writes under a BUSY answer', () => {
  it('an insert and an SDK transaction whose first attempt is refused land exactly once', () => {
    const store = new DocumentStore({ file: join(dir, 'busy.sqlite'), collections: TEST_COLLECTIONS });
    try {
      // the store's connection refuses the next two transactions the way SQLite does when a
      // checkpoint restarted the WAL under it: before anything is written
      const db = (store as unknown as { db: Database.Database }).db;
      const real = db.transaction.bind(db);
      let refusals = 2;
      jest.spyOn(db, 'transaction').mockImplementation(((fn: (...a: unknown[]) => unknown) => {
        const tx = real(fn);
        const refusing = Object.assign((...a: unknown[]) => tx(...a), {
          immediate: (...a: unknown[]) => {
            if (refusals > 0) {
              refusals--;
              throw busy();
            }
            return tx.immediate(...a);
          },
        });
        return refusing;
      }) as never);

      expect(store.insertMany('reports', [{ _id: 'r1', householdId: 'h1' }])).toEqual(['r1']);
      expect(store.find('reports', { householdId: 'h1' })).toHaveLength(1);

      refusals = 1;
      const tx = store.startTransaction();
      store.insertMany('reports', [{ _id: 'r2', householdId: 'h1' }], { txId: tx });
      store.updateMany('reports', { _id: 'r1' }, { $set: { seen: true } }, { txId: tx });
      store.commitTransaction(tx);
      expect(store.find('reports', { householdId: 'h1' }).map((d) => [d._id, d.seen ?? false])).toEqual([
        ['r1', true],
        ['r2', false],
      ]);
      expect(refusals).toBe(0);
    } finally {
      store.close();
    }
  });
});
