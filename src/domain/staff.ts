/** Staff (grid workers and community admins) and their scope. */
export const STAFF_ROLES = ['worker', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { worker: '网格员', admin: '社区管理员' };

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
