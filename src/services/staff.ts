/**
 * The staff side (工作台): grid workers' queue and items, audited reveals, and the admins' invites
 * and staff list. Every call goes through `callCloud`; the server checks role and scope each time.
 */
import {
  type AssigneeOption,
  type BuildingView,
  type BatchIsolationResult,
  type BatchVerifyResult,
  type IsolationKind,
  type PayloadOf,
  type ConflictResolution,
  type HouseholdReportInput,
  type InviteView,
  type Page,
  type PlaceRef,
  type QueueItemDetail,
  type QueueKind,
  type QueuePage,
  type ReportReceipt,
  type Result,
  type RevealField,
  type StaffMemberView,
  type StaffProfile,
  type StaffRole,
  type StaffRequestAction,
  type VerifyMethod,
  type VerifyOutcome,
  to,
} from '../domain';
import { NO_ASSIGNEE } from '../domain/queue';
import { callCloud } from './cloud';

/** Quick reasons offered when revealing a full ID or phone number (the server audits the reason). */
export const REVEAL_REASONS = ['电话联系', '入户核实', '上级核查'] as const;

/** Errors meaning someone else acted on the item first: show the message and reload. */
export const STALE_ITEM_CODES: readonly string[] = ['CONFLICT', 'REQUEST_TRANSITION_INVALID', 'CONFLICT_RESOLVED'];

export function getStaffMe(): Promise<Result<StaffProfile | null>> {
  return callCloud('staff', 'me', {});
}

export interface QueueQuery {
  kind?: QueueKind;
  status: 'open' | 'in_progress';
  /** one building of the caller's scope */
  buildingId?: string;
  /** a name, a room or a phone's last four digits; blank: no search */
  search?: string;
  cursor: string | null;
  /** the dashboard's filters: a place of the scope, one urgency, past due only */
  placeId?: string;
  priority?: 'emergency' | 'urgent' | 'normal';
  overdue?: boolean;
}

export function getQueue({ kind, status, buildingId, search, cursor, placeId, priority, overdue }: QueueQuery): Promise<Result<QueuePage>> {
  const text = search?.trim();
  return callCloud('staff', 'queue', {
    status,
    cursor,
    ...(kind ? { kind } : {}),
    ...(buildingId ? { buildingId } : {}),
    ...(text ? { search: text } : {}),
    ...(placeId ? { placeId } : {}),
    ...(priority ? { priority } : {}),
    ...(overdue ? { overdue: true } : {}),
  });
}

/** The buildings of the caller's scope, every page (the queue's building filter). */
export async function getScopeBuildings(): Promise<Result<BuildingView[]>> {
  const all: BuildingView[] = [];
  let cursor: string | null = null;
  // a street has some thousands: enough to pick from, and the loop always ends
  for (let page = 0; page < 50; page++) {
    const res: Result<Page<BuildingView>> = await callCloud('staff', 'buildings', { cursor });
    if (!res.ok) return res;
    all.push(...res.data.items);
    cursor = res.data.nextCursor;
    if (cursor === null) break;
  }
  return { ok: true, data: all };
}

export function getItem(itemId: string): Promise<Result<QueueItemDetail>> {
  return callCloud('staff', 'item', { itemId });
}

export function revealField(personId: string, field: RevealField, reason: string): Promise<Result<{ value: string }>> {
  return callCloud('staff', 'reveal', { personId, field, reason: reason.trim() });
}

export function verifyReport(
  itemId: string,
  outcome: VerifyOutcome,
  methods: VerifyMethod[],
  note: string,
): Promise<Result<QueueItemDetail>> {
  const trimmed = note.trim();
  return callCloud('staff', 'verify', trimmed ? { itemId, outcome, methods, note: trimmed } : { itemId, outcome, methods });
}

/** 批量核实: several reports with one outcome; the answer says which went through. */
export function verifyReports(
  itemIds: string[],
  outcome: VerifyOutcome,
  methods: VerifyMethod[],
  note: string,
): Promise<Result<{ results: BatchVerifyResult[]; verified: number }>> {
  const trimmed = note.trim();
  return callCloud('staff', 'verifyMany', trimmed ? { itemIds, outcome, methods, note: trimmed } : { itemIds, outcome, methods });
}

/** The number of a person the item names, to dial now (the server audits the call). */
export function callNumber(itemId: string, personId: string): Promise<Result<{ phone: string }>> {
  return callCloud('staff', 'call', { itemId, personId });
}

/** Home isolation (or monitoring) for several members of a household at once. */
export function startIsolations(input: {
  personIds: string[];
  kind: IsolationKind;
  startDate: string;
  plannedDays: number;
  reason: string;
}): Promise<Result<{ results: BatchIsolationResult[]; started: number }>> {
  return callCloud('staff', 'startIsolations', { ...input, reason: input.reason.trim() });
}

export function actOnRequest(itemId: string, action: StaffRequestAction, note: string): Promise<Result<QueueItemDetail>> {
  const trimmed = note.trim();
  return callCloud('staff', 'requestAction', trimmed ? { itemId, action, note: trimmed } : { itemId, action });
}

/** Decides a household conflict: move the person, keep them, or merge the households (audited). */
export function resolveConflict(itemId: string, resolution: ConflictResolution, note: string): Promise<Result<QueueItemDetail>> {
  const trimmed = note.trim();
  return callCloud('staff', 'resolveConflict', trimmed ? { itemId, resolution, note: trimmed } : { itemId, resolution });
}

/** 代报: files a household for a resident without a smartphone; the report records the worker. */
export function fileForResident(input: HouseholdReportInput): Promise<Result<ReportReceipt>> {
  return callCloud('staff', 'proxyReport', input);
}

/** Staff who could take the item over: active, and responsible for its place. */
export function getAssignees(itemId: string): Promise<Result<AssigneeOption[]>> {
  return callCloud('staff', 'assignees', { itemId });
}

/** Hands the item to a colleague (转派); the server audits it and notifies them. */
export function reassignItem(
  itemId: string,
  toStaffId: string,
  note: string,
  expectedAssignee: string | null,
): Promise<Result<QueueItemDetail>> {
  const trimmed = note.trim();
  const seen = expectedAssignee ?? NO_ASSIGNEE;
  return callCloud(
    'staff',
    'reassign',
    trimmed ? { itemId, toStaffId, expectedAssignee: seen, note: trimmed } : { itemId, toStaffId, expectedAssignee: seen },
  );
}

/** Closes a check-in alert (打卡异常 / 未按时打卡) after handling it, with an optional note. */
export function acknowledgeItem(itemId: string, note: string): Promise<Result<QueueItemDetail>> {
  const trimmed = note.trim();
  return callCloud('staff', 'acknowledge', trimmed ? { itemId, note: trimmed } : { itemId });
}

/** Places one level below `parentId` within the caller's scope; without it, the caller's scope roots. */
export function getScopePlaces(parentId: string | null): Promise<Result<PlaceRef[]>> {
  return callCloud('staff', 'places', parentId ? { parentId } : {});
}

/** The invite as the form's schema check left it (trimmed, phone normalised). */
export function createInvite(input: PayloadOf<'staff', 'createInvite'>): Promise<Result<InviteView>> {
  return callCloud('staff', 'createInvite', input);
}

export function acceptInvite(inviteCode: string): Promise<Result<StaffProfile>> {
  return callCloud('staff', 'acceptInvite', { inviteCode: inviteCode.trim() });
}

export function listStaff(cursor: string | null): Promise<Result<Page<StaffMemberView>>> {
  return callCloud('staff', 'listStaff', { cursor });
}

export function setStaffActive(staffId: string, active: boolean): Promise<Result<StaffMemberView>> {
  return callCloud('staff', 'updateStaff', { staffId, active });
}

/** A member's role (网格员 / 调度员 / 社区管理员): it applies from their next call. */
export function setStaffRole(staffId: string, role: StaffRole): Promise<Result<StaffMemberView>> {
  return callCloud('staff', 'updateStaff', { staffId, role });
}

/** The page a new worker opens to accept an invite (mini-program path). */
export function joinPath(inviteCode: string): string {
  return to.staffJoin(inviteCode);
}

/** What to send the new worker: on H5 the full URL of the join page, in WeChat the page path. */
export function joinLink(inviteCode: string): string {
  const path = joinPath(inviteCode);
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') return `${window.location.origin}/#${path}`;
  return path;
}
