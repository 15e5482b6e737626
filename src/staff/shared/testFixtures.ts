/** Staff-side test data shaped by the contracts; masked values come from the domain's own masking. */
import {
  maskIdNumber,
  maskPhone,
  type QueueItemDetailOf,
  type QueueItemView,
  type QueueKind,
  type RequestView,
  type StaffProfile,
} from '../../domain';
import { ADULT_ID, CHILD_ID } from '../../test/fixtures';

export const grid1 = { id: 'g-1', name: '第一网格', level: 'grid' as const };
export const community = { id: 'c-1', name: '祥云社区', level: 'community' as const };

export const workerProfile: StaffProfile = { staffId: 'st-1', name: '李网格', role: 'worker', scope: [grid1] };
export const adminProfile: StaffProfile = { staffId: 'st-9', name: '王书记', role: 'admin', scope: [community] };

export const PHONE = '13812345678';

export function queueItem(n: number, overrides: Partial<QueueItemView> = {}): QueueItemView {
  return {
    itemId: `qi-${n}`,
    kind: 'verify_report',
    refId: `r-${n}`,
    title: `报备核实 ${n}`,
    summary: `祥云一区 3号楼 1单元 ${100 + n} · 3人`,
    priority: 'normal',
    status: 'open',
    // 02:00 UTC is 10:00 in Shanghai
    dueAt: new Date(Date.UTC(2026, 10, 21, 2, n % 60)).toISOString(),
    overdue: false,
    assigned: false,
    createdAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

export function counts(c: Partial<Record<QueueKind, number>> = {}): Record<QueueKind, number> {
  return { verify_report: 0, request: 0, checkin_alert: 0, household_conflict: 0, batch_row: 0, ...c };
}

export function reportDetail(overrides: Partial<QueueItemDetailOf<'verify_report'>> = {}): QueueItemDetailOf<'verify_report'> {
  return {
    kind: 'verify_report',
    item: queueItem(1, { itemId: 'qi-r', refId: 'r-1', title: '报备核实 张伟家' }),
    report: {
      reportId: 'r-1',
      householdId: 'h-1',
      communityName: '祥云社区',
      gridName: '第一网格',
      address: '祥云一区 3号楼 1单元 101',
      category: 'returning',
      members: [
        {
          personId: 'p-1',
          name: '张伟',
          relation: 'self',
          idType: 'id_card',
          idMasked: maskIdNumber('id_card', ADULT_ID),
          phoneMasked: maskPhone(PHONE),
          health: { temperature: 36.5, symptoms: [], healthCode: 'green' },
        },
        { personId: 'p-2', name: '张小明', relation: 'child', idType: 'id_card', idMasked: maskIdNumber('id_card', CHILD_ID) },
      ],
      travel: { fromRegion: ['湖北省', '武汉市', '江汉区'], arrivalDate: '2026-11-18', transport: 'train', transportNo: 'G1234' },
      status: 'submitted',
      createdAt: '2026-11-20T02:00:00.000Z',
    },
    persons: [
      { personId: 'p-1', name: '张伟', idMasked: maskIdNumber('id_card', ADULT_ID), phoneMasked: maskPhone(PHONE), status: 'normal' },
      { personId: 'p-2', name: '张小明', idMasked: maskIdNumber('id_card', CHILD_ID), status: 'normal' },
    ],
    actions: ['verify'],
    ...overrides,
  };
}

export function requestViewOf(overrides: Partial<RequestView> = {}): RequestView {
  return {
    requestId: 'rq-1',
    kind: 'supplies',
    urgency: 'urgent',
    status: 'submitted',
    personId: 'p-1',
    personName: '张伟',
    address: '祥云一区 3号楼 1单元 101',
    details: {
      kind: 'supplies',
      items: [
        { name: '大米', quantity: 2, unit: '袋' },
        { name: '鸡蛋', quantity: 30, unit: '个' },
      ],
    },
    timeline: [{ action: 'submit', to: 'submitted', actorKind: 'owner', actorName: '张伟', at: '2026-11-20T02:00:00.000Z' }],
    canCancel: true,
    dueAt: '2026-11-20T03:00:00.000Z',
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

export function requestDetail(
  request: Partial<RequestView> = {},
  overrides: Partial<QueueItemDetailOf<'request'>> = {},
): QueueItemDetailOf<'request'> {
  const r = requestViewOf(request);
  return {
    kind: 'request',
    item: queueItem(2, { itemId: 'qi-q', kind: 'request', refId: r.requestId, title: '生活物资代购', priority: r.urgency }),
    request: r,
    persons: [{ personId: 'p-1', name: '张伟', idMasked: maskIdNumber('id_card', ADULT_ID), phoneMasked: maskPhone(PHONE), status: 'normal' }],
    actions: ['accept', 'reject', 'escalate'],
    ...overrides,
  };
}
