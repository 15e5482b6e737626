/** The work queue: one collection of items that need a human, read by the staff tab. */

export const QUEUE_KINDS = ['verify_report', 'request', 'checkin_alert', 'household_conflict', 'batch_row'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];
export const QUEUE_KIND_LABELS: Record<QueueKind, string> = {
  verify_report: '报备核实',
  request: '居民求助',
  checkin_alert: '打卡异常',
  household_conflict: '家庭成员冲突',
  batch_row: '上级核查',
};

/** `staff.reassign`'s `expectedAssignee` for an item the caller saw unassigned (staff ids start with `st_`). */
export const NO_ASSIGNEE = 'none';

export const QUEUE_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** Lower sorts first: the queue is ordered by priority, then due time. */
export const PRIORITIES = { emergency: 0, urgent: 1, normal: 2 } as const;
export type PriorityName = keyof typeof PRIORITIES;
export type Priority = (typeof PRIORITIES)[PriorityName];

/** Default SLA per urgency in minutes (a community may override). */
export const DEFAULT_SLA_MINUTES: Record<PriorityName, number> = {
  emergency: 10,
  urgent: 60,
  normal: 24 * 60,
};

export function dueAt(createdAt: Date, priority: PriorityName, slaMinutes: Record<PriorityName, number> = DEFAULT_SLA_MINUTES): Date {
  return new Date(createdAt.getTime() + slaMinutes[priority] * 60_000);
}

/**
 * The queue's order as one sortable string: priority, then due time, then id. A worker's list is
 * one range query over (place, status, sortKey), and its cursor is the last sortKey seen, so paging
 * never skips or repeats an item even while others are closed.
 */
export function queueSortKey(priority: Priority, due: Date, id: string): string {
  return `${priority}|${due.toISOString()}|${id}`;
}

export interface QueueItemDoc {
  _id: string;
  kind: QueueKind;
  /** id of the report, request, person or household conflict the item is about */
  refId: string;
  /** household the item concerns, when there is one */
  householdId?: string;
  communityId: string;
  gridId: string;
  /** materialized path of the place (street … building): "everything under my scope" is one query */
  placePath: string[];
  priority: Priority;
  dueAt: Date;
  /** `queueSortKey(priority, dueAt, _id)` */
  sortKey: string;
  status: QueueStatus;
  assigneeStaffId: string | null;
  /** short, masked text for the list: never a full ID or phone number */
  title: string;
  summary: string;
  closedReason?: string;
  /** verify items: `reportKey` of the report in `refId` (a newer filing takes the item over) */
  reportKey?: string;
  /** whom the item is about (the reporter, the person helped or alerted), in full: only staff in scope read items */
  personName?: string;
  /** where they live, down to the room */
  address?: string;
  /** what the worker's search finds it by (`searchKeysOf`): name fragments, rooms, phone tails — never a full number */
  searchKeys?: string[];
  createdAt: Date;
  updatedAt: Date;
  closedAt?: Date;
}

// ---------------------------------------------------------------------------------------------
// the worker's search: 200 items are found by a name, a room or a phone's last four digits

/** Longest search text (a name, a room, a phone number). */
export const QUEUE_SEARCH_MAX = 20;
/** Name fragments are indexed up to this many characters (longer names: their full form too). */
const NAME_KEY_CHARS = 8;

/** Whom and where an item is about, as its search sees it. */
export interface ItemSearchSubject {
  names: readonly string[];
  /** masked phones (`138****5678`): their last four digits are shown anyway, nothing more is kept */
  phonesMasked?: ReadonlyArray<string | undefined>;
  address?: string;
}

const compact = (text: string): string => text.replace(/\s+/g, '').toLowerCase();

/** The last four digits of a masked (or full) phone number, or null. */
export function phoneTail(phone: string): string | null {
  return /(\d{4})$/.exec(phone)?.[1] ?? null;
}

/**
 * The keys an item is found by: each name's surname (first character) and every run of two or more
 * of its characters (张伟 → 张, 张伟; 张小明 → 小明 too), each phone's last four digits, the room and
 * unit+room of the address (`… 1单元 301` → 301, 1单元301). Equality on these is one indexed lookup.
 */
export function searchKeysOf(subject: ItemSearchSubject): string[] {
  const keys = new Set<string>();
  for (const raw of subject.names) {
    const name = compact(raw);
    const chars = Array.from(name);
    if (chars.length === 0) continue;
    keys.add(chars[0]);
    keys.add(name);
    const n = Math.min(chars.length, NAME_KEY_CHARS);
    for (let i = 0; i < n; i++) for (let j = i + 2; j <= n; j++) keys.add(chars.slice(i, j).join(''));
  }
  for (const masked of subject.phonesMasked ?? []) {
    const tail = masked ? phoneTail(masked) : null;
    if (tail) keys.add(tail);
  }
  const parts = (subject.address ?? '').split(/\s+/).filter(Boolean);
  if (parts.length > 0) {
    const room = compact(parts[parts.length - 1]);
    keys.add(room);
    if (parts.length > 1) keys.add(compact(parts[parts.length - 2]) + room);
  }
  return [...keys];
}

/** What a typed search looks up: the text without spaces; a whole phone number finds its last four digits. */
export function searchKeyOf(text: string): string | null {
  const key = compact(text);
  if (key === '') return null;
  return /^1\d{10}$/.test(key) ? key.slice(-4) : key;
}
