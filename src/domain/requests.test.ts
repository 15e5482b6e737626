import {
  availableActions,
  decideTransition,
  nextOccurrence,
  parseRequestInput,
  REQUEST_ACTIONS,
  REQUEST_ACTORS,
  REQUEST_STATUSES,
  slotKey,
  type RequestAction,
  type RequestActor,
  type RequestStatus,
} from './requests';

/**
 * The expected machine, written out by hand: for each state and action, the resulting state and
 * the actors allowed. Anything not listed is refused.
 */
const EXPECTED: Record<string, { to: RequestStatus; by: RequestActor[] }> = {
  'null:submit': { to: 'submitted', by: ['owner', 'system'] },
  'submitted:accept': { to: 'accepted', by: ['worker', 'admin'] },
  'submitted:cancel': { to: 'cancelled', by: ['owner'] },
  'submitted:reject': { to: 'rejected', by: ['worker', 'admin'] },
  'submitted:escalate': { to: 'escalated', by: ['worker'] },
  'accepted:start': { to: 'in_progress', by: ['worker', 'admin'] },
  'accepted:complete': { to: 'done', by: ['worker', 'admin'] },
  'accepted:reject': { to: 'rejected', by: ['worker', 'admin'] },
  'accepted:escalate': { to: 'escalated', by: ['worker'] },
  'in_progress:complete': { to: 'done', by: ['worker', 'admin'] },
  'in_progress:escalate': { to: 'escalated', by: ['worker'] },
  'escalated:accept': { to: 'accepted', by: ['worker', 'admin'] },
  'escalated:reject': { to: 'rejected', by: ['worker', 'admin'] },
};

const cases: Array<[RequestStatus | null, RequestAction, RequestActor]> = [];
for (const from of [null, ...REQUEST_STATUSES])
  for (const action of REQUEST_ACTIONS) for (const actor of REQUEST_ACTORS) cases.push([from, action, actor]);

describe('request status machine: every state × action × actor', () => {
  it.each(cases)('%s --%s--> by %s', (from, action, actor) => {
    const rule = EXPECTED[`${from}:${action}`];
    const decision = decideTransition(from, action, actor, '原因');
    if (rule && rule.by.includes(actor)) expect(decision).toEqual({ ok: true, to: rule.to });
    else expect(decision.ok).toBe(false);
  });

  it('a rejection needs a reason', () => {
    expect(decideTransition('submitted', 'reject', 'worker', '  ')).toEqual({ ok: false, code: 'NOTE_REQUIRED' });
  });

  it('tells apart "not yours to do" from "not now"', () => {
    expect(decideTransition('submitted', 'accept', 'owner')).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(decideTransition('done', 'accept', 'worker')).toEqual({ ok: false, code: 'REQUEST_TRANSITION_INVALID' });
    expect(decideTransition('accepted', 'cancel', 'owner')).toEqual({ ok: false, code: 'REQUEST_TRANSITION_INVALID' });
  });

  it('offers the resident cancel only before acceptance', () => {
    expect(availableActions('submitted', 'owner')).toEqual(['cancel']);
    expect(availableActions('accepted', 'owner')).toEqual([]);
  });
});

describe('recurrence', () => {
  it('steps every N days at the same clock time until the last day (Shanghai calendar)', () => {
    const first = new Date('2026-11-24T00:30:00Z'); // 08:30 in Shanghai
    const second = nextOccurrence(first, 2, '2026-11-28');
    expect(second?.toISOString()).toBe('2026-11-26T00:30:00.000Z');
    expect(nextOccurrence(second!, 2, '2026-11-28')?.toISOString()).toBe('2026-11-28T00:30:00.000Z');
    expect(nextOccurrence(new Date('2026-11-28T00:30:00Z'), 2, '2026-11-28')).toBeNull();
  });

  it('names slots by their Shanghai minute, across midnight UTC', () => {
    expect(slotKey(new Date('2026-11-23T17:30:00Z'))).toBe('202611240130');
  });
});

describe('parseRequestInput', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const base = { clientRequestId: 'req-12345678', personId: 'p_abc', urgency: 'normal' };

  it('accepts a dialysis transport every two days', () => {
    const res = parseRequestInput(
      {
        ...base,
        details: {
          kind: 'transport',
          reason: '血液透析',
          hospital: '市第一医院',
          pickupAt: '2026-11-24T08:30:00+08:00',
          companions: 1,
          recurrence: { everyDays: 2, until: '2026-12-31' },
        },
      },
      now,
    );
    expect(res.ok).toBe(true);
  });

  it.each([
    ['an unknown kind', { kind: 'taxi' }, 'details.kind', 'INVALID_ENUM'],
    ['an empty item list', { kind: 'supplies', items: [] }, 'details.items', 'REQUEST_ITEMS_EMPTY'],
    [
      '200 items',
      { kind: 'supplies', items: Array.from({ length: 200 }, () => ({ name: '大米', quantity: 1 })) },
      'details.items',
      'REQUEST_ITEMS_TOO_MANY',
    ],
    [
      'a pick-up time in the past',
      { kind: 'transport', reason: '复诊', hospital: '市一院', pickupAt: '2026-11-23T09:00:00Z' },
      'details.pickupAt',
      'PICKUP_IN_PAST',
    ],
    ['an unknown field', { kind: 'other', description: '帮忙', price: 3 }, 'details.price', 'UNKNOWN_FIELD'],
    [
      'a schedule every 2 days ending on the pick-up day (one trip)',
      { kind: 'transport', reason: '透析', hospital: '市一院', pickupAt: '2026-11-24T08:30:00+08:00', recurrence: { everyDays: 2, until: '2026-11-24' } },
      'details.recurrence.until',
      'OUT_OF_RANGE',
    ],
    [
      'a schedule every 3 days ending two days later (still one trip)',
      { kind: 'transport', reason: '透析', hospital: '市一院', pickupAt: '2026-11-24T08:30:00+08:00', recurrence: { everyDays: 3, until: '2026-11-26' } },
      'details.recurrence.until',
      'OUT_OF_RANGE',
    ],
  ])('refuses %s', (_label, details, field, code) => {
    const res = parseRequestInput({ ...base, details }, now);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors).toContainEqual(expect.objectContaining({ field, code }));
  });
});
