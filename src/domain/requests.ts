/**
 * Requests (求助) from home-isolated residents: supplies, medicine, medical transport, other.
 * One status machine decides every transition and who may make it.
 */
import { fileIdField } from './files';
import type { PriorityName } from './queue';
import { daysBetween, shanghaiDateString } from './time';
import {
  addError,
  arrayOf,
  bool,
  dateString,
  int,
  isAbsent,
  isRecord,
  joinPath,
  object,
  oneOf,
  optional,
  parseWith,
  type Infer,
  type InputOf,
  str,
  withDefault,
  type ParseResult,
  type Parser,
} from './validation';

export const REQUEST_KINDS = ['supplies', 'medicine', 'transport', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  supplies: '生活物资代购',
  medicine: '取药',
  transport: '就医转运',
  other: '其他求助',
};

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const satisfies readonly PriorityName[];
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急', emergency: '危急' };

export const REQUEST_STATUSES = ['submitted', 'accepted', 'in_progress', 'done', 'cancelled', 'rejected', 'escalated'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  in_progress: '办理中',
  done: '已完成',
  cancelled: '已取消',
  rejected: '未受理',
  escalated: '已上报社区',
};
/** A request in one of these states needs nobody any more: its queue item is closed. */
export const CLOSED_REQUEST_STATUSES: readonly RequestStatus[] = ['done', 'cancelled', 'rejected'];

export const REQUEST_ACTIONS = ['submit', 'accept', 'start', 'complete', 'cancel', 'reject', 'escalate'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];
/** What staff do to a request from its queue item (submit and cancel are the resident's). */
export const STAFF_REQUEST_ACTIONS = ['accept', 'start', 'complete', 'reject', 'escalate'] as const satisfies readonly RequestAction[];
export type StaffRequestAction = (typeof STAFF_REQUEST_ACTIONS)[number];
export const REQUEST_ACTION_LABELS: Record<RequestAction, string> = {
  submit: '提交求助',
  accept: '受理',
  start: '开始办理',
  complete: '办结',
  cancel: '取消',
  reject: '不予受理',
  escalate: '上报社区',
};

/**
 * Who is acting, relative to the request: the resident whose household filed it, another resident,
 * a grid worker whose scope covers it, a community admin whose scope covers it, or the system
 * (scheduled functions). Staff out of scope never reach the machine: scope is checked first.
 */
export const REQUEST_ACTORS = ['owner', 'other_resident', 'worker', 'admin', 'system'] as const;
export type RequestActor = (typeof REQUEST_ACTORS)[number];

interface TransitionRule {
  from: readonly (RequestStatus | null)[];
  to: RequestStatus;
  by: readonly RequestActor[];
  /** the note is required (a rejection says why) */
  needsNote?: boolean;
}

const STAFF: readonly RequestActor[] = ['worker', 'admin'];

export const REQUEST_TRANSITIONS: Record<RequestAction, TransitionRule> = {
  submit: { from: [null], to: 'submitted', by: ['owner', 'system'] },
  accept: { from: ['submitted', 'escalated'], to: 'accepted', by: STAFF },
  start: { from: ['accepted'], to: 'in_progress', by: STAFF },
  complete: { from: ['accepted', 'in_progress'], to: 'done', by: STAFF },
  cancel: { from: ['submitted'], to: 'cancelled', by: ['owner'] },
  reject: { from: ['submitted', 'accepted', 'escalated'], to: 'rejected', by: STAFF, needsNote: true },
  escalate: { from: ['submitted', 'accepted', 'in_progress'], to: 'escalated', by: ['worker'] },
};

export type TransitionDecision =
  { ok: true; to: RequestStatus } | { ok: false; code: 'FORBIDDEN' | 'REQUEST_TRANSITION_INVALID' | 'NOTE_REQUIRED' };

/** The one function that knows which transitions exist and who may make them. */
export function decideTransition(
  from: RequestStatus | null,
  action: RequestAction,
  actor: RequestActor,
  note?: string,
): TransitionDecision {
  const rule = REQUEST_TRANSITIONS[action];
  if (!rule.by.includes(actor)) return { ok: false, code: 'FORBIDDEN' };
  if (!rule.from.includes(from)) return { ok: false, code: 'REQUEST_TRANSITION_INVALID' };
  if (rule.needsNote && !note?.trim()) return { ok: false, code: 'NOTE_REQUIRED' };
  return { ok: true, to: rule.to };
}

/** Actions an actor can take now, for showing buttons. */
export function availableActions(from: RequestStatus, actor: RequestActor): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => a !== 'submit' && decideTransition(from, a, actor, 'x').ok);
}

export const MAX_SUPPLY_ITEMS = 50;
export const MAX_COMPANIONS = 3;
export const MAX_RECURRENCE_DAYS = 180;

/** One line of a supplies request (parsed by `supplyItem` below). */
export type SupplyItem = Infer<typeof supplyItem>;
export type Recurrence = Infer<typeof recurrence>;
export type RequestDetails = { [K in RequestKind]: Infer<(typeof detailShapes)[K]> }[RequestKind];
/** The payload of `request.create` as a function receives it. */
export type RequestInput = Infer<typeof requestInput>;

export interface TimelineEntry {
  action: RequestAction;
  from: RequestStatus | null;
  to: RequestStatus;
  actor: { kind: RequestActor; name: string };
  note?: string;
  at: Date;
}

// ---------------------------------------------------------------------------------------------
// parsing `request.create`

const CLIENT_REQUEST_ID = /^[A-Za-z0-9_-]+$/;
export const MAX_PICKUP_DAYS_AHEAD = 30;

const supplyItem = object({
  name: str({ max: 30 }),
  quantity: int({ min: 1, max: 99 }),
  unit: optional(str({ max: 10 })),
  note: optional(str({ max: 100 })),
});

const recurrence = object({
  everyDays: int({ min: 1, max: 14 }),
  until: dateString(),
});

/** ISO 8601 instant with an explicit offset, e.g. `2026-11-24T08:30:00+08:00`. */
function instant(): Parser<string> {
  return (input, path, ctx) => {
    if (typeof input !== 'string') return addError(ctx, path, 'INVALID_TYPE');
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(input) ? Date.parse(input) : NaN;
    if (Number.isNaN(ms)) return addError(ctx, path, 'INVALID_DATE', '时间格式不正确');
    return { ok: true, value: new Date(ms).toISOString() };
  };
}

const detailShapes = {
  supplies: object({
    kind: oneOf(['supplies'] as const),
    items: arrayOf(supplyItem, { min: 1, max: MAX_SUPPLY_ITEMS, minCode: 'REQUEST_ITEMS_EMPTY', maxCode: 'REQUEST_ITEMS_TOO_MANY' }),
  }),
  medicine: object({
    kind: oneOf(['medicine'] as const),
    drug: str({ max: 50 }),
    quantity: str({ max: 20 }),
    prescriptionFileId: optional(fileIdField()),
  }),
  transport: object(
    {
      kind: oneOf(['transport'] as const),
      reason: str({ max: 200 }),
      hospital: str({ max: 50 }),
      pickupAt: instant(),
      companions: withDefault(int({ min: 0, max: MAX_COMPANIONS }), () => 0),
      recurrence: optional(recurrence),
    },
    (draft, _raw, path, ctx) => {
      if (draft.pickupAt) {
        const at = Date.parse(draft.pickupAt);
        if (at < ctx.now.getTime()) addError(ctx, joinPath(path, 'pickupAt'), 'PICKUP_IN_PAST');
        else if (at > ctx.now.getTime() + MAX_PICKUP_DAYS_AHEAD * 86_400_000)
          addError(ctx, joinPath(path, 'pickupAt'), 'OUT_OF_RANGE', `接送时间最多可预约${MAX_PICKUP_DAYS_AHEAD}天内`);
      }
      if (draft.recurrence && draft.pickupAt) {
        const first = shanghaiDateString(new Date(draft.pickupAt));
        const untilPath = joinPath(joinPath(path, 'recurrence'), 'until');
        const trips = Math.floor(daysBetween(first, draft.recurrence.until) / draft.recurrence.everyDays) + 1;
        if (draft.recurrence.until < first) addError(ctx, untilPath, 'OUT_OF_RANGE', '结束日期不能早于首次接送日期');
        // a schedule is at least two trips: one trip is a single request, not a recurring one
        else if (trips < 2) addError(ctx, untilPath, 'OUT_OF_RANGE', '周期接送至少要有两次，请延后结束日期（或取消“周期接送”）');
        else if (daysBetween(ctx.today, draft.recurrence.until) > MAX_RECURRENCE_DAYS)
          addError(ctx, untilPath, 'OUT_OF_RANGE', `周期最长${MAX_RECURRENCE_DAYS}天`);
      }
    },
  ),
  other: object({ kind: oneOf(['other'] as const), description: str({ max: 500 }) }),
} satisfies Record<RequestKind, Parser<unknown, unknown>>;

type DetailsInput = { [K in RequestKind]: InputOf<(typeof detailShapes)[K]> }[RequestKind];
const details: Parser<RequestDetails, DetailsInput> = (input, path, ctx) => {
  const kind = isRecord(input) ? input.kind : undefined;
  if (typeof kind !== 'string' || !(REQUEST_KINDS as readonly string[]).includes(kind)) {
    return addError(ctx, joinPath(path, 'kind'), isAbsent(kind) ? 'REQUIRED' : 'INVALID_ENUM', '请选择求助类型');
  }
  return (detailShapes[kind as RequestKind] as Parser<RequestDetails, DetailsInput>)(input, path, ctx);
};

/** What `request.create` takes: `clientRequestId` makes a retry never duplicate. */
export const requestInput = object({
  clientRequestId: str({ min: 8, max: 64, pattern: CLIENT_REQUEST_ID }),
  personId: str({ max: 64, pattern: CLIENT_REQUEST_ID }),
  urgency: oneOf(URGENCIES),
  details,
  note: optional(str({ max: 500 })),
  subscribed: optional(bool()),
});

export function parseRequestInput(input: unknown, now: Date): ParseResult<RequestInput> {
  return parseWith(requestInput, input, now);
}

// ---------------------------------------------------------------------------------------------
// stored documents

export interface RequestDoc {
  _id: string;
  householdId: string;
  personId: string;
  /** the resident's own household member; staff lists show it masked */
  personName: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  placePath: string[];
  address: string;
  kind: RequestKind;
  urgency: Urgency;
  details: RequestDetails;
  note?: string;
  status: RequestStatus;
  timeline: TimelineEntry[];
  /** resident who filed it: receives status messages when subscribed */
  filedByOpenid: string;
  subscribed: boolean;
  /** a recurring transport: its schedule and the slot this occurrence serves */
  scheduleId?: string;
  slot?: string;
  dueAt: Date;
  createdAt: Date;
  updatedAt: Date;
  closedAt?: Date;
}

/** A recurring medical transport: occurrences are created ahead of their time by the scheduler. */
export interface RequestScheduleDoc {
  _id: string;
  householdId: string;
  personId: string;
  personName: string;
  filedByOpenid: string;
  subscribed: boolean;
  urgency: Urgency;
  details: Extract<RequestDetails, { kind: 'transport' }>;
  note?: string;
  everyDays: number;
  until: string;
  /** pick-up time of the next occurrence not yet created */
  nextAt: Date;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** How far ahead the scheduler creates the next occurrence of a recurring transport. */
export const SCHEDULE_LEAD_HOURS = 24;

/** Pick-up times of a recurrence after the first: every N days, same clock time, up to `until` (Shanghai). */
export function nextOccurrence(previous: Date, everyDays: number, until: string): Date | null {
  const next = new Date(previous.getTime() + everyDays * 86_400_000);
  return shanghaiDateString(next) <= until ? next : null;
}

/** Slot key of an occurrence: its pick-up minute in Shanghai time, e.g. `202611240830`. */
export function slotKey(at: Date): string {
  const shanghai = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return shanghai.slice(0, 16).replace(/[-T:]/g, '');
}
