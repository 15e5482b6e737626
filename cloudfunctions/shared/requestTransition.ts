/**
 * Moving a request through its status machine. The decision comes from the domain's
 * `decideTransition`; the write is conditional on the status the decision was made from, so of two
 * people acting at once exactly one wins and the other is told the request has moved on.
 */
import { notificationPath, to } from '../../src/domain/routes';
import {
  REQUEST_STATUS_LABELS,
  CLOSED_REQUEST_STATUSES,
  decideTransition,
  type RequestAction,
  type RequestActor,
  type RequestDoc,
  type TimelineEntry,
} from '../../src/domain/requests';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first } from '../common/db';
import { fail } from '../common/errors';
import { notify } from '../common/notify';
import { closeQueueItems } from '../common/queue';

/** Statuses a resident is told about by a subscribe message. */
const NOTIFY_RESIDENT_ON: readonly RequestDoc['status'][] = ['accepted', 'done', 'rejected'];

export async function applyTransition(
  db: Database,
  request: RequestDoc,
  action: RequestAction,
  actor: { kind: RequestActor; name: string; staffId?: string },
  note: string | undefined,
  now: Date,
): Promise<RequestDoc> {
  const decision = decideTransition(request.status, action, actor.kind, note);
  if (!decision.ok) {
    if (decision.code === 'REQUEST_TRANSITION_INVALID') {
      return fail('REQUEST_TRANSITION_INVALID', `该求助${REQUEST_STATUS_LABELS[request.status]}，不能再${actionVerb(action)}`);
    }
    return fail(decision.code, undefined, decision.code === 'NOTE_REQUIRED' ? 'note' : undefined);
  }
  const entry: TimelineEntry = {
    action,
    from: request.status,
    to: decision.to,
    actor: { kind: actor.kind, name: actor.name },
    ...(note ? { note } : {}),
    at: now,
  };
  const closed = CLOSED_REQUEST_STATUSES.includes(decision.to);
  const _ = db.command;
  const res = (await db
    .collection(Collections.requests)
    .where({ _id: request._id, status: request.status })
    .update({ data: { status: decision.to, timeline: _.push(entry), updatedAt: now, ...(closed ? { closedAt: now } : {}) } })) as {
    stats?: { updated?: number };
  };
  if ((res.stats?.updated ?? 0) !== 1) return fail('CONFLICT', '该求助已被他人处理，请刷新后查看最新状态');

  if (closed) await closeQueueItems(db, request._id, decision.to, now);
  const updated = await first<RequestDoc>(db.collection(Collections.requests).where({ _id: request._id }));
  if (!updated) return fail('NOT_FOUND');
  if (updated.subscribed && NOTIFY_RESIDENT_ON.includes(decision.to)) {
    await notify(
      db,
      {
        key: `status_${request._id}_${decision.to}`,
        toOpenid: updated.filedByOpenid,
        template: 'requestStatus',
        page: notificationPath(to.requestDetail(request._id)),
        data: { status: REQUEST_STATUS_LABELS[decision.to], note: (note ?? '').slice(0, 20), time: now.toISOString() },
      },
      now,
    );
  }
  return updated;
}

function actionVerb(action: RequestAction): string {
  return { submit: '提交', accept: '受理', start: '开始办理', complete: '办结', cancel: '取消', reject: '驳回', escalate: '上报' }[action];
}
