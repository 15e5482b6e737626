/**
 * Home isolation and health monitoring: the lifecycle a worker runs, the daily check-in slots a
 * community sets, and when a check-in or its absence needs a human.
 */
import { FEVER_THRESHOLD, SYMPTOMS, TEMPERATURE_MAX, TEMPERATURE_MIN, type Symptom } from './household';
import { shanghaiDateString } from './time';

export const ISOLATION_KINDS = ['home_isolation', 'health_monitoring'] as const;
export type IsolationKind = (typeof ISOLATION_KINDS)[number];
export const ISOLATION_KIND_LABELS: Record<IsolationKind, string> = { home_isolation: '居家隔离', health_monitoring: '健康监测' };

export const MAX_ISOLATION_DAYS = 28;

export interface IsolationEvent {
  action: 'start' | 'extend' | 'end';
  staffId: string;
  staffName: string;
  note?: string;
  at: Date;
}

export interface IsolationDoc {
  _id: string;
  personId: string;
  householdId: string;
  personName: string;
  /** the household's address and the person's masked phone when it started: what its check-in alerts show and are found by */
  address?: string;
  phoneMasked?: string;
  communityId: string;
  gridId: string;
  placePath: string[];
  kind: IsolationKind;
  /** first day (YYYY-MM-DD, Asia/Shanghai) */
  startDate: string;
  /** last planned day, inclusive */
  endDate: string;
  status: 'active' | 'ended';
  reason: string;
  /** when a worker released the person (解除); slots closing after it are not expected */
  endedAt?: Date;
  timeline: IsolationEvent[];
  createdAt: Date;
  updatedAt: Date;
}

/** A daily check-in slot: check-ins from `opensAt` count for it; it is missing when `closesAt` passes. */
export interface CheckinSlot {
  key: string;
  label: string;
  /** HH:mm, Asia/Shanghai */
  opensAt: string;
  closesAt: string;
}

/** Twice a day by default: before 10:00 and before 18:00. A community may set one or two. */
export const DEFAULT_CHECKIN_SLOTS: CheckinSlot[] = [
  { key: 'am', label: '上午', opensAt: '00:00', closesAt: '10:00' },
  { key: 'pm', label: '下午', opensAt: '14:00', closesAt: '18:00' },
];

/** Minutes before a slot closes at which subscribed residents are reminded. */
export const REMINDER_MINUTES_BEFORE_CLOSE = 60;

const SHANGHAI_MS = 8 * 3600_000;

/** Minutes since Shanghai midnight. */
export function shanghaiMinutes(at: Date): number {
  const d = new Date(at.getTime() + SHANGHAI_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

export function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The instant a slot opens on a Shanghai calendar day. */
export function slotOpensAt(date: string, slot: CheckinSlot): Date {
  return new Date(Date.parse(`${date}T${slot.opensAt}:00+08:00`));
}

/** The instant a slot closes on a Shanghai calendar day. */
export function slotClosesAt(date: string, slot: CheckinSlot): Date {
  return new Date(Date.parse(`${date}T${slot.closesAt}:00+08:00`));
}

/** Where a slot of a day stands at `now`: not open yet, open, or closed. */
export type SlotPhase = 'upcoming' | 'open' | 'closed';

export function slotPhase(date: string, slot: CheckinSlot, now: Date): SlotPhase {
  if (now < slotOpensAt(date, slot)) return 'upcoming';
  return now < slotClosesAt(date, slot) ? 'open' : 'closed';
}

/**
 * The slot a check-in made at `at` fills, or null when it fills none:
 * - a slot open at `at` that the isolation expects, on time (a second one corrects it);
 * - else the slot that closed last with no slot opened since, late (补打卡), if it is expected and
 *   still empty (`filled`): a late check-in must not overwrite one made in time;
 * - else none: the check-in is an off-slot reading (随时上报). It is recorded and an alarming one
 *   raises the urgent item at once, but it fills no slot, not even one opening later that day: a
 *   slot asks for a temperature taken within its hours, and a 13:40 reading says nothing about
 *   the afternoon's 14:00–18:00.
 */
export function slotToFill(
  at: Date,
  slots: readonly CheckinSlot[],
  isolation: Pick<IsolationDoc, 'startDate' | 'endDate' | 'endedAt' | 'createdAt'>,
  filled: (slot: CheckinSlot) => boolean,
): { date: string; slot: CheckinSlot; late: boolean } | null {
  const date = shanghaiDateString(at);
  const ordered = [...slots].sort((a, b) => hhmmToMinutes(a.opensAt) - hhmmToMinutes(b.opensAt));
  const open = ordered.find((s) => slotPhase(date, s, at) === 'open');
  if (open) return expectsCheckin(isolation, date, open) ? { date, slot: open, late: false } : null;
  const last = [...ordered].reverse().find((s) => slotPhase(date, s, at) !== 'upcoming');
  if (last && expectsCheckin(isolation, date, last) && !filled(last)) return { date, slot: last, late: true };
  return null;
}

/** A temperature at or above 37.3 °C, or any symptom, needs a worker now. */
export function isAlarming(temperature: number, symptoms: readonly Symptom[]): boolean {
  return temperature >= FEVER_THRESHOLD || symptoms.length > 0;
}

/**
 * Whether a person under this isolation is expected to check in for a slot of a day: within its
 * dates, closing after the isolation was recorded (a slot that closed before a worker started it
 * cannot have been missed) and before any release.
 */
export function expectsCheckin(
  isolation: Pick<IsolationDoc, 'startDate' | 'endDate' | 'endedAt' | 'createdAt'>,
  date: string,
  slot: CheckinSlot,
): boolean {
  if (date < isolation.startDate || date > isolation.endDate) return false;
  const closes = slotClosesAt(date, slot).getTime();
  if (closes <= new Date(isolation.createdAt).getTime()) return false;
  if (isolation.endedAt && new Date(isolation.endedAt).getTime() <= closes) return false;
  return true;
}

export function checkinId(personId: string, date: string, slotKey: string): string {
  return `ci_${personId}_${date.replace(/-/g, '')}_${slotKey}`;
}

/**
 * Key of an off-slot reading (随时上报) in `checkinId`: `x` and its Shanghai time (x134005 at
 * 13:40:05), so every reading is kept and none can take a slot's id (slot keys never start with x).
 */
export function offSlotKey(at: Date): string {
  const d = new Date(at.getTime() + SHANGHAI_MS);
  return `x${[d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join('')}`;
}

/** The person a `checkinId` is of (a check-in alert's `refId`, also of a check-in that never came), or null. */
export function personOfCheckinId(id: string): string | null {
  return /^ci_(.+)_\d{8}_[^_]+$/.exec(id)?.[1] ?? null;
}

export interface CheckinDoc {
  /** one per person per slot: `checkinId(personId, date, slot)`, a later check-in corrects it; off-slot readings: `checkinId(personId, date, offSlotKey(at))` */
  _id: string;
  personId: string;
  householdId: string;
  isolationId: string;
  placePath: string[];
  date: string;
  /** the slot it fills; null: an off-slot reading (随时上报), which fills none */
  slot: string | null;
  temperature: number;
  symptoms: Symptom[];
  alarming: boolean;
  late: boolean;
  at: Date;
}

export const CHECKIN_LIMITS = { TEMPERATURE_MIN, TEMPERATURE_MAX, SYMPTOMS };

export type SlotState = 'done' | 'fever' | 'missing' | 'pending' | 'not_expected';
export const SLOT_STATE_LABELS: Record<SlotState, string> = {
  done: '已打卡',
  fever: '异常',
  missing: '未打卡',
  pending: '待打卡',
  not_expected: '—',
};

/** State of one slot for the roster and the resident's page. */
export function slotState(checkin: Pick<CheckinDoc, 'alarming'> | undefined, expected: boolean, closed: boolean): SlotState {
  if (checkin) return checkin.alarming ? 'fever' : 'done';
  if (!expected) return 'not_expected';
  return closed ? 'missing' : 'pending';
}
