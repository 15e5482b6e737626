/**
 * Daily health check-ins (每日健康打卡) and the home-isolation lifecycle: the resident's side
 * (today's slots, submitting, the reminder subscription) and the worker's side (roster, start /
 * extend / end, the one-tap call). Every call goes through `callCloud`; the server checks identity,
 * household, role and scope each time.
 */
import Taro from '@tarojs/taro';
import {
  ErrorCodes,
  FEVER_THRESHOLD,
  shanghaiDateString,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  type CheckinResult,
  type CheckinToday,
  type IsolationKind,
  type IsolationView,
  type Page,
  type Result,
  type RosterEntry,
  type SlotView,
  type Symptom,
  to,
} from '../domain';
import { callCloud } from './cloud';

// ---------------------------------------------------------------------------------------------
// pages

/** The isolation page for a roster entry: the page loads it by id and keeps the roster's (masked) name. */
export function isolationPagePathOf(entry: Pick<RosterEntry, 'isolationId' | 'personId' | 'personName'>): string {
  return to.isolation({ isolationId: entry.isolationId, personId: entry.personId, name: entry.personName });
}

// ---------------------------------------------------------------------------------------------
// resident

/**
 * Build constant (config defineConstants) naming the subscribe-message template of the reminder
 * before a slot closes. Declared here so this module compiles before the constant exists; `typeof`
 * keeps builds and jest without it from throwing. Empty: the WeChat prompt is skipped.
 */
declare const CHECKIN_TEMPLATE_ID: string | undefined;
export const CHECKIN_REMINDER_TEMPLATE_ID: string = typeof CHECKIN_TEMPLATE_ID === 'string' ? CHECKIN_TEMPLATE_ID : '';

export function getCheckinToday(): Promise<Result<CheckinToday>> {
  return callCloud('checkin', 'today', {});
}

export function submitCheckin(personId: string, temperature: number, symptoms: readonly Symptom[]): Promise<Result<CheckinResult>> {
  return callCloud('checkin', 'submit', { personId, temperature, symptoms: [...symptoms] });
}

/** A typed temperature, checked as the server will: a number from 35.0 to 42.0 with at most one decimal. */
export function parseTemperature(typed: string): { ok: true; value: number } | { ok: false; message: string } {
  // full-width digits and a full-width or comma decimal point, as some keyboards type them
  const text = typed
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。,，]/g, '.');
  if (text === '') return { ok: false, message: '请填写体温' };
  if (!/^\d+(\.\d*)?$/.test(text)) return { ok: false, message: '请填写数字，如 36.5' };
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  if (decimals > 1) return { ok: false, message: '体温最多保留一位小数，如 36.5' };
  const value = Number(text);
  if (value < TEMPERATURE_MIN || value > TEMPERATURE_MAX) return { ok: false, message: ErrorCodes.TEMPERATURE_RANGE };
  return { ok: true, value };
}

export const isFever = (temperature: number): boolean => temperature >= FEVER_THRESHOLD;

/**
 * The slot a check-in made now counts for, as the server flags it (`current`); null when none is.
 * The page never works this out from the clock: each community sets its own slots.
 */
export function currentSlot(slots: readonly SlotView[]): SlotView | null {
  return slots.find((s) => s.current) ?? null;
}

/** Persons whose current slot still waits for a check-in (待打卡 or 未打卡). */
export function pendingCheckins(today: CheckinToday): number {
  return today.persons.filter((p) => {
    const slot = currentSlot(p.slots);
    return slot !== null && (slot.state === 'pending' || slot.state === 'missing');
  }).length;
}

/**
 * Turns the reminder before a slot closes on or off. Turning it on in WeChat first asks for the
 * subscribe message (call this first thing in the tap handler: WeChat allows the prompt only from a
 * tap); a refusal saves nothing. The server keeps the switch per household (`CheckinToday.reminders`).
 */
export async function setReminders(enabled: boolean): Promise<Result<{ enabled: boolean }>> {
  const templateId = CHECKIN_REMINDER_TEMPLATE_ID;
  if (enabled && process.env.TARO_ENV === 'weapp' && templateId) {
    let accepted = false;
    try {
      const res: unknown = await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] });
      // the answer is keyed by template id: 'accept' | 'reject' | 'ban' | 'filter'
      accepted = (res as Record<string, unknown>)[templateId] === 'accept';
    } catch {
      accepted = false;
    }
    if (!accepted) return { ok: false, code: 'SUBSCRIBE_REFUSED', message: '未允许接收提醒消息，可在小程序设置中开启后再试' };
  }
  return callCloud('checkin', 'subscribe', { enabled });
}

// ---------------------------------------------------------------------------------------------
// staff

export function getRoster(date: string | null, cursor: string | null, placeId?: string): Promise<Result<Page<RosterEntry> & { date: string }>> {
  return callCloud('staff', 'roster', { ...(date ? { date } : {}), cursor, ...(placeId ? { placeId } : {}) });
}

/**
 * An isolation by id (active or ended), or else the person's active one, under the caller's scope;
 * null when there is none.
 */
export function getIsolation(key: { personId?: string | null; isolationId?: string | null }): Promise<Result<IsolationView | null>> {
  if (key.isolationId) return callCloud('staff', 'isolation', { isolationId: key.isolationId });
  return callCloud('staff', 'isolation', key.personId ? { personId: key.personId } : {});
}

export interface StartIsolationInput {
  personId: string;
  kind: IsolationKind;
  startDate: string;
  plannedDays: number;
  reason: string;
}

export function startIsolation(input: StartIsolationInput): Promise<Result<IsolationView>> {
  return callCloud('staff', 'startIsolation', { ...input, reason: input.reason.trim() });
}

export function extendIsolation(isolationId: string, days: number, note: string): Promise<Result<IsolationView>> {
  const trimmed = note.trim();
  return callCloud('staff', 'extendIsolation', trimmed ? { isolationId, days, note: trimmed } : { isolationId, days });
}

export function endIsolation(isolationId: string, reason: string): Promise<Result<IsolationView>> {
  const trimmed = reason.trim();
  return callCloud('staff', 'endIsolation', trimmed ? { isolationId, reason: trimmed } : { isolationId });
}

/** The reason recorded in the audit log for the roster's one-tap call. */
export const CALL_REASON = '电话联系';

/** Reveals the person's phone (audited, reason 电话联系) and dials it. */
export async function callPerson(personId: string): Promise<Result<null>> {
  const result = await callCloud('staff', 'reveal', { personId, field: 'phone', reason: CALL_REASON });
  if (!result.ok) return result;
  // rejects when the worker cancels the dialog: nothing to do then
  Taro.makePhoneCall({ phoneNumber: result.data.value }).catch(() => undefined);
  return { ok: true, data: null };
}

/** Today in Shanghai. */
export const todayString = (now: Date = new Date()): string => shanghaiDateString(now);
