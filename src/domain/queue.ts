/** The work queue: one collection of items that need a human, read by the staff tab. */

export const QUEUE_KINDS = ['verify_report', 'request', 'checkin_alert', 'household_conflict'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];
export const QUEUE_KIND_LABELS: Record<QueueKind, string> = {
  verify_report: '报备核实',
  request: '居民求助',
  checkin_alert: '打卡异常',
  household_conflict: '家庭成员冲突',
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
  createdAt: Date;
  updatedAt: Date;
  closedAt?: Date;
}
