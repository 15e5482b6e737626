/**
 * Who the calling staff member is and what they may see, read from the database on every call: a
 * deactivated or re-scoped staff member loses access on their next call.
 */
import type { Place } from '../../src/domain/places';
import { canDispatch, inScope, type StaffDoc } from '../../src/domain/staff';
import type { CallContext } from './handler';
import { Collections } from './collections';
import type { Database } from './cloud';
import { first, rows } from './db';
import { fail, isDuplicateKeyError } from './errors';

export interface StaffAccess {
  staff: StaffDoc;
  /** scope places with nested ones removed: every record is under at most one of them */
  scope: Place[];
}

export async function findActiveStaff(db: Database, openid: string): Promise<StaffDoc | null> {
  return first<StaffDoc>(db.collection(Collections.staff).where({ openid, active: true }));
}

export async function requireStaff(db: Database, openid: string): Promise<StaffAccess> {
  const staff = await findActiveStaff(db, openid);
  if (!staff) return fail('FORBIDDEN', '仅限社区工作人员使用');
  const _ = db.command;
  const places = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ _id: _.in(staff.scope) })
      .limit(staff.scope.length),
  );
  const ids = new Set(places.map((p) => p._id));
  // a place below another scope place adds nothing (and would list its records twice)
  const scope = places.filter((p) => !p.path.slice(0, -1).some((ancestor) => ids.has(ancestor)));
  if (scope.length === 0) return fail('FORBIDDEN', '您的管辖范围为空，请联系社区管理员');
  return { staff, scope };
}

/** A staff action's context: the caller's staff record and scope, read once per call. */
export interface StaffContext extends CallContext {
  access: StaffAccess;
}
/** An admin action's context (the caller is an active admin). */
export type AdminContext = StaffContext;

/** Runs a staff use case with the caller's access read first (FORBIDDEN for anyone else). */
export function asStaff<P, D>(run: (ctx: StaffContext, payload: P) => Promise<D>): (ctx: CallContext, payload: P) => Promise<D> {
  return async (ctx, payload) => run({ ...ctx, access: await requireStaff(ctx.db, ctx.caller.openid) }, payload);
}

/** Runs an admin use case: an active staff member whose role is admin. */
export function asAdmin<P, D>(run: (ctx: AdminContext, payload: P) => Promise<D>): (ctx: CallContext, payload: P) => Promise<D> {
  return async (ctx, payload) => {
    const access = await requireStaff(ctx.db, ctx.caller.openid);
    if (access.staff.role !== 'admin') return fail('FORBIDDEN', '仅限社区管理员操作');
    return run({ ...ctx, access }, payload);
  };
}

/** Runs a data desk use case: an active admin or dispatcher (`canDispatch`), within their scope. */
export function asDispatcher<P, D>(run: (ctx: StaffContext, payload: P) => Promise<D>): (ctx: CallContext, payload: P) => Promise<D> {
  return async (ctx, payload) => {
    const access = await requireStaff(ctx.db, ctx.caller.openid);
    if (!canDispatch(access.staff.role)) return fail('FORBIDDEN', '仅限社区管理员或调度员操作');
    return run({ ...ctx, access }, payload);
  };
}

/** The caller's scope place ids. */
export const scopeIds = (access: StaffAccess): string[] => access.scope.map((p) => p._id);

/**
 * A record the caller may see: it exists and lies under their scope. Anything else is "not found",
 * so a record outside the scope is not even confirmed to exist.
 */
export function requireInScope<T extends { placePath: readonly string[] }>(
  access: StaffAccess,
  record: T | null,
  notFound: string,
  field?: string,
): T {
  if (!record || !inScope(scopeIds(access), record.placePath)) return fail('NOT_FOUND', notFound, field);
  return record;
}

/** A where-clause fragment selecting records whose place path is under the staff's scope. */
export function underScope(db: Database, access: StaffAccess): { placePath: unknown } {
  const ids = access.scope.map((p) => p._id);
  return { placePath: ids.length === 1 ? ids[0] : db.command.in(ids) };
}

/**
 * The first admin comes from deployment configuration: `GRIDLINK_FIRST_ADMIN_OPENID` and the place
 * ids of their scope in `GRIDLINK_FIRST_ADMIN_SCOPE` (comma separated). Created once, on that
 * person's first staff call, only while they have no staff record.
 */
export async function bootstrapFirstAdmin(db: Database, openid: string, now: Date): Promise<void> {
  const configured = process.env.GRIDLINK_FIRST_ADMIN_OPENID;
  const scope = (process.env.GRIDLINK_FIRST_ADMIN_SCOPE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!configured || configured !== openid || scope.length === 0) return;
  if (await first<StaffDoc>(db.collection(Collections.staff).where({ openid }))) return;
  const _ = db.command;
  const places = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ _id: _.in(scope) })
      .limit(scope.length),
  );
  if (places.length !== scope.length) {
    console.error('[staff] GRIDLINK_FIRST_ADMIN_SCOPE names places that do not exist');
    return;
  }
  const staff: StaffDoc = {
    _id: `st_first_admin`,
    openid,
    name: '社区管理员',
    role: 'admin',
    scope,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(Collections.staff).add({ data: staff });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
  }
}

/**
 * A place of the caller's scope by id (a grid, an area… — the dashboard's lists narrow to one);
 * anything else is "not found", as everywhere.
 */
export async function requirePlaceInScope(db: Database, access: StaffAccess, placeId: string): Promise<Place> {
  const [place] = await rows<Place>(db.collection(Collections.places).where({ _id: placeId }).limit(1));
  if (!place || !inScope(scopeIds(access), place.path)) return fail('NOT_FOUND', '地点不存在或不在您的管辖范围内', 'placeId');
  return place;
}

