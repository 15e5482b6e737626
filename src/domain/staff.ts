/** Staff (grid workers, community admins, the data desk's dispatchers) and their scope. */
export const STAFF_ROLES = ['worker', 'admin', 'dispatcher'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { worker: '网格员', admin: '社区管理员', dispatcher: '调度员' };

/**
 * Who works the data desk (核查批次: import, fix, place, dispatch, progress, return file) for the
 * places of their scope: a community admin or a dispatcher. A dispatcher does nothing else an admin
 * alone does (the place tree, staff, posters, full-value exports).
 */
export function canDispatch(role: StaffRole): boolean {
  return role === 'admin' || role === 'dispatcher';
}

export interface StaffDoc {
  _id: string;
  openid: string;
  name: string;
  role: StaffRole;
  /** place ids: the staff member sees these places and everything below them */
  scope: string[];
  /** work phone shown to residents so they can call their grid worker */
  workPhone?: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A record is in scope when any of the staff's scope places is on its place path. */
export function inScope(scope: readonly string[], placePath: readonly string[]): boolean {
  return scope.some((id) => placePath.includes(id));
}

export interface InviteDoc {
  /** `iv_` + keyed hash of the invite code: the code itself is never stored */
  _id: string;
  role: StaffRole;
  name: string;
  workPhone?: string;
  scope: string[];
  createdByStaffId: string;
  expiresAt: Date;
  usedAt: Date | null;
  usedByStaffId?: string;
  createdAt: Date;
}

export const INVITE_CODE_LENGTH = 10;
export const INVITE_MAX_HOURS = 168;
export const INVITE_DEFAULT_HOURS = 72;
