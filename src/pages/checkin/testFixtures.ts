/** Check-in test data shaped by the contracts. */
import { type CheckinPersonView, type CheckinResult, type CheckinToday, type SlotView } from '../../domain';

export const DATE = '2026-11-20';
/** 09:00 in Shanghai: the morning slot (before 10:00) is open */
export const MORNING = new Date('2026-11-20T01:00:00.000Z');

/**
 * A slot of 20 November: 上午 00:00–10:00, 下午 14:00–18:00. The server flags the one a check-in
 * now counts for and where each stands; by default as at `MORNING`: the morning open, the afternoon upcoming.
 */
export function slot(key: 'am' | 'pm', state: SlotView['state'], temperature?: number, overrides: Partial<SlotView> = {}): SlotView {
  return {
    key,
    label: key === 'am' ? '上午' : '下午',
    opensAt: key === 'am' ? '2026-11-19T16:00:00.000Z' : '2026-11-20T06:00:00.000Z',
    closesAt: key === 'am' ? '2026-11-20T02:00:00.000Z' : '2026-11-20T10:00:00.000Z',
    current: key === 'am',
    phase: key === 'am' ? 'open' : 'upcoming',
    state,
    ...(temperature !== undefined ? { temperature } : {}),
    ...overrides,
  };
}

export function person(overrides: Partial<CheckinPersonView> = {}): CheckinPersonView {
  return {
    personId: 'p-0',
    name: '张三',
    kind: 'home_isolation',
    endDate: '2026-11-30',
    slots: [slot('am', 'pending'), slot('pm', 'pending')],
    offSlot: [],
    ...overrides,
  };
}

export function today(persons: CheckinPersonView[] = [person()], reminders = false): CheckinToday {
  return { date: DATE, persons, reminders };
}

export function result(overrides: Partial<CheckinResult> = {}): CheckinResult {
  return { date: DATE, slot: 'am', slotLabel: '上午', late: false, alarming: false, corrected: false, ...overrides };
}

/** Fakes only the clock (Date), so React and testing-library's timers run as usual. */
export function freezeClock(at: Date): void {
  jest.useFakeTimers({
    now: at,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'performance',
      'hrtime',
    ],
  });
}
