/**
 * staff.assignees and staff.reassign — handing a queue item to a colleague. The new assignee must
 * be an active staff member whose scope covers the item's place (so the hand-over never widens who
 * can see the record). The write is conditional on the assignee that was read: of two hand-overs at
 * once exactly one wins. Every hand-over is in the audit log and reaches the new assignee through
 * the notification port.
 */
import { notificationPath, to } from '../../src/domain/routes';
import type { StaffContext } from '../common/staffAccess';
import type { AssigneeOption, QueueItemDetail, ParsedOf } from '../../src/domain/contracts';
import { NO_ASSIGNEE, type QueueItemDoc } from '../../src/domain/queue';
import type { StaffDoc } from '../../src/domain/staff';
import { inScope } from '../../src/domain/staff';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';

import { notify } from '../common/notify';

import { itemDetail, itemInScope } from './items';

/** The staff responsible for one place are a community's few dozen at most: the picker lists up to this many. */
const MAX_CANDIDATES = 100;

async function staffCovering(db: Database, placePath: string[]): Promise<StaffDoc[]> {
  const _ = db.command;
  const staff = await rows<StaffDoc>(
    db
      .collection(Collections.staff)
      .where({ scope: _.in(placePath), active: true })
      .limit(MAX_CANDIDATES),
  );
  // workers of the item's own grid first, then by name
  const depth = (s: StaffDoc) => Math.max(...s.scope.map((id) => placePath.indexOf(id)));
  return staff.sort((a, b) => depth(b) - depth(a) || a.name.localeCompare(b.name, 'zh'));
}

export async function assignees(ctx: StaffContext, p: ParsedOf<'staff', 'assignees'>): Promise<AssigneeOption[]> {
  const { access } = ctx;
  const item = await itemInScope(ctx.db, access, p.itemId);
  return (await staffCovering(ctx.db, item.placePath)).map((s) => ({
    staffId: s._id,
    name: s.name,
    role: s.role,
    current: s._id === item.assigneeStaffId,
  }));
}

export async function reassign(ctx: StaffContext, p: ParsedOf<'staff', 'reassign'>): Promise<QueueItemDetail> {
  const { db, now } = ctx;
  const { access } = ctx;
  const item = await itemInScope(db, access, p.itemId);
  if (item.status === 'closed') return fail('CONFLICT', '该事项已办结，不能转派');
  const expected = p.expectedAssignee === undefined ? item.assigneeStaffId : p.expectedAssignee === NO_ASSIGNEE ? null : p.expectedAssignee;
  if (expected !== item.assigneeStaffId) return fail('CONFLICT', '该事项刚被他人处理或转派，请刷新后查看');
  if (item.assigneeStaffId === p.toStaffId) return fail('ASSIGNEE_SAME', undefined, 'toStaffId');
  const target = await first<StaffDoc>(db.collection(Collections.staff).where({ _id: p.toStaffId, active: true }));
  if (!target || !inScope(target.scope, item.placePath)) return fail('ASSIGNEE_INVALID', undefined, 'toStaffId');

  const _ = db.command;
  const moved = (await db
    .collection(Collections.queueItems)
    .where({ _id: item._id, status: _.neq('closed'), assigneeStaffId: expected })
    .update({ data: { assigneeStaffId: target._id, updatedAt: now } })) as { stats?: { updated?: number } };
  if ((moved.stats?.updated ?? 0) !== 1) return fail('CONFLICT', '该事项刚被他人处理或转派，请刷新后查看');

  await appendAudit(db, {
    action: 'reassign',
    staff: access.staff,
    target: { collection: Collections.queueItems, id: item._id, field: `to:${target._id}` },
    ...(p.note ? { reason: p.note } : {}),
    at: now,
  });
  await notify(
    db,
    {
      key: `assign_${item._id}_${now.getTime().toString(36)}`,
      toOpenid: target.openid,
      template: 'itemAssigned',
      page: notificationPath(to.staffItem(item._id)),
      data: { title: item.title.slice(0, 20), from: access.staff.name.slice(0, 10), ...(p.note ? { note: p.note.slice(0, 20) } : {}) },
    },
    now,
  );
  const fresh = await first<QueueItemDoc>(db.collection(Collections.queueItems).where({ _id: item._id }));
  return itemDetail(ctx, access, fresh ?? item);
}
