import '@testing-library/jest-dom';
import { render, screen, waitFor } from '@testing-library/react';
import { type QueueItemView } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import QueuePage from './index';
import { queueListParams } from './useQueueList';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const item = (n: number, status: 'open' | 'in_progress'): QueueItemView => ({
  itemId: `q${n}`,
  kind: 'request',
  refId: `r${n}`,
  title: `求助 ${n}`,
  summary: '代购',
  priority: 'urgent',
  status,
  dueAt: '2026-12-01T01:00:00.000Z',
  overdue: true,
  assigned: status === 'in_progress',
  createdAt: '2026-12-01T00:00:00.000Z',
  personName: `居民${n}`,
});

describe('the queue under a dashboard link', () => {
  it('lists both statuses that still need someone, under the link’s filter', async () => {
    resetTaro({ overdue: '1', placeId: 'g2', title: '逾期事项 · 第二网格' });
    const calls = stubCloud({
      'staff.queue': (p: { status: string }) =>
        ok({
          items: p.status === 'open' ? [item(1, 'open')] : [item(2, 'in_progress')],
          nextCursor: null,
          counts: { verify_report: 0, request: 1, checkin_alert: 0, household_conflict: 0 },
        }),
    });
    render(<QueuePage />);
    expect(await screen.findByText('居民1')).toBeInTheDocument();
    expect(await screen.findByText('居民2')).toBeInTheDocument();
    expect(screen.getByText('已全部显示（2项）')).toBeInTheDocument();
    expect(calls.map((c) => c.payload)).toEqual([
      { status: 'open', cursor: null, placeId: 'g2', overdue: true },
      { status: 'in_progress', cursor: null, placeId: 'g2', overdue: true },
    ]);
  });

  it('without a filter it forwards to the 工作台 tab', async () => {
    resetTaro();
    render(<QueuePage />);
    await waitFor(() => expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/workbench/index' }));
  });

  it('reads only the filters it knows', () => {
    expect(queueListParams({ kind: 'nope', priority: 'urgent', status: 'closed' })).toEqual({
      priority: 'urgent',
      overdue: false,
      placeId: undefined,
      kind: undefined,
      status: undefined,
      title: undefined,
    });
    expect(queueListParams({ stamp: '1' })).toBeNull();
  });
});
