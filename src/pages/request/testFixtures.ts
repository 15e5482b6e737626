/** Request views for the page tests, shaped by the contract (what `request.*` answers). */
import { type RequestDetails, type RequestStatus, type RequestView, type TimelineEntryView } from '../../domain';

const SUBMITTED: TimelineEntryView = {
  action: 'submit',
  to: 'submitted',
  actorKind: 'owner',
  actorName: '居民',
  at: '2026-11-20T01:00:00.000Z',
};

export function requestView(n: number, overrides: Partial<RequestView> = {}): RequestView {
  const details: RequestDetails = overrides.details ?? { kind: 'supplies', items: [{ name: `大米${n}`, quantity: 2, unit: '袋' }] };
  const status: RequestStatus = overrides.status ?? 'submitted';
  return {
    requestId: `rq_${n}`,
    kind: details.kind,
    urgency: 'normal',
    status,
    personId: 'p-0',
    personName: '张三',
    address: '祥云一区 3号楼 1单元 101',
    details,
    timeline: [SUBMITTED],
    recurrence: details.kind === 'transport' ? details.recurrence : undefined,
    canCancel: status === 'submitted',
    dueAt: '2026-11-21T01:00:00.000Z',
    // 09:00 in Shanghai, one day earlier per n
    createdAt: new Date(Date.UTC(2026, 10, 20 - n, 1, 0)).toISOString(),
    updatedAt: '2026-11-20T01:00:00.000Z',
    ...overrides,
  };
}

export function accepted(view: RequestView): RequestView {
  return {
    ...view,
    status: 'accepted',
    canCancel: false,
    timeline: [
      ...view.timeline,
      { action: 'accept', to: 'accepted', actorKind: 'worker', actorName: '李网格', at: '2026-11-20T01:05:00.000Z' },
    ],
  };
}

export function cancelled(view: RequestView, note?: string): RequestView {
  return {
    ...view,
    status: 'cancelled',
    canCancel: false,
    timeline: [
      ...view.timeline,
      { action: 'cancel', to: 'cancelled', actorKind: 'owner', actorName: '居民', note, at: '2026-11-20T01:10:00.000Z' },
    ],
  };
}
