import type { RequestView } from '../../src/domain/contracts';
import { availableActions, type RequestDoc } from '../../src/domain/requests';

export function requestView(r: RequestDoc): RequestView {
  const details = r.details;
  return {
    requestId: r._id,
    kind: r.kind,
    urgency: r.urgency,
    status: r.status,
    personId: r.personId,
    personName: r.personName,
    address: r.address,
    details,
    note: r.note,
    timeline: r.timeline.map((t) => ({
      action: t.action,
      to: t.to,
      actorKind: t.actor.kind,
      actorName: t.actor.name,
      note: t.note,
      at: new Date(t.at).toISOString(),
    })),
    recurrence: details.kind === 'transport' ? details.recurrence : undefined,
    canCancel: availableActions(r.status, 'owner').includes('cancel'),
    dueAt: new Date(r.dueAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
