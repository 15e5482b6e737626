/** List cursors: every codec fits the one payload limit, round-trips its keys, and refuses anything else. */
import { randomBytes, randomInt } from 'crypto';
import { DomainError } from '../../src/domain/errors';
import { queueSortKey } from '../../src/domain/queue';
import { badCursor, cursorCodec, cursorParts, declaredCursors } from './cursors';
import { ActionSchemas, CURSOR_MAX_LENGTH, ID_MAX_LENGTH } from '../../src/domain/schemas';
import { parseWith } from '../../src/domain/validation';

/** The cursor-only payload every list takes (e.g. request.mine). */
const parseCursor = (input: unknown, now: Date) => parseWith(ActionSchemas.request.mine, input, now);
// every module that declares a list's cursor
import '../staff/queue';
import '../staff/isolation';
import '../staff/admin';
import '../request/mine';
import '../report/mine';
import './places';

const longestId = (prefix: string) => prefix + 'f'.repeat(ID_MAX_LENGTH - prefix.length);

describe('list cursors', () => {
  it('are declared once per list, each able to make only cursors the payload accepts', () => {
    expect([...declaredCursors.keys()].sort()).toEqual(['buildings', 'queue', 'reports', 'requests', 'roster', 'staff']);
    for (const [list, codec] of declaredCursors) {
      if (codec.maxLength > CURSOR_MAX_LENGTH) throw new Error(`${list}: ${codec.maxLength}`);
    }
    expect(() => cursorCodec('queue', cursorParts.id)).toThrow('declared twice');
    expect(() => cursorCodec('too_long', cursorParts.text(100))).toThrow(`over ${CURSOR_MAX_LENGTH}`);
  });

  it('the longest real cursors fit: a queue item with the longest id, a staff name of 30 worst-case characters', () => {
    const queue = declaredCursors.get('queue')!;
    const real = queue.encode([queueSortKey(2, new Date('2026-11-24T08:30:00.000Z'), longestId('q_rq_'))]);
    expect(real.length).toBeLessThanOrEqual(queue.maxLength);
    // the real ids of today: q_rq_<32 hex>_<slot> (a recurring transport's occurrence) is the longest
    const occurrence = queue.encode([queueSortKey(1, new Date(), `q_rq_${randomBytes(16).toString('hex')}_202611240830`)]);
    expect(occurrence.length).toBeLessThan(CURSOR_MAX_LENGTH / 4);
    const staff = declaredCursors.get('staff')!;
    const worst = staff.encode(['\u0001'.repeat(30), longestId('st_')]);
    expect(worst.length).toBeLessThanOrEqual(staff.maxLength);
    expect(staff.maxLength).toBeLessThanOrEqual(CURSOR_MAX_LENGTH);
    expect(parseCursor({ cursor: worst }, new Date())).toEqual({ ok: true, value: { cursor: worst } });
    expect(parseCursor({ cursor: 'A'.repeat(CURSOR_MAX_LENGTH) }, new Date()).ok).toBe(true);
    expect(parseCursor({ cursor: 'A'.repeat(CURSOR_MAX_LENGTH + 1) }, new Date())).toMatchObject({
      ok: false,
      errors: [{ code: 'BAD_REQUEST', field: 'cursor' }],
    });
  });

  it('round-trips 2,000 random keys within every part’s bounds', () => {
    const codec = cursorCodec<[number, Date, string, string, string, number]>(
      'probe',
      cursorParts.int(0, 2),
      cursorParts.date,
      cursorParts.id,
      cursorParts.text(8),
      cursorParts.day,
      cursorParts.number,
    );
    const chars = ['a', '网', '\u0000', '"', '\\', '😀', '\ud800'];
    for (let i = 0; i < 2000; i++) {
      const key: [number, Date, string, string, string, number] = [
        randomInt(3),
        new Date(Math.round((Math.random() - 0.5) * 2 * 8.64e15)),
        `x_${randomBytes(randomInt(1, 31)).toString('hex')}`.slice(0, ID_MAX_LENGTH),
        Array.from({ length: randomInt(0, 5) }, () => chars[randomInt(chars.length)]).join(''),
        `20${randomInt(10, 99)}-0${randomInt(1, 9)}-1${randomInt(0, 9)}`,
        (Math.random() - 0.5) * 10 ** randomInt(-300, 300),
      ];
      const cursor = codec.encode(key);
      expect(cursor.length).toBeLessThanOrEqual(codec.maxLength);
      expect(codec.decode(cursor)).toEqual(key);
    }
    declaredCursors.delete('probe');
  });

  it('refuses to make a cursor from a key outside its bounds (the next call would refuse it)', () => {
    const queue = declaredCursors.get('queue')!;
    expect(() => queue.encode([queueSortKey(2, new Date(), longestId('q_') + 'f')])).toThrow(DomainError);
    expect(() => queue.encode([queueSortKey(2, new Date(), 'q/1')])).toThrow(DomainError);
    expect(() => queue.encode(['2|tomorrow|q_1'])).toThrow(DomainError);
    const requests = declaredCursors.get('requests')!;
    expect(() => requests.encode([new Date(NaN), 'rq_1'])).toThrow(DomainError);
  });

  it('decodes nothing to null and anything it did not make to BAD_REQUEST', () => {
    const requests = declaredCursors.get('requests')!;
    expect(requests.decode(null)).toBeNull();
    expect(requests.decode('')).toBeNull();
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    for (const bad of [
      'garbage',
      b64('o:20'),
      b64(['requests']),
      b64(['requests', 1, 'rq_1', 'extra']),
      b64(['requests', '1', 'rq_1']),
      b64(['requests', 1.5, 'rq_1']),
      b64(['requests', 1, 'rq/1']),
      b64(['reports', 1, 'rq_1']),
      b64({ requests: 1 }),
      declaredCursors.get('roster')!.encode(['2026-11-24', 'iso_1']),
    ]) {
      expect(() => requests.decode(bad)).toThrow(badCursor());
      try {
        requests.decode(bad);
      } catch (e) {
        expect(e).toMatchObject({ code: 'BAD_REQUEST', field: 'cursor', message: '分页参数无效，请刷新后重试' });
      }
    }
  });
});
