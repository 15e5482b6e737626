/**
 * Staff administration: places to pick a scope from, invites (one-time, expiring, code stored only
 * as a keyed hash), accepting an invite (binds the caller's WeChat identity), the staff list and
 * deactivation / re-scoping. Role changes and invites are audited.
 */
import { randomInt } from 'crypto';
import type { InviteView, Page, PlaceRef, StaffMemberView, StaffProfile, ParsedOf } from '../../src/domain/contracts';
import { PLACE_CODE_ALPHABET, type Place } from '../../src/domain/places';
import { INVITE_CODE_LENGTH, INVITE_DEFAULT_HOURS, inScope, type InviteDoc, type StaffDoc } from '../../src/domain/staff';

import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash } from '../common/crypto';
import { first, rows } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import type { CallContext } from '../common/handler';
import { cursorCodec, cursorParts } from '../common/cursors';
import { keysetPage } from '../common/paging';
import { toRef } from '../common/places';
import { findActiveStaff, requireStaff, type StaffAccess, type AdminContext, type StaffContext } from '../common/staffAccess';
import { randomBytes } from 'crypto';

/** Every id must be a place under the caller's scope. */
async function placesInScope(db: Database, access: StaffAccess, ids: string[]): Promise<Place[]> {
  const _ = db.command;
  const places = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ _id: _.in(ids) })
      .limit(ids.length),
  );
  const scope = access.scope.map((p) => p._id);
  if (places.length !== new Set(ids).size || places.some((p) => !inScope(scope, p.path))) return fail('SCOPE_OUTSIDE', undefined, 'scope');
  return places;
}

export async function staffPlaces(ctx: StaffContext, payload: ParsedOf<'staff', 'places'>): Promise<PlaceRef[]> {
  const { access } = ctx;
  if (!payload.parentId) return access.scope.map(toRef);
  await placesInScope(ctx.db, access, [payload.parentId]);
  const children = await rows<Place>(
    ctx.db.collection(Collections.places).where({ parentId: payload.parentId }).orderBy('sort', 'asc').limit(1000),
  );
  return children.map(toRef);
}

/** Staff names come only from invites; the staff list's cursor carries one. */
const STAFF_NAME_MAX_LENGTH = 30;

const inviteId = (code: string) => `iv_${keyedHash(HashNamespaces.submission, `invite:${code}`).slice(0, 32)}`;

export async function createInvite(ctx: AdminContext, payload: ParsedOf<'staff', 'createInvite'>): Promise<InviteView> {
  const { db, now } = ctx;
  const { access } = ctx;
  const places = await placesInScope(db, access, payload.scope);
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += PLACE_CODE_ALPHABET[randomInt(PLACE_CODE_ALPHABET.length)];
  const expiresAt = new Date(now.getTime() + (payload.expiresInHours ?? INVITE_DEFAULT_HOURS) * 3600_000);
  const invite: InviteDoc = {
    _id: inviteId(code),
    role: payload.role,
    name: payload.name,
    ...(payload.workPhone ? { workPhone: payload.workPhone } : {}),
    scope: payload.scope,
    createdByStaffId: access.staff._id,
    expiresAt,
    usedAt: null,
    createdAt: now,
  };
  await db.collection(Collections.invites).add({ data: invite });
  await appendAudit(db, {
    action: 'invite_create',
    staff: access.staff,
    target: { collection: Collections.invites, id: invite._id },
    reason: `${payload.role}:${payload.name}`,
    at: now,
  });
  return { inviteCode: code, role: invite.role, name: invite.name, scope: places.map(toRef), expiresAt: expiresAt.toISOString() };
}

export async function acceptInvite(ctx: CallContext, payload: ParsedOf<'staff', 'acceptInvite'>): Promise<StaffProfile> {
  const { db, now, caller } = ctx;
  const invite = await first<InviteDoc>(db.collection(Collections.invites).where({ _id: inviteId(payload.inviteCode) }));
  if (!invite) return fail('INVITE_INVALID', undefined, 'inviteCode');
  if (invite.usedAt) return fail('INVITE_USED', undefined, 'inviteCode');
  if (new Date(invite.expiresAt).getTime() < now.getTime()) return fail('INVITE_EXPIRED', undefined, 'inviteCode');
  if (await findActiveStaff(db, caller.openid)) return fail('ALREADY_STAFF');

  const staffId = `st_${randomBytes(8).toString('hex')}`;
  // One-time: only the accept that flips usedAt from null binds an identity.
  const claimed = (await db
    .collection(Collections.invites)
    .where({ _id: invite._id, usedAt: null })
    .update({ data: { usedAt: now, usedByStaffId: staffId } })) as { stats?: { updated?: number } };
  if ((claimed.stats?.updated ?? 0) !== 1) return fail('INVITE_USED', undefined, 'inviteCode');

  const existing = await first<StaffDoc>(db.collection(Collections.staff).where({ openid: caller.openid }));
  const fields = {
    name: invite.name,
    role: invite.role,
    scope: invite.scope,
    ...(invite.workPhone ? { workPhone: invite.workPhone } : {}),
    active: true,
    updatedAt: now,
  };
  let staff: StaffDoc;
  if (existing) {
    // a deactivated staff member invited again comes back with the new role and scope
    await db.collection(Collections.staff).doc(existing._id).update({ data: fields });
    staff = { ...existing, ...fields };
  } else {
    staff = { _id: staffId, openid: caller.openid, createdAt: now, ...fields };
    try {
      await db.collection(Collections.staff).add({ data: staff });
    } catch (e) {
      if (isDuplicateKeyError(e)) return fail('ALREADY_STAFF');
      throw e;
    }
  }
  await appendAudit(db, { action: 'invite_accept', staff, target: { collection: Collections.invites, id: invite._id }, at: now });
  const access = await requireStaff(db, caller.openid);
  return { staffId: staff._id, name: staff.name, role: staff.role, scope: access.scope.map(toRef) };
}

async function memberView(db: Database, s: StaffDoc): Promise<StaffMemberView> {
  const _ = db.command;
  const places = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ _id: _.in(s.scope) })
      .limit(s.scope.length),
  );
  return {
    staffId: s._id,
    name: s.name,
    role: s.role,
    scope: places.map(toRef),
    ...(s.workPhone ? { workPhone: s.workPhone } : {}),
    active: s.active,
  };
}

const STAFF_PAGE = 50;
/** By name, by key: a staff member joining or re-scoped while the admin pages never shifts the next page. */
const staffCursor = cursorCodec<[string, string]>('staff', cursorParts.text(STAFF_NAME_MAX_LENGTH), cursorParts.id);
/** Staff whose scope lies under the admin's scope (a staff scope place is on or below it). */
export async function listStaff(ctx: AdminContext, payload: ParsedOf<'staff', 'listStaff'>): Promise<Page<StaffMemberView>> {
  const { db } = ctx;
  const { access } = ctx;
  const _ = db.command;
  // every place under the admin's scope, then staff scoped to any of them
  const under = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ path: _.in(access.scope.map((p) => p._id)), level: _.in(['street', 'community', 'area', 'grid']) })
      .limit(1000),
  );
  const list = await keysetPage<StaffDoc>(
    db,
    Collections.staff,
    { scope: _.in(under.map((p) => p._id)) },
    { field: 'name', dir: 'asc' },
    staffCursor.decode(payload.cursor),
    STAFF_PAGE + 1,
  );
  const page = list.slice(0, STAFF_PAGE);
  const last = page[page.length - 1];
  const items = await Promise.all(page.map((s) => memberView(db, s)));
  return { items, nextCursor: list.length > STAFF_PAGE ? staffCursor.encode([last.name, last._id]) : null };
}

export async function updateStaff(ctx: AdminContext, payload: ParsedOf<'staff', 'updateStaff'>): Promise<StaffMemberView> {
  const { db, now } = ctx;
  const { access } = ctx;
  const target = await first<StaffDoc>(db.collection(Collections.staff).where({ _id: payload.staffId }));
  if (!target) return fail('NOT_FOUND', '工作人员不存在', 'staffId');
  await placesInScope(db, access, target.scope); // only staff under the admin's own scope
  if (payload.scope) await placesInScope(db, access, payload.scope);
  if (target._id === access.staff._id && payload.active === false) return fail('FORBIDDEN', '不能停用自己的账号');
  // an admin who demoted themselves could lock the community out of its own settings
  if (target._id === access.staff._id && payload.role !== undefined && payload.role !== target.role)
    return fail('FORBIDDEN', '不能修改自己的角色，请由其他社区管理员修改');
  const changes = {
    ...(payload.active !== undefined ? { active: payload.active } : {}),
    ...(payload.scope ? { scope: payload.scope } : {}),
    ...(payload.role ? { role: payload.role } : {}),
    updatedAt: now,
  };
  await db.collection(Collections.staff).doc(target._id).update({ data: changes });
  await appendAudit(db, {
    action: 'role_change',
    staff: access.staff,
    target: { collection: Collections.staff, id: target._id },
    reason: JSON.stringify({ active: payload.active, scope: payload.scope, ...(payload.role ? { role: { from: target.role, to: payload.role } } : {}) }),
    at: now,
  });
  return memberView(db, { ...target, ...changes });
}
