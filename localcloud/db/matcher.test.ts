/**
 * The small matcher agrees with mingo on every filter it answers (random filters over documents with
 * missing fields, nulls, arrays, mixed types and Dates), and leaves the rest to mingo.
 */
import { Query } from 'mingo';
import 'mingo/init/system';
import type { Doc } from './codec';
import { rng } from './harness';
import { compileMatcher } from './matcher';

const random = rng(5);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const VALUES = ['a', 'b', 'c', '', 1, 2, 2.5, -1, true, false, day(1), day(2)] as const;

function randomDoc(i: number): Doc {
  const doc: Doc = { _id: `d${i}` };
  for (const f of ['s', 'n', 'arr', 'm']) {
    const r = random();
    if (r < 0.15) continue; // missing
    if (r < 0.25) doc[f] = null;
    else if (r < 0.45) doc[f] = Array.from({ length: Math.floor(random() * 3) }, () => pick(VALUES));
    else doc[f] = pick(VALUES);
  }
  if (random() < 0.5) doc.sub = { k: pick(VALUES) };
  if (random() < 0.1) doc.sub = [{ k: 'a' }];
  return doc;
}

function randomCondition(depth = 0): Doc {
  const field = pick(['s', 'n', 'arr', 'm', 'sub.k', '_id']);
  const r = random();
  if (depth < 2 && r < 0.15) return { [pick(['$and', '$or'])]: [randomCondition(depth + 1), randomCondition(depth + 1)] };
  if (r < 0.35) return { [field]: pick(VALUES) };
  const op = pick(['$eq', '$ne', '$in', '$gt', '$gte', '$lt', '$lte', '$exists', '$nin']);
  const arg = op === '$in' || op === '$nin' ? [pick(VALUES), pick(VALUES)] : op === '$exists' ? random() < 0.5 : pick(VALUES);
  const cond: Doc = { [op]: arg };
  if (random() < 0.2) cond[pick(['$gt', '$lt'])] = pick(VALUES);
  return { [field]: cond };
}

test('agrees with mingo wherever it answers', () => {
  const docs = Array.from({ length: 300 }, (_, i) => randomDoc(i));
  let answered = 0;
  let compiled = 0;
  const disagreements: unknown[] = [];
  for (let q = 0; q < 400; q++) {
    const filter = random() < 0.3 ? { ...randomCondition(), ...randomCondition() } : randomCondition();
    const small = compileMatcher(filter);
    if (!small) continue;
    compiled++;
    const query = new Query(filter);
    for (const doc of docs) {
      const got = small(doc);
      if (got === undefined) continue;
      answered++;
      if (got !== query.test(doc) && disagreements.length < 5) disagreements.push({ filter, doc, got });
    }
  }
  expect(disagreements).toEqual([]);
  // most of these filters are the matcher's to answer
  expect(compiled).toBeGreaterThan(250);
  expect(answered).toBeGreaterThan(50_000);
});

test('what it does not answer: other operators, null and object values, paths through arrays', () => {
  expect(compileMatcher({ a: { $nin: [1] } })).toBeNull();
  expect(compileMatcher({ a: null })).toBeNull();
  expect(compileMatcher({ a: { b: 1 } })).toBeNull();
  expect(compileMatcher({ a: /x/ })).toBeNull();
  expect(compileMatcher({ $expr: { $eq: ['$a', 1] } })).toBeNull();
  expect(compileMatcher({ 'sub.k': 'a' })!({ _id: 'x', sub: [{ k: 'a' }] })).toBeUndefined();
  expect(compileMatcher({ _id: 'x', status: { $in: ['open', 'in_progress'] } })!({ _id: 'x', status: 'open' })).toBe(true);
});
