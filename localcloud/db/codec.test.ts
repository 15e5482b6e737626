/**
 * The compact string keys of the indexes: the same order as the text (SQLite's BINARY order, the
 * UTF-8 bytes), as SQLite compares the BLOBs, one encoding per string, and smaller than the text
 * where index rows spend their bytes (ids, sort keys).
 */
import Database from 'better-sqlite3';
import { encodeIndexKey, encodeKeyString } from './codec';
import { rng } from './harness';

const random = rng(11);
const ALPHABETS = [
  '0123456789abcdef',
  'abcdefghijklmnopqrstuvwxyz_|-:.TZ0123456789',
  '张王李赵刘陈网格员祥云一区号楼单元',
  '\u0000\u0001 ~\u007f\u00e9\u4e00\uffff',
  '😀😁a0',
];

function randomString(): string {
  const alphabet = [...ALPHABETS[Math.floor(random() * ALPHABETS.length)]];
  const n = Math.floor(random() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  // shared prefixes make the comparisons interesting
  return random() < 0.3 ? `q_r_${s}` : s;
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const textOrder = (a: string, b: string) => sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

test('encoded strings compare bytewise exactly as their UTF-8 text does, and only equal strings encode alike', () => {
  const strings = [...Array.from({ length: 3000 }, randomString), '', 'a', 'a\u0000', 'ab', 'b', '0', '00', '0\u0000', '\uffff'];
  for (let i = 0; i < strings.length; i++) {
    const a = strings[i];
    const b = strings[(i * 7919 + 13) % strings.length];
    const c = strings[(i + 1) % strings.length];
    for (const other of [b, c]) expect([a, other, sign(Buffer.compare(encodeKeyString(a), encodeKeyString(other)))]).toEqual([a, other, textOrder(a, other)]);
  }
});

test('SQLite sorts the BLOBs as it sorted the TEXT, and strings stay between numbers and objects', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k NOT NULL, raw TEXT NOT NULL, PRIMARY KEY (k, raw)) WITHOUT ROWID');
  const insert = db.prepare('INSERT OR IGNORE INTO t (k, raw) VALUES (?, ?)');
  const strings = [...new Set(Array.from({ length: 2000 }, randomString))];
  for (const s of strings) insert.run(encodeKeyString(s), s);
  const sorted = db.prepare<[], string>('SELECT raw FROM t ORDER BY k').pluck().all();
  expect(sorted).toEqual([...strings].sort((a, b) => textOrder(a, b)));
  const types = db
    .prepare<unknown[], number>('SELECT ? < ? AND ? < ? AND ? < ?')
    .pluck()
    .get(1e300, encodeIndexKey(''), encodeIndexKey('\uffff'), encodeIndexKey({ a: 1 }), encodeIndexKey('zzz'), encodeIndexKey(true));
  expect(types).toBe(1);
  db.close();
});

test('ids, sort keys and place ids take about two thirds of their text; short words at most 2 bytes more', () => {
  const ids = ['qv_h_3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6', '2|2026-12-04T07:22:12.470Z|q_rq_3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6', 'pl_9a8b7c6d5e4f3a2b'];
  const text = ids.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const encoded = ids.reduce((n, s) => n + encodeKeyString(s).length, 0);
  expect(encoded / text).toBeLessThan(0.72);
  for (const word of ['open', 'closed', 'verify_report', 'in_progress', '张伟']) expect(encodeKeyString(word).length).toBeLessThanOrEqual(Buffer.byteLength(word) + 2);
});
