/** A dashboard as the function answers it, for the page tests (jsdom and the weapp build). */
import { emptyFigures, PASS_KINDS, QUEUE_KINDS, type DashboardView, type Figure, type GridRow } from '../../../domain';

const q = (value: number, extra: Record<string, unknown> = {}): Figure => ({ value, link: { list: 'queue', ...extra } });

export function gridRow(n: number, over: Partial<GridRow> = {}): GridRow {
  return {
    placeId: `g${n}`,
    name: `第${n}网格`,
    households: 10 * n,
    persons: 30 * n,
    isolated: n,
    monitored: 0,
    open: 0,
    overdue: 0,
    fever: 0,
    missing: 0,
    checkinsDone: 0,
    behind: [],
    ...over,
  };
}

export function dashboardView(over: Partial<DashboardView> = {}): DashboardView {
  const f = emptyFigures();
  return {
    date: '2026-12-01',
    at: '2026-12-01T03:00:00.000Z',
    scope: [{ id: 'c1', name: '祥云社区', level: 'community' }],
    exceptions: {
      overdue: q(7, { overdue: true }),
      missing: q(2, { kind: 'checkin_alert', priority: 'normal' }),
      fever: q(1, { kind: 'checkin_alert', priority: 'urgent' }),
      emergency: q(0, { priority: 'emergency', overdue: true }),
      batchOverdue: q(3, { kind: 'batch_row', overdue: true }),
      unplaced: { value: 5, link: { list: 'unplaced', placeId: 'c1' } },
      oldest: {
        itemId: 'q1',
        title: '报备核实 · 祥云一区 1号楼 1单元 101',
        createdAt: '2026-12-01T01:00:00.000Z',
        dueAt: '2026-12-01T02:00:00.000Z',
        overdue: true,
      },
    },
    today: {
      isolated: { value: 4, link: { list: 'roster', date: '2026-12-01' } },
      monitored: { value: 0, link: { list: 'roster', date: '2026-12-01' } },
      checkins: { done: { value: 3, link: { list: 'roster' } }, fever: q(1), missing: q(2) },
      open: Object.fromEntries(QUEUE_KINDS.map((k) => [k, q(1, { kind: k })])) as DashboardView['today']['open'],
      openTotal: q(4),
      openedToday: 5,
      closedToday: 1,
      requestsOpen: { submitted: q(1, { kind: 'request' }), accepted: q(0), in_progress: q(0), escalated: q(0) },
    },
    filed: {
      households: 8,
      persons: 16,
      byCategory: { ...f.personsByCategory, returning: 8, home_isolation: 8 },
      asOf: '2026-12-01T03:00:00.000Z',
    },
    requests: { days: 14, byKind: f.requests.byKind, byStatus: f.requests.byStatus, response: [] },
    batch: {
      byPass: Object.fromEntries(
        PASS_KINDS.map((stage, i) => [stage, { value: 10 - 3 * i, link: { list: 'batchRows', stage } }]),
      ) as DashboardView['batch']['byPass'],
      open: q(22, { kind: 'batch_row' }),
      closed: 6,
    },
    grids: {
      // the function's first page, worst first
      rows: [gridRow(1, { overdue: 4, behind: ['逾期4项'] }), gridRow(3, { missing: 2, behind: ['未打卡2人次'] }), gridRow(2, { open: 9 })],
      total: 3,
      sort: { by: 'behind', ascending: false },
      nextCursor: null,
      asOf: '2026-12-01T03:00:00.000Z',
    },
    trend: [],
    ...over,
  };
}
